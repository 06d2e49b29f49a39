import { num, objs, str } from '../../vocab/json';
import { servicePortProtocol } from '../../vocab/protocol';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';
import { isIstioControlPlane } from '../mesh';

const MANAGED_GATEWAY_CONTROLLERS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/** A Service port's targetPort as Kubernetes prints it (`0` when unset). */
function targetPortString(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return '0';
}

/**
 * IST0118 when a Service port name does not follow Istio's `<protocol>[-<suffix>]` convention (Istio then
 * sniffs the protocol), IST0150 for ExternalName Services (Istio's `service.PortNameAnalyzer`).
 */
export const portNameAnalyzer: Analyzer = {
  name: 'service.PortNameAnalyzer',
  description: 'Checks the port names associated with each service',
  codes: ['IST0118', 'IST0150'],
  analyze(ctx: AnalysisContext): void {
    for (const svc of ctx.list(GK.Service)) {
      if (isIstioControlPlane(svc)) continue;
      if (MANAGED_GATEWAY_CONTROLLERS.has(svc.labels['gateway.istio.io/managed'] ?? '')) continue;
      const externalName = str(svc.spec.type) === 'ExternalName';
      for (const [port, i] of objs(svc.spec.ports)) {
        const name = str(port.name);
        const appProtocol = typeof port.appProtocol === 'string' ? port.appProtocol : undefined;
        const known = servicePortProtocol({ port: num(port.port), name, protocol: str(port.protocol), appProtocol }) !== 'Unsupported';
        if (known && !(name === 'tcp' && externalName)) continue;
        if (externalName) {
          ctx.report(svc, 'IST0150', [], `spec.ports[${i}].name`);
        } else {
          ctx.report(svc, 'IST0118', [name, num(port.port), targetPortString(port.targetPort)], `spec.ports[${i}].name`,
            "Name the port '<protocol>[-<suffix>]' (e.g. 'http-web', 'grpc', 'tcp-db') or set appProtocol.");
        }
      }
    }
  },
};
