import { arr, isObj, JsonObject, obj } from '../../../vocab/json';
import { deepEqual } from '../compare';
import { Entry } from '../mesh-index';
import { ChangeDetail, ChangeWarning } from '../model';
import { code, show, showLabels } from '../show';
import { structuralDiff } from '../structural';
import { Explanation, KindExplainer, specOf } from './explainer';

/** TLS modes that protect traffic to the host; going from one of them to DISABLE sends plaintext. */
const PROTECTING_TLS = new Set(['ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE']);

function subsetsByName(spec: JsonObject): Map<string, JsonObject> {
  return new Map(arr(spec.subsets).filter(isObj).map((s) => [String(s.name), s]));
}

function subsetText(subset: JsonObject): string {
  return `${code(subset.name)} (${showLabels(subset.labels, 'no labels')})`;
}

function tlsDowngrade(before: unknown, after: unknown, where: string, path: string, warnings: ChangeWarning[]): void {
  const [o, n] = [obj(obj(before).tls).mode, obj(obj(after).tls).mode];
  if (typeof o === 'string' && PROTECTING_TLS.has(o) && n === 'DISABLE') {
    warnings.push({
      code: 'CIS7006',
      path: `${path}.tls.mode`,
      message: `client TLS to ${where} goes from ${o} to DISABLE: the sidecars now send plaintext`,
    });
  }
}

function compareSubsets(o: JsonObject, n: JsonObject, out: Explanation): void {
  const [oldSubsets, newSubsets] = [subsetsByName(o), subsetsByName(n)];
  const details: ChangeDetail[] = out.details;
  for (const [name, s] of newSubsets) {
    const path = `spec.subsets[name=${name}]`;
    const prev = oldSubsets.get(name);
    if (!prev) {
      details.push({ path, message: `subset ${subsetText(s)} added`, after: s });
      continue;
    }
    if (!deepEqual(prev.labels, s.labels)) {
      details.push({ path: `${path}.labels`, message: `subset ${code(name)} labels: ${showLabels(prev.labels)} → ${showLabels(s.labels)}`, before: prev.labels, after: s.labels });
    }
    structuralDiff(prev, s, path, details, { skip: new Set(['labels']), scalarListsAreSets: true });
    tlsDowngrade(prev.trafficPolicy, s.trafficPolicy, `subset ${name} of ${show(n.host)}`, `${path}.trafficPolicy`, out.warnings);
  }
  for (const [name, s] of oldSubsets) {
    if (!newSubsets.has(name)) details.push({ path: `spec.subsets[name=${name}]`, message: `subset ${subsetText(s)} removed`, before: s });
  }
}

function describe(entry: Entry, out: Explanation, verb: string): void {
  const spec = specOf(entry.object);
  const subsets = arr(spec.subsets).filter(isObj);
  out.details.push({
    path: 'spec.subsets',
    message: `${verb} ${subsets.length === 0 ? 'no subsets' : `subsets ${subsets.map(subsetText).join(', ')}`} for host ${show(spec.host)}`,
  });
}

/** DestinationRule: subsets added, removed or relabelled; TLS downgrades; the rest per field. */
export const destinationRuleExplainer: KindExplainer = {
  groupKind: 'networking.istio.io/DestinationRule',
  specKeys: ['subsets'],
  changed(before, after, out) {
    const [o, n] = [specOf(before.object), specOf(after.object)];
    compareSubsets(o, n, out);
    tlsDowngrade(o.trafficPolicy, n.trafficPolicy, `host ${show(n.host)}`, 'spec.trafficPolicy', out.warnings);
  },
  added(after, out) {
    describe(after, out, 'defines');
  },
  removed(before, out) {
    describe(before, out, 'defined');
  },
};
