import type { UnchangedPool } from './documents';
import { Entry } from './entry';
import { apiGroup } from './identity';
import { arr, isObj, obj } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { KubeObject } from '../../vocab/object';

export { Entry, makeEntry } from './entry';

/** Istio's root namespace: policies there without a selector apply to the whole mesh. */
export const ROOT_NAMESPACE = 'istio-system';

const DESTINATION_RULE = 'networking.istio.io/DestinationRule';
const VIRTUAL_SERVICE = 'networking.istio.io/VirtualService';

/** A host as Istio resolves it in a namespace: short names (no dot) become `name.namespace.svc.cluster.local`. */
export function fqdn(host: string, namespace: string): string {
  return host.includes('.') || host.includes('*') ? host : `${host}.${namespace}.svc.cluster.local`;
}

/** Whether an object is of an Istio kind, whatever the API version. */
export function isKind(object: KubeObject, group: string, kind: string): boolean {
  return object.kind === kind && apiGroup(object.apiVersion) === group;
}

function groupKindOf(entry: Entry): string {
  return `${apiGroup(entry.object.apiVersion)}/${entry.object.kind}`;
}

/** The hosts (FQDN) a VirtualService routes or mirrors to. */
export function routedHosts(vs: Entry): Set<string> {
  const spec = obj(vs.object.spec);
  const hosts = new Set<string>();
  const add = (d: unknown) => {
    const host = obj(d).host;
    if (typeof host === 'string') hosts.add(fqdn(host, vs.namespace));
  };
  for (const list of ['http', 'tls', 'tcp']) {
    for (const route of arr(spec[list]).filter(isObj)) {
      for (const r of arr(route.route)) add(obj(r).destination);
      add(route.mirror);
      for (const m of arr(route.mirrors)) add(obj(m).destination);
    }
  }
  return hosts;
}

/**
 * The resources of one side: those parsed for the comparison (`entries`, by identity) and, through
 * the pool, those identical in both sides, parsed only when a lookup needs them. Lookups build
 * their index once.
 */
export class MeshIndex {
  private readonly subsets = new Map<string, Map<string, Entry[]>>();
  private readonly byKindNamespace = new Map<string, Entry[]>();
  private sideByKind?: Map<string, Entry[]>;
  private sideDestinationRules?: Map<string, Entry[]>;
  private sideVirtualServices?: Map<string, Entry[]>;

  /**
   * @param entries the resources of this side that are compared, by identity
   * @param pool the resources identical in both sides
   */
  public constructor(public readonly entries: ReadonlyMap<string, Entry>, private readonly pool?: UnchangedPool) {}

  /** The subsets DestinationRules define for a host (FQDN), each with the rules defining it. */
  public subsetsOf(host: string): ReadonlyMap<string, Entry[]> {
    let names = this.subsets.get(host);
    if (!names) {
      names = new Map();
      if (!this.sideDestinationRules) {
        this.sideDestinationRules = new Map();
        for (const e of this.ofSide(DESTINATION_RULE)) {
          const h = obj(e.object.spec).host;
          if (typeof h === 'string') addTo(this.sideDestinationRules, fqdn(h, e.namespace), e);
        }
      }
      const pooled = (this.pool?.mentioningHost('DestinationRule', host) ?? [])
        .filter((e) => groupKindOf(e) === DESTINATION_RULE && typeof obj(e.object.spec).host === 'string' && fqdn(String(obj(e.object.spec).host), e.namespace) === host);
      for (const e of [...(this.sideDestinationRules.get(host) ?? []), ...pooled]) {
        for (const s of arr(obj(e.object.spec).subsets)) {
          if (isObj(s) && typeof s.name === 'string') addTo(names, s.name, e);
        }
      }
      this.subsets.set(host, names);
    }
    return names;
  }

  /** The VirtualServices that route or mirror to a host (FQDN). */
  public virtualServicesRoutingTo(host: string): Entry[] {
    if (!this.sideVirtualServices) {
      this.sideVirtualServices = new Map();
      for (const e of this.ofSide(VIRTUAL_SERVICE)) for (const h of routedHosts(e)) addTo(this.sideVirtualServices, h, e);
    }
    const pooled = (this.pool?.mentioningHost('VirtualService', host) ?? []).filter((e) => groupKindOf(e) === VIRTUAL_SERVICE && routedHosts(e).has(host));
    return [...(this.sideVirtualServices.get(host) ?? []), ...pooled];
  }

  /** Objects of one kind (`group/Kind`) in a namespace. */
  public inNamespace(groupKind: string, namespace: string): readonly Entry[] {
    const key = `${groupKind} ${namespace}`;
    let found = this.byKindNamespace.get(key);
    if (!found) {
      const kind = groupKind.slice(groupKind.lastIndexOf('/') + 1);
      const pooled = this.pool?.ofKind(kind, namespace === 'default' ? [] : [namespace]) ?? [];
      found = [...this.ofSide(groupKind), ...pooled].filter((e) => e.namespace === namespace && groupKindOf(e) === groupKind);
      this.byKindNamespace.set(key, found);
    }
    return found;
  }

  /** This side's compared resources of one kind. */
  private ofSide(groupKind: string): Entry[] {
    if (!this.sideByKind) {
      this.sideByKind = new Map();
      for (const e of this.entries.values()) addTo(this.sideByKind, groupKindOf(e), e);
    }
    return this.sideByKind.get(groupKind) ?? [];
  }
}
