import { UNIX_PREFIX, isIPAddress, unixAddressError } from './addresses';
import { WebhookCode } from './codes';
import { checkPort } from './common';
import { fqdnError } from './hosts';
import { checkLabels } from './labels';
import { portNameError } from './ports';
import { Report } from './report';
import { entriesOf, JsonObject, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_WORKLOAD;

/**
 * A WorkloadEntry, or a STATIC ServiceEntry endpoint (then `servicePorts` holds the ServiceEntry's port names and
 * the address must be an IP or a unix socket).
 */
export function checkWorkloadEntry(report: Report, we: JsonObject, path: string, servicePorts?: ReadonlySet<string>): void {
  const addr = str(we.address);
  if (addr === '') {
    if (str(we.network) === '') {
      report.error(CODE, at(path, 'address'), 'address is required', 'Set address to the IP address or DNS name of the workload.');
      return;
    }
    report.warn(CODE, at(path, 'address'), `address is unset with network "${str(we.network)}"`);
  }
  const unix = addr.startsWith(UNIX_PREFIX);
  if (unix) {
    report.errorIf(unixAddressError(addr.slice(UNIX_PREFIX.length)), WebhookCode.INVALID_ADDRESS, at(path, 'address'));
    if (entriesOf(we.ports).length !== 0) report.error(CODE, at(path, 'ports'), `unix endpoint ${addr} must not include ports`);
  } else if (addr !== '' && !isIPAddress(addr)) {
    if (servicePorts) {
      report.error(WebhookCode.INVALID_ADDRESS, at(path, 'address'), `endpoint address "${addr}" is not a valid IP address`, 'A STATIC ServiceEntry needs IP addresses; use resolution DNS for host names.');
    } else if (fqdnError(addr)) {
      report.error(WebhookCode.INVALID_ADDRESS, at(path, 'address'), `endpoint address "${addr}" is not a valid FQDN or an IP address`);
    }
  }
  for (const [name, port] of entriesOf(we.ports)) {
    const p = at(at(path, 'ports'), name);
    if (servicePorts && !servicePorts.has(name)) report.error(WebhookCode.INVALID_PORT, p, `endpoint port ${String(port)} is not defined by the service entry`, 'Endpoint ports are keyed by the name of a ServiceEntry port.');
    report.errorIf(portNameError(name), WebhookCode.INVALID_PORT, p);
    checkPort(report, port, p);
  }
  checkLabels(report, we.labels, at(path, 'labels'));
  if (unix && servicePorts && servicePorts.size !== 1) report.error(CODE, path, 'exactly 1 service port required for unix endpoints');
}
