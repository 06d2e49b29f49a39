import { specOf } from './explain/explainer';
import { Entry, MeshIndex, fqdn, isKind } from './mesh-index';
import { ChangeWarning, ResourceChange } from './model';
import { arr, isObj, obj } from '../../vocab/json';

/** A destination with a subset that a VirtualService routes (or mirrors) to. */
interface SubsetRoute {
  /** The host as Istio resolves it in the VirtualService's namespace. */
  readonly host: string;
  readonly subset: string;
  /** Field path of the destination. */
  readonly path: string;
}

function subsetRoutes(vs: Entry): SubsetRoute[] {
  const spec = specOf(vs.object);
  const out: SubsetRoute[] = [];
  const add = (destination: unknown, path: string) => {
    const d = obj(destination);
    if (typeof d.host === 'string' && typeof d.subset === 'string' && d.subset !== '') out.push({ host: fqdn(d.host, vs.namespace), subset: d.subset, path });
  };
  for (const list of ['http', 'tls', 'tcp']) {
    arr(spec[list]).forEach((route, i) => {
      if (!isObj(route)) return;
      arr(route.route).forEach((r, k) => add(obj(r).destination, `spec.${list}[${i}].route[${k}].destination.subset`));
      add(route.mirror, `spec.${list}[${i}].mirror.subset`);
      arr(route.mirrors).forEach((m, k) => add(obj(m).destination, `spec.${list}[${i}].mirrors[${k}].destination.subset`));
    });
  }
  return out;
}

const isVirtualService = (e: Entry) => isKind(e.object, 'networking.istio.io', 'VirtualService');
const isDestinationRule = (e: Entry) => isKind(e.object, 'networking.istio.io', 'DestinationRule');

/**
 * Warns about routes to a subset that no DestinationRule in NEW defines (requests to it fail with
 * 503), when the change causes it: on a changed or added VirtualService whose route is new or whose
 * subset OLD defined; on a changed or removed DestinationRule that dropped a subset an unchanged
 * VirtualService still routes to. Only the changed resources are walked; unchanged ones are looked
 * up by host.
 */
export function checkRoutedSubsets(
  oldIndex: MeshIndex, newIndex: MeshIndex, changes: ReadonlyMap<string, ResourceChange>, warn: (id: string, warning: ChangeWarning) => void,
): void {
  for (const vs of newIndex.entries.values()) {
    if (!isVirtualService(vs) || !changes.has(vs.id)) continue;
    const oldVs = oldIndex.entries.get(vs.id);
    const oldRoutes = new Set(oldVs ? subsetRoutes(oldVs).map((r) => `${r.host} ${r.subset}`) : []);
    for (const route of subsetRoutes(vs)) {
      if (newIndex.subsetsOf(route.host).has(route.subset)) continue;
      // Broken in OLD already (same route, subset undefined there too): not this change's doing.
      if (oldRoutes.has(`${route.host} ${route.subset}`) && !oldIndex.subsetsOf(route.host).has(route.subset)) continue;
      warn(vs.id, {
        code: 'CIS7001',
        path: route.path,
        message: `routes to subset \`${route.subset}\` of ${route.host} that no DestinationRule in NEW defines: those requests fail (503)`,
      });
    }
  }

  const lost = new Map<string, { host: string; subset: string; rules: Entry[] }>();
  for (const dr of oldIndex.entries.values()) {
    if (!isDestinationRule(dr) || !changes.has(dr.id) || typeof specOf(dr.object).host !== 'string') continue;
    const host = fqdn(String(specOf(dr.object).host), dr.namespace);
    for (const s of arr(specOf(dr.object).subsets)) {
      if (!isObj(s) || typeof s.name !== 'string' || newIndex.subsetsOf(host).has(s.name)) continue;
      const key = `${host} ${s.name}`;
      const entry = lost.get(key) ?? { host, subset: s.name, rules: [] };
      entry.rules.push(dr);
      lost.set(key, entry);
    }
  }
  for (const { host, subset, rules } of lost.values()) {
    for (const vs of newIndex.virtualServicesRoutingTo(host)) {
      if (changes.has(vs.id) || !subsetRoutes(vs).some((r) => r.host === host && r.subset === subset)) continue;
      for (const dr of rules) {
        warn(dr.id, {
          code: 'CIS7001',
          path: 'spec.subsets',
          message: `subset \`${subset}\` of ${host} is gone, but VirtualService ${vs.namespace}/${String(vs.object.metadata?.name)} still routes to it: those requests fail (503)`,
        });
      }
    }
  }
}
