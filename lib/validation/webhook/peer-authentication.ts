import { WebhookCode } from './codes';
import { checkWorkloadSelector } from './labels';
import { Report } from './report';
import { asObj, entriesOf, JsonObject, nonEmpty } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_PEER_AUTHENTICATION;

/** PeerAuthentication (istiod's `ValidatePeerAuthentication`). */
export function checkPeerAuthentication(report: Report, spec: JsonObject): void {
  const selector = asObj(spec.selector);
  const emptySelector = !selector || !nonEmpty(selector.matchLabels);
  const ports = entriesOf(spec.portLevelMtls);
  if (emptySelector && ports.length !== 0) {
    report.error(CODE, 'spec.portLevelMtls', 'mesh/namespace peer authentication cannot have port level mTLS',
      'Port-level mTLS needs a workload `selector` with matchLabels: ports belong to workloads.');
  }
  for (const [port] of ports) {
    const n = /^[0-9]+$/.test(port) ? Number(port) : NaN;
    if (!(n >= 1 && n <= 65535)) report.error(CODE, at('spec.portLevelMtls', port), 'port must be in range 1..65535', 'Key portLevelMtls by the workload port number.');
  }
  checkWorkloadSelector(report, spec.selector, 'spec.selector');
}
