import { WebhookCode } from './codes';
import { checkPort } from './common';
import { probeHeaderNameError } from './headers';
import { checkLabels } from './labels';
import { Report } from './report';
import { arr, asObj, isSet, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_WORKLOAD;

/** WorkloadGroup (istiod's `ValidateWorkloadGroup`): a template, valid metadata labels, a valid readiness probe. */
export function checkWorkloadGroup(report: Report, spec: JsonObject): void {
  if (!isSet(spec.template)) {
    report.error(CODE, 'spec.template', 'template is required', 'Add a template (it may be empty: `template: {}`).');
    return;
  }
  const meta = asObj(spec.metadata);
  if (meta) {
    const before = report.findings.length;
    checkLabels(report, meta.labels, 'spec.metadata.labels');
    if (report.findings.length > before) return;
  }
  const probe = asObj(spec.probe);
  if (!probe) return;
  const path = 'spec.probe';
  for (const field of ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'successThreshold', 'failureThreshold']) {
    if (num(probe[field]) < 0) report.error(CODE, at(path, field), `${field} must be non-negative`);
  }
  const httpGet = asObj(probe.httpGet);
  const tcpSocket = asObj(probe.tcpSocket);
  const exec = asObj(probe.exec);
  if (httpGet) {
    checkPort(report, httpGet.port, at(path, 'httpGet.port'));
    const scheme = str(httpGet.scheme);
    if (scheme !== '' && scheme !== 'HTTP' && scheme !== 'HTTPS') report.error(CODE, at(path, 'httpGet.scheme'), 'httpGet.scheme must be one of "HTTPS", "HTTP"');
    arr(httpGet.httpHeaders).forEach((h, i) => {
      const header = asObj(h);
      if (!header) report.error(CODE, at(at(path, 'httpGet.httpHeaders'), i), 'invalid nil header');
      else report.errorIf(probeHeaderNameError(str(header.name)), WebhookCode.INVALID_HEADER, at(at(at(path, 'httpGet.httpHeaders'), i), 'name'));
    });
  } else if (tcpSocket) {
    checkPort(report, tcpSocket.port, at(path, 'tcpSocket.port'));
  } else if (exec) {
    if (arr(exec.command).length === 0) report.error(CODE, at(path, 'exec.command'), 'exec.command is required');
  } else if (isSet(probe.grpc)) {
    report.error(CODE, at(path, 'grpc'), 'istiod does not accept a grpc readiness probe: its webhook validates only httpGet, tcpSocket and exec probes',
      'Use a tcpSocket probe on the gRPC port, or an exec probe running grpc_health_probe.');
  } else {
    report.error(CODE, path, 'unknown health check method: a probe needs httpGet, tcpSocket or exec', 'Set one of httpGet, tcpSocket, exec.');
  }
}
