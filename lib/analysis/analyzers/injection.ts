import { arr, isObj, obj, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';
import { hasIstioProxy } from '../mesh';

function enableNamespacesByDefault(ctx: AnalysisContext, revision: string): boolean {
  const name = !revision || revision === 'default' ? 'istio-sidecar-injector' : `istio-sidecar-injector-${revision}`;
  const cm = ctx.list(GK.ConfigMap).find((c) => c.name === name);
  if (!cm) return false;
  try {
    const values = JSON.parse(str(obj(cm.object.data).values));
    return obj(obj(values).sidecarInjectorWebhook).enableNamespacesByDefault === true;
  } catch {
    return false;
  }
}

/**
 * IST0102 for a namespace not in the mesh, IST0123 for conflicting injection labels, IST0148 when injection is
 * on by default, IST0103 for a pod of an injected namespace without proxy (Istio's `injection.Analyzer`).
 */
export const injectionAnalyzer: Analyzer = {
  name: 'injection.Analyzer',
  description: 'Checks conditions related to Istio sidecar injection',
  codes: ['IST0102', 'IST0103', 'IST0123', 'IST0148'],
  analyze(ctx: AnalysisContext): void {
    const injected = new Set<string>();
    for (const ns of ctx.list(GK.Namespace)) {
      if (ns.name === 'istio-system') continue;
      const injection = ns.labels['istio-injection'];
      const revision = ns.labels['istio.io/rev'];
      const labels: string[] = [];
      if (injection !== undefined) labels.push(`istio-injection=${injection}`);
      for (const l of ['istio.io/rev', 'istio.io/dataplane-mode']) {
        if (ns.labels[l] !== undefined && (injection === undefined || injection === 'enabled')) labels.push(`${l}=${ns.labels[l]}`);
      }
      if (labels.length > 1) ctx.report(ns, 'IST0123', [labels], 'metadata.labels', 'Keep one of these labels.');
      if (ns.labels['istio.io/dataplane-mode'] === 'ambient') continue;
      if (!injection && revision === undefined) {
        if (enableNamespacesByDefault(ctx, revision ?? '')) {
          ctx.report(ns, 'IST0148', [], 'metadata.labels');
        } else {
          ctx.report(ns, 'IST0102', [ns.name, ns.name], 'metadata.labels',
            "Label the namespace 'istio-injection: enabled' (or 'istio.io/dataplane-mode: ambient') to bring its workloads into the mesh.");
        }
        continue;
      }
      if (injection === 'enabled') injected.add(ns.name);
    }
    for (const pod of ctx.pods) {
      if (pod.fromTemplate || pod.source.synthetic || !injected.has(pod.namespace)) continue;
      const inject = pod.labels['sidecar.istio.io/inject'] ?? pod.annotations['sidecar.istio.io/inject'] ?? '';
      if (inject.toLowerCase() === 'false' || pod.spec.hostNetwork === true) continue;
      const containers = [...arr(pod.spec.containers), ...arr(pod.spec.initContainers)].filter(isObj);
      if (!hasIstioProxy(containers)) ctx.report(pod.source, 'IST0103', [pod.fullName], 'spec.containers');
    }
  },
};
