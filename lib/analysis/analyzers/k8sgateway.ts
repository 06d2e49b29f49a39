import { obj, strMap } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView } from '../context';

const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** IST0166 when a policy selects the pods of a Kubernetes Gateway by labels instead of targetRef (Istio's `k8sgateway.SelectorAnalyzer`). */
export const k8sGatewaySelectorAnalyzer: Analyzer = {
  name: 'k8sgateway.SelectorAnalyzer',
  description: 'Check that selectors are effective for Kubernetes gateway',
  codes: ['IST0166'],
  analyze(ctx: AnalysisContext): void {
    const gatewayPods = new Map<string, PodView[]>();
    for (const pod of ctx.pods) {
      if (pod.labels[GATEWAY_NAME_LABEL] === undefined) continue;
      addTo(gatewayPods, pod.namespace, pod);
    }
    if (gatewayPods.size === 0) return;
    for (const gk of [GK.AuthorizationPolicy, GK.RequestAuthentication, GK.Telemetry, GK.WasmPlugin]) {
      for (const r of ctx.list(gk)) {
        if (r.spec.targetRef !== undefined && r.spec.targetRef !== null) continue;
        if (r.spec.selector === undefined || r.spec.selector === null) continue;
        const selector = strMap(obj(r.spec.selector).matchLabels);
        for (const pod of gatewayPods.get(r.namespace) ?? []) {
          if (Object.keys(selector).every((k) => pod.labels[k] === selector[k])) {
            ctx.report(r, 'IST0166', [pod.labels[GATEWAY_NAME_LABEL]], 'spec.selector', 'Attach the policy with targetRefs to the Gateway instead.');
          }
        }
      }
    }
  },
};
