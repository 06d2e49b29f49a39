import { WebhookCode } from './codes';
import { fqdnError } from './hosts';
import { isDNS1123Label } from './labels';
import { Report } from './report';
import { arr, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const HINT = 'Refer to a Gateway as `namespace/name`, e.g. `istio-system/public-gateway`, or `mesh` for the sidecars.';

/**
 * Gateway references of a VirtualService or a match (`namespace/name`, `mesh`, or a legacy `name.namespace` with a
 * warning). Like istiod, the references after the first one without `/` are not looked at.
 */
export function checkGatewayNames(report: Report, gateways: unknown, path: string, gatewaySemantics: boolean): void {
  const list = arr(gateways);
  for (let i = 0; i < list.length; i++) {
    const name = str(list[i]);
    const p = at(path, i);
    const slash = name.indexOf('/');
    if (slash < 0) {
      if (name.includes('.')) {
        const parts = name.split('.');
        report.warn(WebhookCode.INVALID_GATEWAY_REFERENCE, p, `using legacy gateway name format "${name}"; prefer the <namespace>/<name> format: "${parts[1]}/${parts[0]}"`, HINT);
      }
      report.errorIf(fqdnError(name), WebhookCode.INVALID_GATEWAY_REFERENCE, p, HINT);
      return;
    }
    const ns = name.slice(0, slash);
    const gw = name.slice(slash + 1);
    if (ns.length === 0 || gw.length === 0) report.error(WebhookCode.INVALID_GATEWAY_REFERENCE, p, 'config namespace and gateway name cannot be empty', HINT);
    if (!isDNS1123Label(ns)) report.error(WebhookCode.INVALID_GATEWAY_REFERENCE, p, `invalid value for namespace: "${ns}"`, HINT);
    if (!isDNS1123Label(gw) && !gatewaySemantics) report.error(WebhookCode.INVALID_GATEWAY_REFERENCE, p, `invalid value for gateway name: "${gw}"`, HINT);
  }
}
