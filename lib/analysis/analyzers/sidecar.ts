import { obj, strMap } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView, Resource } from '../context';
import { selectorString } from '../labels';
import { namespaceInAmbientMode, podInAmbientMode } from '../mesh';

/**
 * IST0101 when a Sidecar's workload selector matches no pod, IST0110/IST0111 when Sidecars overlap, IST0167
 * when they apply to ambient workloads (Istio's `sidecar.SelectorAnalyzer`).
 */
export const sidecarSelectorAnalyzer: Analyzer = {
  name: 'sidecar.SelectorAnalyzer',
  description: 'Validates that sidecars that define a workload selector match at least one pod, and that there aren\'t multiple sidecar resources that select overlapping pods',
  codes: ['IST0101', 'IST0110', 'IST0111', 'IST0167'],
  analyze(ctx: AnalysisContext): void {
    const podsToSidecars = new Map<PodView, Resource[]>();
    const namespaceWide = new Map<string, Resource[]>();
    for (const sc of ctx.list(GK.Sidecar)) {
      const labels = strMap(obj(sc.spec.workloadSelector).labels);
      if (Object.keys(labels).length === 0) {
        addTo(namespaceWide, sc.namespace, sc);
        continue;
      }
      const pods = ctx.podsMatching(labels, sc.namespace);
      // Like istioctl on files, a selector is only checked against workloads when the set defines some.
      if (pods.length === 0 && ctx.hasWorkloads && ctx.reportsMissing('Workload', sc.namespace)) {
        ctx.report(sc, 'IST0101', ['selector', selectorString(labels)], 'spec.workloadSelector.labels',
          'No pod or workload template in this namespace has these labels.');
      }
      for (const p of pods) addTo(podsToSidecars, p, sc);
    }
    const reported = new Set<Resource>();
    for (const [pod, sidecars] of podsToSidecars) {
      const ambient = podInAmbientMode(ctx, pod);
      if (sidecars.length === 1 && !ambient) continue;
      const names = sidecars.map((s) => s.name).sort();
      for (const sc of sidecars) {
        if (ambient) {
          if (!reported.has(sc)) ctx.report(sc, 'IST0167', ['selected workload is in ambient mode, the policy has no impact'], 'spec.workloadSelector');
          reported.add(sc);
          continue;
        }
        ctx.report(sc, 'IST0110', [names, pod.namespace, pod.name], 'spec.workloadSelector');
      }
    }
    for (const [ns, sidecars] of namespaceWide) {
      if (namespaceInAmbientMode(ctx.namespaceObject(ns))) {
        for (const sc of sidecars) {
          if (!reported.has(sc)) ctx.report(sc, 'IST0167', ['namespace is in ambient mode, the policy has no impact'], '');
          reported.add(sc);
        }
        continue;
      }
      if (sidecars.length > 1) {
        const names = sidecars.map((s) => s.name).sort();
        for (const sc of sidecars) ctx.report(sc, 'IST0111', [names, ns], '', 'Keep one Sidecar without workloadSelector per namespace.');
      }
    }
  },
};
