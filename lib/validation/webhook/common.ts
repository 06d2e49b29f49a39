import { WebhookCode } from './codes';
import { DURATION_HINT, durationError } from './durations';
import { fqdnError, wildcardDomainError } from './hosts';
import { checkWorkloadSelector, isDNS1123Label } from './labels';
import { portError } from './ports';
import { Report } from './report';
import { arr, asObj, isSet, JsonObject, nonEmpty, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

/** Reports an invalid duration when the field is set. */
export function checkDuration(report: Report, value: unknown, path: string): void {
  if (!isSet(value)) return;
  report.errorIf(durationError(value), WebhookCode.INVALID_DURATION, path, DURATION_HINT);
}

/** Reports a port number out of range. */
export function checkPort(report: Report, value: unknown, path: string): void {
  report.errorIf(portError(num(value)), WebhookCode.INVALID_PORT, path, 'Use a port number from 1 to 65535.');
}

/** Checks a host that may be a DNS name with a wildcard first label. */
export function checkWildcardHost(report: Report, host: string, path: string): void {
  report.errorIf(wildcardDomainError(host), WebhookCode.INVALID_HOST, path,
    'Use a DNS name such as `reviews`, `reviews.prod.svc.cluster.local` or `*.example.com` (a wildcard only as the whole first label).');
}

/** Checks a host that must be a DNS name without wildcard. */
export function checkFqdn(report: Report, host: string, path: string): void {
  report.errorIf(fqdnError(host), WebhookCode.INVALID_HOST, path, 'Use a DNS name such as `egress.example.com`, without wildcard.');
}

/** Why a subset name is invalid, or undefined. */
export function subsetNameError(name: string): string | undefined {
  if (name.length === 0) return 'subset name cannot be empty';
  if (!isDNS1123Label(name)) return `subset name is invalid: ${JSON.stringify(name)}`;
  return undefined;
}

/** The hint for a bad subset name. */
export const SUBSET_HINT = 'A subset name is a DNS-1123 label: lowercase letters, digits and `-`, e.g. `v1` or `canary` (no dots or underscores).';

/** A route destination (`host`, `subset`, `port.number`). */
export function checkDestination(report: Report, destination: unknown, path: string): void {
  const dest = asObj(destination);
  if (!dest) return;
  const host = str(dest.host);
  if (host === '*') {
    report.error(WebhookCode.INVALID_HOST, at(path, 'host'), 'invalid destination host *', 'A destination names one service host, not `*`.');
  } else {
    checkWildcardHost(report, host, at(path, 'host'));
  }
  const subset = str(dest.subset);
  if (subset !== '') report.errorIf(subsetNameError(subset), WebhookCode.INVALID_SUBSET, at(path, 'subset'), SUBSET_HINT);
  const port = asObj(dest.port);
  if (port) checkPort(report, port.number, at(path, 'port.number'));
}

/**
 * An `exportTo` list: `.`, `*` or namespaces, no duplicates, `*` alone; `~` only alone in a ServiceEntry.
 * A DestinationRule with a workload selector may only be exported to its own namespace.
 */
export function checkExportTo(report: Report, exportTo: unknown, path: string, namespace: string,
  options: { serviceEntry?: boolean; drWithSelector?: boolean } = {}): void {
  const list = arr(exportTo).map((e) => str(e));
  if (list.length === 0) return;
  const code = WebhookCode.INVALID_EXPORT_TO;
  const seen = new Set<string>();
  list.forEach((e, i) => {
    const key = e === '.' ? (namespace || '.') : e;
    if (seen.has(key)) {
      report.error(code, at(path, i), key !== e ? `duplicate entries in exportTo: . and current namespace ${namespace}` : `duplicate entries in exportTo for entry ${e}`,
        'List each namespace once.');
    } else if (options.serviceEntry && e === '~') {
      seen.add(key);
    } else if (key === '~') {
      report.error(code, at(path, i), 'exportTo ~ (none) is not allowed for Istio configuration objects', 'Only a ServiceEntry can be exported to no one (`~`).');
    } else if (key !== '.' && key !== '*' && !isDNS1123Label(key)) {
      report.error(code, at(path, i), `exportTo entry ${JSON.stringify(e)} is not ".", "*" or a valid namespace name`, 'Use `.` (this namespace), `*` (all) or namespace names.');
    } else {
      seen.add(key);
    }
  });
  if (options.drWithSelector && seen.size > 0) {
    if (seen.has(namespace || '.')) {
      if (seen.size > 1) report.error(code, path, 'destination rule with workload selector cannot have multiple entries in exportTo', 'Export it only to its own namespace (`.`).');
    } else {
      report.error(code, path, 'destination rule with workload selector cannot have exportTo beyond current namespace', 'Export it only to its own namespace (`.`).');
    }
  }
  if (seen.has('*') && list.length > 1) {
    report.error(code, path, 'cannot have both public (*) and non-public exportTo values for a resource', '`*` already includes every namespace; use it alone.');
  }
  if (seen.has('~') && list.length > 1) {
    report.error(code, path, 'cannot export service entry to no one (~) and someone', 'Use `~` alone.');
  }
}

const ALLOWED_TARGET_REFS: ReadonlyArray<[group: string, kind: string]> = [
  ['core', 'Service'],
  ['networking.istio.io', 'ServiceEntry'],
  ['gateway.networking.k8s.io', 'Gateway'],
  ['gateway.networking.k8s.io', 'GatewayClass'],
];

function checkTargetRef(report: Report, ref: JsonObject, path: string): void {
  const code = WebhookCode.INVALID_TARGET_REF;
  if (str(ref.name) === '') report.error(code, at(path, 'name'), 'targetRef name must be set');
  if (str(ref.namespace) !== '') {
    report.error(code, at(path, 'namespace'), 'targetRef namespace must not be set; cross namespace referencing is not supported',
      'Put the policy in the namespace of its target and remove `namespace`.');
  }
  const group = str(ref.group) || 'core';
  const kind = str(ref.kind);
  if (!ALLOWED_TARGET_REFS.some(([g, k]) => g === group && k === kind)) {
    report.error(code, path, `targetRef must be to a Service, ServiceEntry, Gateway or GatewayClass, but was ${str(ref.group)}/${kind}`,
      'Use kind Service (group ""), ServiceEntry (networking.istio.io), Gateway or GatewayClass (gateway.networking.k8s.io).');
  }
}

/** `selector` / `targetRef` / `targetRefs` of the security, telemetry and extension policies: at most one of them, each valid. */
export function checkPolicyTargets(report: Report, spec: JsonObject, options: { targetRef?: boolean } = {}): void {
  const count = (isSet(spec.selector) ? 1 : 0) + (options.targetRef !== false && isSet(spec.targetRef) ? 1 : 0) + (nonEmpty(spec.targetRefs) ? 1 : 0);
  if (count > 1) {
    report.error(WebhookCode.INVALID_TARGET_REF, 'spec', 'only one of targetRefs or workloadSelector can be set',
      'A policy applies either to workloads by `selector` or to a Service/Gateway by `targetRefs`; split it in two.');
  }
  checkWorkloadSelector(report, spec.selector, 'spec.selector');
  const ref = asObj(spec.targetRef);
  if (ref && options.targetRef !== false) checkTargetRef(report, ref, 'spec.targetRef');
  arr(spec.targetRefs).forEach((r, i) => {
    const o = asObj(r);
    if (o) checkTargetRef(report, o, at('spec.targetRefs', i));
  });
}
