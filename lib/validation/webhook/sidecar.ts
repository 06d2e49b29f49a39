import { UNIX_PREFIX, ipError, unixAddressError } from './addresses';
import { WebhookCode } from './codes';
import { checkDestination, checkPort } from './common';
import { fqdnError, namespacedHostErrors } from './hosts';
import { checkAlphaWorkloadSelector } from './labels';
import { PROTOCOL_HINT, portError, portNameError, protocolError } from './ports';
import { Report } from './report';
import { checkServerTLS, serverTlsMode } from './tls';
import { checkConnectionPool } from './traffic-policy';
import { IstioVersion, isAtLeast } from '../../core/istio-version';
import { arr, asObj, bool, enumName, isSet, JsonObject, nonEmpty, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';
import { isHttpProtocol, isTlsProtocol, parseProtocol } from '../../vocab/protocol';

const CODE = WebhookCode.INVALID_SIDECAR;
const EGRESS_HOST_HINT = 'Write egress hosts as `namespace/dnsName`: `./*` (this namespace), `istio-system/*`, `*/*.example.com`, `~/*` (none).';

function checkPortBasics(report: Report, port: JsonObject, path: string): void {
  const name = str(port.name);
  if (name.length > 0) report.errorIf(portNameError(name), WebhookCode.INVALID_PORT, at(path, 'name'), 'A port name is a DNS label, e.g. `http` or `tcp-db`.');
  report.errorIf(protocolError(str(port.protocol)), WebhookCode.INVALID_PORT, at(path, 'protocol'), PROTOCOL_HINT);
}

/** Sidecar (istiod's `ValidateSidecar`). */
export function checkSidecar(report: Report, spec: JsonObject, namespace: string, version: IstioVersion): void {
  const selector = asObj(spec.workloadSelector);
  if (checkAlphaWorkloadSelector(report, selector, 'spec.workloadSelector', 'sidecar')) return;
  if (!nonEmpty(spec.egress) && !nonEmpty(spec.ingress) && !isSet(spec.outboundTrafficPolicy) && !isSet(spec.inboundConnectionPool)) {
    report.error(CODE, 'spec', 'sidecar: empty configuration provided', 'Set egress, ingress, outboundTrafficPolicy or inboundConnectionPool.');
    return;
  }
  checkIngress(report, spec.ingress);
  checkConnectionPool(report, spec.inboundConnectionPool, 'spec.inboundConnectionPool');
  checkEgress(report, spec.egress, namespace, isAtLeast(version, IstioVersion.V1_31));
  checkOutboundTrafficPolicy(report, spec.outboundTrafficPolicy, 'spec.outboundTrafficPolicy');
}

function checkIngress(report: Report, ingress: unknown): void {
  const ports = new Set<number>();
  arr(ingress).forEach((item, i) => {
    const path = at('spec.ingress', i);
    const listener = asObj(item);
    if (!listener) {
      report.error(CODE, path, 'sidecar: ingress may not be null');
      return;
    }
    const port = asObj(listener.port);
    if (!port) {
      report.error(CODE, at(path, 'port'), 'sidecar: port is required for ingress listeners', 'Set port.number and port.protocol.');
      return;
    }
    const portPath = at(path, 'port');
    if (num(port.targetPort) > 0) report.error(WebhookCode.INVALID_PORT, at(portPath, 'targetPort'), 'targetPort has no impact on Sidecars');
    checkPortBasics(report, port, portPath);
    checkPort(report, port.number, at(portPath, 'number'));
    const bind = str(listener.bind);
    if (bind !== '') report.errorIf(ipError(bind), WebhookCode.INVALID_ADDRESS, at(path, 'bind'));
    const number = num(port.number);
    if (ports.has(number)) report.error(WebhookCode.INVALID_PORT, at(portPath, 'number'), 'sidecar: ports on IP bound listeners must be unique');
    ports.add(number);
    checkDefaultEndpoint(report, str(listener.defaultEndpoint), at(path, 'defaultEndpoint'));
    const tls = asObj(listener.tls);
    if (tls) {
      const tp = at(path, 'tls');
      if (nonEmpty(tls.subjectAltNames)) report.error(WebhookCode.INVALID_TLS, at(tp, 'subjectAltNames'), 'sidecar: subjectAltNames is not supported in ingress tls');
      if (bool(tls.httpsRedirect)) report.error(WebhookCode.INVALID_TLS, at(tp, 'httpsRedirect'), 'sidecar: httpsRedirect is not supported');
      if (str(tls.credentialName) !== '') report.error(WebhookCode.INVALID_TLS, at(tp, 'credentialName'), 'sidecar: credentialName is not currently supported', 'Use serverCertificate and privateKey files.');
      if (nonEmpty(tls.credentialNames)) report.error(WebhookCode.INVALID_TLS, at(tp, 'credentialNames'), 'sidecar: credentialNames is not currently supported');
      if (nonEmpty(tls.tlsCertificates)) report.error(WebhookCode.INVALID_TLS, at(tp, 'tlsCertificates'), 'sidecar: tlsCertificates is not currently supported');
      const mode = serverTlsMode(tls);
      if (mode === 'ISTIO_MUTUAL' || mode === 'AUTO_PASSTHROUGH') report.error(WebhookCode.INVALID_TLS, at(tp, 'mode'), `configuration is invalid: cannot set mode to ${mode} in sidecar ingress tls`);
      if (!isTlsProtocol(parseProtocol(str(port.protocol)))) report.error(WebhookCode.INVALID_TLS, tp, 'server cannot have TLS settings for non HTTPS/TLS ports', 'Use protocol HTTPS or TLS on this port.');
      checkServerTLS(report, tls, tp);
    }
    checkConnectionPool(report, listener.connectionPool, at(path, 'connectionPool'));
    const pool = asObj(listener.connectionPool);
    if (pool && isSet(pool.http) && !isHttpProtocol(parseProtocol(str(port.protocol)))) {
      report.warn(CODE, at(path, 'connectionPool.http'),
        `sidecar: HTTP connection pool settings are configured for port ${number} ("${str(port.name)}") but its protocol is not HTTP (${str(port.protocol)}); only TCP settings will apply`);
    }
  });
}

function checkDefaultEndpoint(report: Report, endpoint: string, path: string): void {
  if (endpoint === '') return;
  if (endpoint.startsWith(UNIX_PREFIX)) {
    report.errorIf(unixAddressError(endpoint.slice(UNIX_PREFIX.length)), WebhookCode.INVALID_ADDRESS, path);
    return;
  }
  const hint = 'Use 127.0.0.1:<port>, 0.0.0.0:<port>, [::1]:<port>, [::]:<port> or unix:///path.';
  const split = splitHostPort(endpoint);
  if (!split) {
    report.error(CODE, path, `sidecar: defaultEndpoint ${JSON.stringify(endpoint)} is not host:port`, hint);
    return;
  }
  const [host, port] = split;
  if (host !== '' && !['127.0.0.1', '0.0.0.0', '::1', '::'].includes(host)) {
    report.error(CODE, path, 'sidecar: defaultEndpoint must be of form 127.0.0.1:<port>,0.0.0.0:<port>,[::1]:port,[::]:port,unix://filepath or unset', hint);
  }
  if (!/^[+-]?[0-9]+$/.test(port)) report.error(CODE, path, `sidecar: defaultEndpoint port (${port}) is not a number`, hint);
  else report.errorIf(portError(parseInt(port, 10)), WebhookCode.INVALID_PORT, path);
}

/** Go's `net.SplitHostPort`, enough for `host:port` and `[v6]:port`. */
function splitHostPort(hostport: string): [string, string] | undefined {
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || hostport[end + 1] !== ':') return undefined;
    return [hostport.slice(1, end), hostport.slice(end + 2)];
  }
  const colon = hostport.lastIndexOf(':');
  if (colon < 0 || hostport.slice(0, colon).includes(':')) return undefined;
  return [hostport.slice(0, colon), hostport.slice(colon + 1)];
}

