import { obj, objs, strMap, strs } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView } from '../context';
import { selectorMatches, selectorString } from '../labels';
import { podInAmbientMode, podInMesh } from '../mesh';

/** Istio's namespace pattern match for `source.namespaces`: `*`, `prefix*`, `*suffix` or exact (case-insensitive). */
function namespaceMatches(ns: string, exp: string): boolean {
  if (exp === '*') return true;
  if (exp.startsWith('*')) return ns.endsWith(exp.slice(1));
  if (exp.endsWith('*')) return ns.startsWith(exp.slice(0, -1));
  return ns.toLowerCase() === exp.toLowerCase();
}

/**
 * IST0127 when an AuthorizationPolicy selects no workload in the mesh, IST0101 when it names a namespace
 * that does not exist (Istio's `auth.AuthorizationPoliciesAnalyzer`). Each runs when the analyzed set defines
 * what it needs: workloads, respectively Namespace objects. In an open world, a selector is checked only in a
 * namespace where the set defines workloads (never in the root namespace, whose policies select mesh-wide), and
 * source namespaces are not checked.
 */
export const authorizationPoliciesAnalyzer: Analyzer = {
  name: 'auth.AuthorizationPoliciesAnalyzer',
  description: 'Checks the validity of authorization policies',
  codes: ['IST0101', 'IST0127'],
  analyze(ctx: AnalysisContext): void {
    if (ctx.list(GK.AuthorizationPolicy).length === 0) return;
    const meshPods = new Map<string, PodView[]>();
    const allMeshPods: PodView[] = [];
    if (ctx.hasWorkloads) {
      for (const pod of ctx.pods) {
        if (podInMesh(ctx, pod) || podInAmbientMode(ctx, pod)) {
          addTo(meshPods, pod.namespace, pod);
          allMeshPods.push(pod);
        }
      }
    }
    const namespaces = ctx.list(GK.Namespace).map((n) => n.name);
    const exactNamespaces = new Set(namespaces.map((n) => n.toLowerCase()));
    for (const ap of ctx.list(GK.AuthorizationPolicy)) {
      // In an open world, the workloads of a namespace where the set defines none, or of the whole mesh, may be outside it.
      const checkWorkloads = ctx.assumeCompleteMesh || (ap.namespace !== ctx.rootNamespace && ctx.reportsMissing('Workload', ap.namespace));
      if (ctx.hasWorkloads && checkWorkloads) {
        const hasSelector = ap.spec.selector !== undefined && ap.spec.selector !== null;
        const selector = strMap(obj(ap.spec.selector).matchLabels);
        const hint = 'No workload in the mesh has these labels: fix the selector, or deploy the workload.';
        if (ap.namespace === ctx.rootNamespace) {
          if (hasSelector && !allMeshPods.some((p) => selectorMatches(selector, p.labels))) {
            ctx.report(ap, 'IST0127', [selectorString(selector)], 'spec.selector', hint);
          }
        } else if (!hasSelector) {
          if ((meshPods.get(ap.namespace) ?? []).length === 0) ctx.report(ap, 'IST0127', [''], '', hint);
        } else if (!(meshPods.get(ap.namespace) ?? []).some((p) => selectorMatches(selector, p.labels))) {
          ctx.report(ap, 'IST0127', [selectorString(selector)], 'spec.selector', hint);
        }
      }
      if (!ctx.hasNamespaces || !ctx.assumeCompleteMesh) continue;
      for (const [rule, i] of objs(ap.spec.rules)) {
        for (const [from, j] of objs(rule.from)) {
          const source = obj(from.source);
          for (const field of ['namespaces', 'notNamespaces']) {
            strs(source[field]).forEach((exp, k) => {
              const found = exp.includes('*') ? namespaces.some((n) => namespaceMatches(n, exp)) : exactNamespaces.has(exp.toLowerCase());
              if (!found) ctx.report(ap, 'IST0101', ['namespace', exp], `spec.rules[${i}].from[${j}].source.${field}[${k}]`);
            });
          }
        }
      }
    }
  },
};
