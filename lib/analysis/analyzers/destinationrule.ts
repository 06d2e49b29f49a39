import { Severity } from '../../vocab/finding';
import { obj, objs, str, strMap, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView } from '../context';
import { resourceNameFromHost } from '../hosts';
import { selectorMatches } from '../labels';

/** IST0128/IST0129 when TLS to a destination verifies no server certificate (Istio's `destinationrule.CaCertificateAnalyzer`). */
export const caCertificateAnalyzer: Analyzer = {
  name: 'destinationrule.CaCertificateAnalyzer',
  description: 'Checks if caCertificates is set when TLS mode is SIMPLE/MUTUAL',
  codes: ['IST0128', 'IST0129'],
  analyze(ctx: AnalysisContext): void {
    for (const dr of ctx.list(GK.DestinationRule)) {
      const host = str(dr.spec.host);
      const hasSelector = dr.spec.workloadSelector !== undefined && dr.spec.workloadSelector !== null;
      const unverified = (tls: Record<string, unknown>): string => {
        const mode = str(tls.mode);
        if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return '';
        if (str(tls.caCertificates) || (str(tls.credentialName) && hasSelector)) return '';
        return mode;
      };
      const policy = obj(dr.spec.trafficPolicy);
      const mode = unverified(obj(policy.tls));
      if (mode) {
        ctx.report(dr, 'IST0128', [dr.fullName, dr.namespace, mode, host], 'spec.trafficPolicy.tls',
          'Set caCertificates (or use credentialName with a workloadSelector) so that the server certificate is verified.');
      }
      for (const [setting, i] of objs(policy.portLevelSettings)) {
        const portMode = unverified(obj(setting.tls));
        if (portMode) {
          ctx.report(dr, 'IST0129', [dr.fullName, dr.namespace, portMode, host, `number:${Number(obj(setting.port).number) || 0}`],
            `spec.trafficPolicy.portLevelSettings[${i}].tls`,
            'Set caCertificates (or use credentialName with a workloadSelector) so that the server certificate is verified.');
        }
      }
    }
  },
};

/** A pod's labels plus the topology labels Istio adds from its node (`AugmentLabels`). */
function augmentedLabels(ctx: AnalysisContext, pod: PodView): Record<string, string> {
  const nodeName = str(pod.spec.nodeName);
  if (!nodeName) return { ...pod.labels };
  const out: Record<string, string> = { ...pod.labels };
  const node = ctx.find(GK.Node, '', nodeName);
  if (node) {
    const region = node.labels['topology.kubernetes.io/region'] ?? '';
    const zone = node.labels['topology.kubernetes.io/zone'] ?? '';
    const subzone = node.labels['topology.istio.io/subzone'] ?? '';
    // Istio goes through its locality string, which drops a subzone without a zone.
    if (region) out['topology.kubernetes.io/region'] = region;
    if (zone) {
      out['topology.kubernetes.io/zone'] = zone;
      if (subzone) out['topology.istio.io/subzone'] = subzone;
    }
  }
  out['kubernetes.io/hostname'] = nodeName;
  return out;
}

/**
 * IST0174 when a DestinationRule's host matches no Service or ServiceEntry, and IST0173 when one of its
 * subsets selects no pod (Istio's `destinationrule.SubsetSelectPodAnalyzer`). Runs when the analyzed set
 * defines Services (and, for subsets, workloads), as the analyzers need them. An empty subset is an error
 * (Istio's severity) when a VirtualService routes to it, and a warning when nothing does: it is then dead
 * configuration (e.g. the versions of a shared DestinationRule that this app does not deploy), not a 503.
 */
export const subsetSelectPodAnalyzer: Analyzer = {
  name: 'destinationrule.SubsetSelectPodAnalyzer',
  description: 'Checks if pods are selected by subsets in destination rules.',
  codes: ['IST0173', 'IST0174'],
  analyze(ctx: AnalysisContext): void {
    if (!ctx.hasServices) return;
    // Subsets some route uses (namespace/name/subset of the host): an empty one of those is a 503, the others only dead config.
    const routed = new Set<string>();
    for (const vs of ctx.list(GK.VirtualService)) {
      for (const section of ['http', 'tcp', 'tls']) {
        for (const [rule] of objs(vs.spec[section])) {
          for (const [route] of objs(rule.route)) {
            const d = obj(route.destination);
            const n = resourceNameFromHost(vs.namespace, str(d.host));
            if (str(d.subset)) routed.add(`${n.namespace}/${n.name}/${str(d.subset)}`);
          }
        }
      }
    }
    let podLabels: Array<Record<string, string>> | undefined;
    for (const dr of ctx.list(GK.DestinationRule)) {
      const host = str(dr.spec.host);
      const entry = ctx.destinationHost(dr.namespace, strs(dr.spec.exportTo), host);
      if (!entry) {
        if (!ctx.reportsMissingHost(dr.namespace, host)) continue;
        ctx.report(dr, 'IST0174', [host], 'spec.host', 'Define a Service or ServiceEntry for this host, or fix the host name.');
        continue;
      }
      // The subset's pods are those of the host's Service or ServiceEntry: looked for where the set defines workloads.
      if (!ctx.hasWorkloads || !ctx.reportsMissing('Workload', entry.source.namespace)) continue;
      for (const [subset, i] of objs(dr.spec.subsets)) {
        const selector = { ...entry.workloadSelector, ...strMap(subset.labels) };
        let matched = ctx.anyPodMatches(selector);
        if (!matched && Object.keys(selector).some((k) => k.startsWith('topology.') || k === 'kubernetes.io/hostname')) {
          podLabels ??= ctx.pods.map((p) => augmentedLabels(ctx, p));
          matched = podLabels.some((labels) => selectorMatches(selector, labels));
        }
        if (!matched) {
          const n = resourceNameFromHost(dr.namespace, host);
          const isRouted = routed.has(`${n.namespace}/${n.name}/${str(subset.name)}`);
          ctx.report(dr, 'IST0173', [str(subset.name)], `spec.subsets[${i}].labels`,
            'No pod or workload template has these labels: fix the labels, or deploy the version this subset stands for.',
            isRouted ? Severity.ERROR : Severity.WARNING);
        }
      }
    }
  },
};
