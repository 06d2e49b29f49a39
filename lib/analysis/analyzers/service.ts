import { num, objs, str } from '../../vocab/json';
import { parseProtocol } from '../../vocab/protocol';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';
import { isIstioControlPlane } from '../mesh';

const WELL_KNOWN_PORTS = new Set([25, 53, 3306, 27017]);
const MANAGED_GATEWAY_CONTROLLERS = new Set(['istio.io-gateway-controller', 'istio.io-mesh-controller', 'istio.io-eastwest-controller']);

/** Whether Istio can tell a Service port's protocol from its name, appProtocol or number (Istio's `ConvertProtocol`). */
function portProtocolKnown(port: number, name: string, protocol: string, appProtocol: string | undefined): boolean {
  if (protocol === 'UDP') return true;
  let n = name;
  if (appProtocol !== undefined) {
    if (['kubernetes.io/h2c', 'kubernetes.io/ws', 'kubernetes.io/wss'].includes(appProtocol)) return true;
    n = appProtocol;
  }
  if (n.toLowerCase().startsWith('grpc-web')) return true;
  const dash = n.indexOf('-');
  if (dash >= 0) n = n.slice(0, dash);
  return parseProtocol(n) !== 'Unsupported' || WELL_KNOWN_PORTS.has(port);
}

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
        if (portProtocolKnown(num(port.port), name, str(port.protocol), appProtocol) && !(name === 'tcp' && externalName)) continue;
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
