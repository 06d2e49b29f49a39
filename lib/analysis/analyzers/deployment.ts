import { num, objs, str, strMap } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView, Resource } from '../context';
import { isIstioControlPlane, podInMesh } from '../mesh';

/**
 * IST0116 when a Deployment's pods are behind Services that use one port with different protocols, IST0137
 * when they map one targetPort from different ports (Istio's `deployment.MultiServiceAnalyzer`).
 */
export const multiServiceAnalyzer: Analyzer = {
  name: 'deployment.MultiServiceAnalyzer',
  description: 'Checks association between services and pods',
  codes: ['IST0116', 'IST0137'],
  analyze(ctx: AnalysisContext): void {
    // The Services (with a selector) of each Deployment, found from the Services through the pod label index.
    const servicesOf = new Map<PodView, Resource[]>();
    for (const svc of ctx.list(GK.Service)) {
      const selector = strMap(svc.spec.selector);
      if (Object.keys(selector).length === 0) continue;
      for (const pod of ctx.podsMatching(selector, svc.namespace)) if (pod.source.gk === GK.Deployment) addTo(servicesOf, pod, svc);
    }
    for (const [pod, services] of servicesOf) {
      const d = pod.source;
      if (d.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller' || !podInMesh(ctx, pod)) continue;
      const protocols = new Map<number, Map<string, string[]>>();
      const targets = new Map<string, Map<number, string>>();
      for (const svc of services) {
        for (const [port] of objs(svc.spec.ports)) {
          const number = num(port.port);
          const protocol = str(port.protocol) || 'TCP';
          const byProtocol = protocols.get(number) ?? new Map<string, string[]>();
          addTo(byProtocol, protocol, svc.fullName);
          protocols.set(number, byProtocol);
          let target = typeof port.targetPort === 'number' ? String(port.targetPort) : str(port.targetPort);
          if (target === '0' || target === '') target = String(number);
          const byPort = targets.get(target) ?? new Map<number, string>();
          byPort.set(number, svc.fullName);
          targets.set(target, byPort);
        }
      }
      for (const [number, byProtocol] of protocols) {
        if (byProtocol.size < 2) continue;
        const names = [...byProtocol.values()].reduce<string[]>((acc, l) => acc.concat(l), []).sort();
        ctx.report(d, 'IST0116', [d.name, number, names], 'spec.template.metadata.labels');
      }
      for (const [target, byPort] of targets) {
        if (byPort.size < 2) continue;
        ctx.report(d, 'IST0137', [d.name, [...byPort.values()].sort(), target, [...byPort.keys()].sort((a, b) => a - b)], 'spec.template.metadata.labels');
      }
    }
  },
};

/** Whether a pod spec or one of its application containers runs as UID 1337 (the proxy's). */
function runsAs1337(spec: Record<string, unknown>): boolean {
  const uid = (ctx: unknown): boolean => num((ctx as Record<string, unknown> | undefined)?.runAsUser) === 1337;
  if (uid(spec.securityContext)) return true;
  return objs(spec.containers).some(([c]) => c.name !== 'istio-proxy' && c.name !== 'istio-operator' && uid(c.securityContext));
}

/** IST0144 when an application runs as UID 1337, reserved for the proxy (Istio's `applicationUID.Analyzer`). */
export const applicationUidAnalyzer: Analyzer = {
  name: 'applicationUID.Analyzer',
  description: 'Checks invalid application UID',
  codes: ['IST0144'],
  analyze(ctx: AnalysisContext): void {
    for (const pod of ctx.pods) {
      const r = pod.source;
      if ((r.gk !== GK.Pod && r.gk !== GK.Deployment) || isIstioControlPlane(r)) continue;
      if (runsAs1337(pod.spec)) {
        ctx.report(r, 'IST0144', [], r.gk === GK.Pod ? 'spec.securityContext.runAsUser' : 'spec.template.spec.securityContext.runAsUser',
          'Run the application under another user ID.');
      }
    }
  },
};