/**
 * `exclusions`: Istio 1.31 accepts `~`-prefixed namespaces that exclude hosts (`~ns/*`, `~/foo.com`) and leaves
 * them out of the duplicate check (agent/validation.go `ValidateNamespaceSlashWildcardHostname` and validation.go
 * `ValidateSidecar`, 1.31.0-rc.0; before, only `~` alone).
 */
function checkEgress(report: Report, egress: unknown, namespace: string, exclusions: boolean): void {
  const list = arr(egress);
  const ports = new Set<number>();
  const binds = new Set<string>();
  let catchAll = false;
  list.forEach((item, index) => {
    const path = at('spec.egress', index);
    const listener = asObj(item);
    if (!listener) {
      report.error(CODE, path, 'egress listener may not be null');
      return;
    }
    const port = asObj(listener.port);
    if (!port) {
      if (!catchAll) {
        if (index === list.length - 1) catchAll = true;
        else report.error(CODE, path, 'sidecar: the egress listener with empty port should be the last listener in the list', 'Move the listener without port to the end.');
      } else {
        report.error(CODE, path, 'sidecar: egress can have only one listener with empty port');
        return;
      }
    } else {
      const portPath = at(path, 'port');
      if (num(port.targetPort) > 0) report.error(WebhookCode.INVALID_PORT, at(portPath, 'targetPort'), 'targetPort has no impact on Sidecars');
      const bind = str(listener.bind);
      checkPortBasics(report, port, portPath);
      const number = num(port.number);
      if (number === 0) {
        if (!bind.startsWith(UNIX_PREFIX)) report.error(CODE, at(path, 'bind'), 'sidecar: ports with 0 value must have a unix domain socket bind address', 'Set bind to unix:///path, or give a port number.');
        else report.errorIf(unixAddressError(bind.slice(UNIX_PREFIX.length)), WebhookCode.INVALID_ADDRESS, at(path, 'bind'));
        const mode = enumName(listener.captureMode, ['DEFAULT', 'IPTABLES', 'NONE']);
        if (mode !== 'DEFAULT' && mode !== 'NONE') report.error(CODE, at(path, 'captureMode'), 'sidecar: captureMode must be DEFAULT/NONE for unix domain socket listeners');
        if (binds.has(bind)) report.error(CODE, at(path, 'bind'), 'sidecar: unix domain socket values for listeners must be unique');
        binds.add(bind);
      } else {
        checkPort(report, number, at(portPath, 'number'));
        if (bind !== '') report.errorIf(ipError(bind), WebhookCode.INVALID_ADDRESS, at(path, 'bind'));
        if (ports.has(number)) report.error(WebhookCode.INVALID_PORT, at(portPath, 'number'), 'sidecar: ports on IP bound listeners must be unique');
        ports.add(number);
      }
    }
    const hosts = arr(listener.hosts).map((h) => str(h));
    if (hosts.length === 0) {
      report.error(WebhookCode.INVALID_NAMESPACED_HOST, at(path, 'hosts'), 'sidecar: egress listener must contain at least one host', EGRESS_HOST_HINT);
      return;
    }
    const byNamespace = new Map<string, Set<string>>();
    hosts.forEach((host, i) => {
      const hp = at(at(path, 'hosts'), i);
      const slash = host.indexOf('/');
      if (slash >= 0 && !(exclusions && host.startsWith('~'))) {
        let ns = host.slice(0, slash);
        const svc = host.slice(slash + 1);
        if (ns === '.') ns = namespace || '.';
        const set = byNamespace.get(ns) ?? new Set<string>();
        byNamespace.set(ns, set);
        if (svc !== '*' ? set.has(svc) || set.has('*') : set.size !== 0) {
          report.warn(WebhookCode.INVALID_NAMESPACED_HOST, hp, `duplicated egress host: ${host}`, 'List each host once; `ns/*` already covers every host of ns.');
        }
        set.add(svc);
      }
      for (const err of namespacedHostErrors(host, false, exclusions)) report.error(WebhookCode.INVALID_NAMESPACED_HOST, hp, `${err}: ${JSON.stringify(host)}`, EGRESS_HOST_HINT);
    });
    if (byNamespace.get('*')?.has('*') && byNamespace.size !== 1) {
      report.warn(WebhookCode.INVALID_NAMESPACED_HOST, at(path, 'hosts'), '`*/*` host select all resources, no other hosts can be added', 'Keep `*/*` alone, or list the namespaces you need.');
    }
  });
}

function checkOutboundTrafficPolicy(report: Report, value: unknown, path: string): void {
  const tp = asObj(value);
  if (!tp) return;
  const proxy = asObj(tp.egressProxy);
  if (!proxy) return;
  if (enumName(tp.mode, ['REGISTRY_ONLY', 'ALLOW_ANY']) !== 'ALLOW_ANY') {
    report.error(CODE, at(path, 'egressProxy'), 'sidecar: egressProxy must be set only with ALLOW_ANY outboundTrafficPolicy mode', 'Set mode: ALLOW_ANY, or remove egressProxy.');
    return;
  }
  const host = str(proxy.host);
  report.errorIf(fqdnError(host), WebhookCode.INVALID_HOST, at(at(path, 'egressProxy'), 'host'));
  if (!isSet(proxy.port)) {
    report.error(CODE, at(at(path, 'egressProxy'), 'port'), 'sidecar: egressProxy port must be non-nil', 'Set egressProxy.port.number.');
    return;
  }
  checkDestination(report, proxy, at(path, 'egressProxy'));
}
