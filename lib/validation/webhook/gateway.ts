import { UNIX_PREFIX, ipError, unixAddressError } from './addresses';
import { WebhookCode } from './codes';
import { namespacedHostErrors } from './hosts';
import { isDNS1123Label } from './labels';
import { PROTOCOL_HINT, portError } from './ports';
import { Report } from './report';
import { checkServerTLS, serverTlsMode } from './tls';
import { arr, asObj, bool, isSet, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';
import { isHttpProtocol, isTlsProtocol, parseProtocol } from '../../vocab/protocol';

const CODE = WebhookCode.INVALID_SERVER;
const DNS1123_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

function isDNS1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** Gateway (istiod's `ValidateGateway`). */
export function checkGateway(report: Report, spec: JsonObject, name: string, annotations: JsonObject): void {
  const gatewaySemantics = annotations['internal.istio.io/gateway-semantics'] === 'gateway';
  // A name that is no valid object name at all is the metadata check's to report; this rule adds "no dots".
  if (isDNS1123Subdomain(name) && !isDNS1123Label(name) && !gatewaySemantics) {
    report.error(WebhookCode.INVALID_NAME, 'metadata.name', `invalid gateway name: "${name}"`,
      'A Gateway name must be a DNS label (no dots), because VirtualServices refer to it as namespace/name.');
  }
  const servers = arr(spec.servers);
  if (servers.length === 0) report.error(CODE, 'spec.servers', 'gateway must have at least one server', 'Add a server with a port and hosts.');
  servers.forEach((s, i) => {
    const server = asObj(s);
    if (!server) report.error(CODE, at('spec.servers', i), 'server may not be null');
    else checkServer(report, server, at('spec.servers', i), gatewaySemantics);
  });
  const portNames = new Set<string>();
  servers.forEach((s, i) => {
    const port = asObj(asObj(s)?.port);
    if (!port) return;
    const portName = str(port.name);
    if (portNames.has(portName)) {
      report.error(CODE, at(at('spec.servers', i), 'port.name'), `port names in servers must be unique: duplicate name ${portName}`, 'Give each server port its own name.');
    }
    portNames.add(portName);
    const tls = asObj(asObj(s)?.tls);
    if (!isHttpProtocol(parseProtocol(str(port.protocol))) && bool(tls?.httpsRedirect)) {
      report.warn(WebhookCode.INVALID_TLS, at(at('spec.servers', i), 'tls.httpsRedirect'), 'tls.httpsRedirect should only be used with http servers',
        'Put httpsRedirect on the plain HTTP server (port 80) that redirects to HTTPS.');
    }
  });
}

function checkServer(report: Report, server: JsonObject, path: string, gatewaySemantics: boolean): void {
  const hosts = arr(server.hosts);
  if (hosts.length === 0) report.error(CODE, at(path, 'hosts'), 'server config must contain at least one host', 'List the hosts this server accepts, e.g. `*.example.com` or `bookinfo/*`.');
  hosts.forEach((h, i) => {
    const host = str(h);
    const p = at(at(path, 'hosts'), i);
    const ns = host.includes('/') ? host.slice(0, host.indexOf('/')) : '';
    for (const err of namespacedHostErrors(host, true)) {
      // `~/host` is allowed only for gateways converted from the Gateway API.
      if (ns === '~' && gatewaySemantics && err.startsWith('invalid namespace')) continue;
      report.error(WebhookCode.INVALID_NAMESPACED_HOST, p, err,
        'A server host is a DNS name (`example.com`, `*.example.com`, `*`) optionally prefixed by a namespace: `bookinfo/*.example.com`.');
    }
  });
  const port = asObj(server.port);
  const bind = str(server.bind);
  let portOk = true;
  const portPath = at(path, 'port');
  if (!port) {
    report.error(CODE, portPath, 'port is required', 'Set port.number, port.name and port.protocol.');
    portOk = false;
  } else {
    const protocol = parseProtocol(str(port.protocol));
    if (protocol === 'Unsupported') {
      report.error(WebhookCode.INVALID_PORT, at(portPath, 'protocol'), `invalid protocol "${str(port.protocol)}"`, PROTOCOL_HINT);
      portOk = false;
    }
    const number = num(port.number);
    if (number > 0 || !bind.startsWith(UNIX_PREFIX)) {
      const err = portError(number);
      if (err) {
        report.error(WebhookCode.INVALID_PORT, at(portPath, 'number'), err, 'Use a port number from 1 to 65535.');
        portOk = false;
      }
    }
    if (num(port.targetPort) > 0) {
      report.error(WebhookCode.INVALID_PORT, at(portPath, 'targetPort'), 'targetPort has no impact on Gateways', 'Remove targetPort; the gateway listens on port.number.');
      portOk = false;
    }
    if (str(port.name) === '') {
      report.error(WebhookCode.INVALID_PORT, at(portPath, 'name'), 'port name must be set', 'Name the port, e.g. `http` or `https-bookinfo`.');
      portOk = false;
    }
  }
  if (bind.startsWith(UNIX_PREFIX)) {
    report.errorIf(unixAddressError(bind.slice(UNIX_PREFIX.length)), WebhookCode.INVALID_ADDRESS, at(path, 'bind'));
    if (port && num(port.number) !== 0) report.error(WebhookCode.INVALID_PORT, at(portPath, 'number'), 'port number must be 0 for unix domain socket');
  } else if (bind !== '') {
    report.errorIf(ipError(bind), WebhookCode.INVALID_ADDRESS, at(path, 'bind'), 'bind takes an IP address or unix:///path.');
  }
  const tls = asObj(server.tls);
  if (tls) checkServerTLS(report, tls, at(path, 'tls'));
  if (portOk && port) {
    const p = parseProtocol(str(port.protocol));
    if (isTlsProtocol(p) && !isSet(server.tls)) {
      report.error(WebhookCode.INVALID_TLS, at(path, 'tls'), 'server must have TLS settings for HTTPS/TLS protocols', 'Add tls with mode SIMPLE and credentialName, or PASSTHROUGH.');
    } else if (!isTlsProtocol(p) && tls) {
      if (isHttpProtocol(p)) {
        const mode = serverTlsMode(tls);
        const passthrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
        if (!passthrough || str(tls.caCertificates) !== '' || str(tls.privateKey) !== '' || str(tls.serverCertificate) !== '') {
          report.error(WebhookCode.INVALID_TLS, at(path, 'tls'), 'server cannot have TLS settings for plain text HTTP ports',
            'Use protocol HTTPS to terminate TLS, or keep only `tls.httpsRedirect: true` on the HTTP server.');
        }
      } else {
        report.error(WebhookCode.INVALID_TLS, at(path, 'tls'), 'server cannot have TLS settings for non HTTPS/TLS ports', 'Use protocol HTTPS or TLS, or remove tls.');
      }
    }
  }
}
