import { ipSubnetError, isIPAddress } from './addresses';
import { WebhookCode } from './codes';
import { checkExportTo, checkPort } from './common';
import { fqdnError, partialWildcardError, wildcardDomainError } from './hosts';
import { checkAlphaWorkloadSelector, checkLabels } from './labels';
import { PROTOCOL_HINT, portNameError, protocolError } from './ports';
import { Report } from './report';
import { checkWorkloadEntry } from './workload-entry';
import { DEFAULT_ISTIO_VERSION, IstioVersion, isAtLeast, sinceRelease } from '../../core/istio-version';
import { isWildcarded } from '../../vocab/hosts';
import { arr, asObj, entriesOf, enumName, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';
import { ParsedProtocol, isHttpProtocol, isTcpProtocol, isTlsProtocol, parseProtocol } from '../../vocab/protocol';

const CODE = WebhookCode.INVALID_SERVICE_ENTRY;
const RESOLUTIONS = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN', 'DYNAMIC_DNS'];
const LOCATIONS = ['MESH_EXTERNAL', 'MESH_INTERNAL'];
/** The port protocols DYNAMIC_DNS resolution supports, by release. */
const DYNAMIC_DNS_PROTOCOLS: Readonly<Partial<Record<IstioVersion, readonly ParsedProtocol[]>>> = {
  [IstioVersion.V1_28]: ['HTTP'],
  [IstioVersion.V1_29]: ['HTTP', 'TLS'],
  [IstioVersion.V1_30]: ['HTTP', 'TLS', 'GRPC', 'HTTP2'],
};

/** ServiceEntry (istiod's `ValidateServiceEntry`). */
export function checkServiceEntry(
  report: Report, spec: JsonObject, namespace: string, labels: JsonObject, version: IstioVersion = DEFAULT_ISTIO_VERSION,
): void {
  const selector = asObj(spec.workloadSelector);
  if (checkAlphaWorkloadSelector(report, selector, 'spec.workloadSelector', 'service entry')) return;
  const resolution = enumName(spec.resolution, RESOLUTIONS);
  const hosts = arr(spec.hosts).map((h) => str(h));
  const addresses = arr(spec.addresses).map((a) => str(a));
  const endpoints = arr(spec.endpoints);
  const ports = arr(spec.ports);

  if (selector && endpoints.length > 0) {
    report.error(CODE, 'spec.endpoints', 'only one of workloadSelector or endpoints is allowed in Service Entry', 'Select workloads by label, or list endpoints; not both.');
  }
  if (hosts.length === 0) report.error(WebhookCode.INVALID_HOST, 'spec.hosts', 'service entry must have at least one host', 'Add the host names of the service, e.g. `api.example.com`.');
  hosts.forEach((host, i) => {
    const p = at('spec.hosts', i);
    if (host === '*') {
      report.error(WebhookCode.INVALID_HOST, p, 'invalid host *', 'A ServiceEntry names its hosts; `*` is not allowed.');
      return;
    }
    report.errorIf(wildcardDomainError(host), WebhookCode.INVALID_HOST, p, 'Use a DNS name such as `api.example.com` or `*.example.com`.');
    if (resolution !== 'DYNAMIC_DNS') {
      const partial = partialWildcardError(host);
      if (partial) report.warn(WebhookCode.INVALID_HOST, p, partial, 'A wildcard must be the whole first label: `*.example.com`.');
    }
  });
  let cidr = false;
  addresses.forEach((address, i) => {
    cidr = cidr || address.includes('/');
    report.errorIf(ipSubnetError(address), WebhookCode.INVALID_ADDRESS, at('spec.addresses', i), 'Use IP addresses or CIDR blocks, e.g. `240.0.0.1` or `10.0.0.0/16`.');
  });
  if (cidr && resolution !== 'NONE' && resolution !== 'STATIC') {
    report.error(CODE, 'spec.addresses', 'CIDR addresses are allowed only for NONE/STATIC resolution types', 'Use single IP addresses with DNS resolution, or resolution NONE/STATIC.');
  }
  const autoAllocate = resolution !== 'NONE' && str(labels['networking.istio.io/enable-autoallocate-ip']).toLowerCase() !== 'false' && addresses.length === 0;
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  ports.forEach((pv, i) => {
    const p = at('spec.ports', i);
    const port = asObj(pv);
    if (!port) {
      report.error(CODE, p, 'service entry port may not be null');
      return;
    }
    const name = str(port.name);
    const number = num(port.number);
    if (portNames.has(name)) report.error(WebhookCode.INVALID_PORT, at(p, 'name'), `service entry port name "${name}" already defined`);
    portNames.add(name);
    if (portNumbers.has(number)) report.error(WebhookCode.INVALID_PORT, at(p, 'number'), `service entry port ${number} already defined`);
    portNumbers.add(number);
    if (num(port.targetPort) !== 0) checkPort(report, port.targetPort, at(p, 'targetPort'));
    const protocol = str(port.protocol);
    if (addresses.length === 0 && !autoAllocate && (protocol === '' || protocol === 'TCP')) {
      report.warn(CODE, p, 'addresses are required for ports serving TCP (or unset) protocol when IP Autoallocation is not enabled',
        'Set spec.addresses, or a protocol such as HTTP or TLS that can be told apart by host.');
    }
    report.errorIf(portNameError(name), WebhookCode.INVALID_PORT, at(p, 'name'), 'A port name is a DNS label, e.g. `https` or `tcp-db`.');
    report.errorIf(protocolError(protocol), WebhookCode.INVALID_PORT, at(p, 'protocol'), PROTOCOL_HINT);
    checkPort(report, port.number, at(p, 'number'));
  });

  switch (resolution) {
    case 'NONE':
      if (endpoints.length !== 0) report.error(CODE, 'spec.endpoints', 'no endpoints should be provided for resolution type none', 'Use resolution STATIC or DNS with endpoints.');
      if (selector) report.warn(CODE, 'spec.workloadSelector', 'workloadSelector should not be set when resolution mode is NONE', 'Use resolution STATIC to select workloads.');
      break;
    case 'STATIC':
      endpoints.forEach((e, i) => {
        const ep = asObj(e);
        if (!ep) report.error(CODE, at('spec.endpoints', i), 'endpoint cannot be nil');
        else checkWorkloadEntry(report, ep, at('spec.endpoints', i), portNames);
      });
      break;
    case 'DNS':
    case 'DNS_ROUND_ROBIN':
      checkDnsResolution(report, resolution, hosts, addresses, endpoints, ports, portNames);
      break;
    case 'DYNAMIC_DNS':
      checkDynamicDns(report, hosts, addresses, endpoints, ports, spec, labels, version);
      break;
    default:
      report.error(CODE, 'spec.resolution', `unsupported resolution type ${resolution}`, 'Use NONE, STATIC, DNS or DNS_ROUND_ROBIN.');
  }

  if (resolution !== 'NONE' && hosts.length > 1) {
    for (let i = 0; i < ports.length; i++) {
      const port = asObj(ports[i]);
      if (!port) continue;
      const p = parseProtocol(str(port.protocol));
      if (!isHttpProtocol(p) && !isTlsProtocol(p)) {
        report.error(CODE, at('spec.ports', i), 'multiple hosts provided with non-HTTP, non-TLS ports',
          'With several hosts, Istio can only tell them apart on HTTP (Host header) or TLS (SNI) ports; split the ServiceEntry or use resolution NONE.');
        break;
      }
    }
  }
  checkExportTo(report, spec.exportTo, 'spec.exportTo', namespace, { serviceEntry: true });
}

function checkDnsResolution(report: Report, resolution: string, hosts: readonly string[], addresses: readonly string[], endpoints: readonly unknown[],
  ports: readonly unknown[], portNames: ReadonlySet<string>): void {
  if (endpoints.length === 0) {
    for (let i = 0; i < hosts.length; i++) {
      const err = fqdnError(hosts[i]);
      if (err) {
        report.error(CODE, at('spec.hosts', i), `hosts must be FQDN or contain only prefix wildcards if no endpoints are provided for resolution mode ${resolution}, ${err}`,
          'DNS resolution looks the host up: use a concrete name, or add endpoints.');
        break;
      }
    }
  }
  if (resolution === 'DNS_ROUND_ROBIN' && endpoints.length > 1) {
    report.error(CODE, 'spec.endpoints', `there must only be 0 or 1 endpoint for resolution mode ${resolution}`, 'Use resolution DNS for several endpoints.');
  }
  endpoints.forEach((e, i) => {
    const p = at('spec.endpoints', i);
    const ep = asObj(e);
    if (!ep) {
      report.error(CODE, p, 'endpoint cannot be nil');
      return;
    }
    const address = str(ep.address);
    if (!isIPAddress(address) && fqdnError(address)) {
      report.error(WebhookCode.INVALID_ADDRESS, at(p, 'address'), `endpoint address "${address}" is not a valid FQDN or an IP address`);
    }
    checkLabels(report, ep.labels, at(p, 'labels'));
    for (const [name, port] of entriesOf(ep.ports)) {
      const pp = at(at(p, 'ports'), name);
      if (!portNames.has(name)) report.error(WebhookCode.INVALID_PORT, pp, `endpoint port ${String(port)} is not defined by the service entry`, 'Endpoint ports are keyed by the name of a ServiceEntry port.');
      report.errorIf(portNameError(name), WebhookCode.INVALID_PORT, pp);
      checkPort(report, port, pp);
    }
  });
  if (addresses.length > 0) {
    for (let i = 0; i < ports.length; i++) {
      const port = asObj(ports[i]);
      if (!port) {
        report.error(CODE, at('spec.ports', i), 'ports cannot be nil');
        continue;
      }
      if (isTcpProtocol(parseProtocol(str(port.protocol)))) {
        if (hosts.length > 1) report.warn(CODE, 'spec.hosts', 'service entry can not have more than one host specified simultaneously with address and tcp port');
        break;
      }
    }
  }
}

function checkDynamicDns(report: Report, hosts: readonly string[], addresses: readonly string[], endpoints: readonly unknown[],
  ports: readonly unknown[],
  spec: JsonObject, labels: JsonObject, version: IstioVersion): void {
  if (hosts.length === 0) report.error(CODE, 'spec.hosts', 'at least one wildcard host must be provided for resolution type DYNAMIC_DNS');
  hosts.forEach((h, i) => {
    if (!isWildcarded(h)) report.error(CODE, at('spec.hosts', i), 'host must be wildcarded for resolution mode DYNAMIC_DNS', 'Use a wildcard host such as `*.example.com`.');
  });
  if (addresses.length !== 0) report.error(CODE, 'spec.addresses', 'addresses cannot be set for resolution type DYNAMIC_DNS');
  if (endpoints.length !== 0) report.error(CODE, 'spec.endpoints', 'endpoints cannot be set for resolution type DYNAMIC_DNS');
  ports.forEach((pv, i) => {
    const port = asObj(pv);
    if (!port) {
      report.error(CODE, at('spec.ports', i), 'port cannot be nil');
      return;
    }
    const supported = sinceRelease(DYNAMIC_DNS_PROTOCOLS, version) ?? [];
    if (!supported.includes(parseProtocol(str(port.protocol)))) {
      report.error(CODE, at(at('spec.ports', i), 'protocol'), `only ${supported.join(', ')} protocols are supported for resolution type DYNAMIC_DNS in Istio ${version}`);
    }
  });
  const location = enumName(spec.location, LOCATIONS);
  if (!isAtLeast(version, IstioVersion.V1_30) && location !== 'MESH_EXTERNAL') {
    report.error(CODE, 'spec.location', `location must be MESH_EXTERNAL for resolution type DYNAMIC_DNS in Istio ${version}`);
  } else if (location !== 'MESH_EXTERNAL' && location !== 'MESH_INTERNAL') {
    report.error(CODE, 'spec.location', 'location must be MESH_EXTERNAL or MESH_INTERNAL for resolution type DYNAMIC_DNS');
  }
  const waypoint = str(labels['istio.io/use-waypoint']);
  if (location === 'MESH_INTERNAL' && waypoint !== '' && waypoint.toLowerCase() !== 'none') {
    report.error(CODE, 'spec.location', 'location MESH_INTERNAL with resolution type DYNAMIC_DNS is not supported when using waypoints');
  }
}
