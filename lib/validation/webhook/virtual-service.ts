import { isIPAddress, ipSubnetError } from './addresses';
import { WebhookCode } from './codes';
import { checkExportTo, checkPort } from './common';
import { checkGatewayNames } from './gateway-names';
import { isJwtClaimRoute } from './headers';
import { gatewayBoundDomainError, wildcardDomainError } from './hosts';
import { checkHTTPRoute, checkRouteDestinations } from './http-route';
import { checkLabels } from './labels';
import { Report } from './report';
import { checkUnreachableRules } from './unreachable';
import { hostSubsetOf, hostsMatch } from '../../vocab/hosts';
import { arr, asObj, entriesOf, JsonObject, nonEmpty, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_VIRTUAL_SERVICE;
const HOST_HINT = 'Use service names (`reviews`), FQDNs (`reviews.prod.svc.cluster.local`) or wildcards (`*.example.com`).';

/** Whether a VirtualService is bound to gateways only (not `mesh`). Like istiod, no gateways at all counts as "gateway" here. */
function boundToGatewaysOnly(spec: JsonObject): boolean {
  return !arr(spec.gateways).some((g) => g === 'mesh');
}

function hasSniHosts(spec: JsonObject): boolean {
  return arr(spec.tls).some((t) => arr(asObj(t)?.match).some((m) => nonEmpty(asObj(m)?.sniHosts)));
}

/** VirtualService (istiod's `ValidateVirtualService`). */
export function checkVirtualService(report: Report, spec: JsonObject, namespace: string, annotations: JsonObject): void {
  const hosts = arr(spec.hosts).map((h) => str(h));
  const gateways = arr(spec.gateways);
  const delegate = hosts.length === 0;
  if (delegate) {
    const hint = 'A VirtualService without hosts is a delegate: it only takes HTTP routes handed to it by another VirtualService.';
    if (gateways.length > 0) report.error(CODE, 'spec.gateways', 'delegate virtual service must have no gateways specified', hint);
    if (nonEmpty(spec.tls)) report.error(CODE, 'spec.tls', 'delegate virtual service must have no tls route specified', hint);
    if (nonEmpty(spec.tcp)) report.error(CODE, 'spec.tcp', 'delegate virtual service must have no tcp route specified', hint);
  }
  const gatewaySemantics = annotations['internal.istio.io/route-semantics'] === 'gateway';
  let appliesToGateway = false;
  let appliesToMesh = true;
  if (gateways.length > 0) {
    checkGatewayNames(report, gateways, 'spec.gateways', gatewaySemantics);
    appliesToGateway = boundToGatewaysOnly(spec);
    appliesToMesh = !appliesToGateway;
  }
  if (!appliesToGateway) {
    arr(spec.http).forEach((h, i) => arr(asObj(h)?.match).forEach((m, j) => {
      for (const field of ['headers', 'withoutHeaders']) {
        for (const [key] of entriesOf(asObj(m)?.[field])) {
          if (isJwtClaimRoute(key)) {
            report.error(WebhookCode.INVALID_MATCH, at(at(at(at(at('spec.http', i), 'match'), j), field), key),
              `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways`,
              'Bind the VirtualService to an ingress gateway (spec.gateways) to route on JWT claims.');
          }
        }
      }
    }));
  }

  let allHostsValid = true;
  const sni = hasSniHosts(spec);
  hosts.forEach((host, i) => {
    const err = appliesToGateway ? gatewayBoundDomainError(sni, host) : wildcardDomainError(host);
    if (err) {
      if (!isIPAddress(host)) {
        report.error(WebhookCode.INVALID_HOST, at('spec.hosts', i), err, HOST_HINT);
        allHostsValid = false;
      }
    } else if (appliesToMesh && host === '*') {
      report.error(WebhookCode.INVALID_HOST, at('spec.hosts', i), 'wildcard host * is not allowed for virtual services bound to the mesh gateway',
        'Name the hosts the sidecars should route, or bind the VirtualService to a gateway.');
      allHostsValid = false;
    }
  });
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        if (hostsMatch(hosts[i], hosts[j])) {
          report.error(WebhookCode.INVALID_HOST, at('spec.hosts', j), `duplicate hosts in virtual service: ${hosts[i]} & ${hosts[j]}`,
            'List each host once; a wildcard already covers the hosts it matches.');
        }
      }
    }
  }

  if (!nonEmpty(spec.http) && !nonEmpty(spec.tcp) && !nonEmpty(spec.tls)) {
    report.error(CODE, 'spec', 'http, tcp or tls must be provided in virtual service', 'Add at least one http, tcp or tls route.');
  }
  arr(spec.http).forEach((h, i) => {
    const route = asObj(h);
    if (!route) report.error(CODE, at('spec.http', i), 'http route may not be null');
    else checkHTTPRoute(report, route, at('spec.http', i), delegate, gatewaySemantics);
  });
  arr(spec.tls).forEach((t, i) => {
    const route = asObj(t);
    if (route) checkTLSRoute(report, route, at('spec.tls', i), spec, hosts, gatewaySemantics);
  });
  arr(spec.tcp).forEach((t, i) => {
    const route = asObj(t);
    if (route) checkTCPRoute(report, route, at('spec.tcp', i), gatewaySemantics);
  });
  checkExportTo(report, spec.exportTo, 'spec.exportTo', namespace);
  checkUnreachableRules(report, spec.http, 'spec.http', true);
  checkUnreachableRules(report, spec.tcp, 'spec.tcp', false);
  checkUnreachableRules(report, spec.tls, 'spec.tls', false);
}

function checkL4Match(report: Report, m: JsonObject, path: string): void {
  arr(m.destinationSubnets).forEach((s, i) => report.errorIf(ipSubnetError(str(s)), WebhookCode.INVALID_ADDRESS, at(at(path, 'destinationSubnets'), i)));
  if (num(m.port) !== 0) checkPort(report, m.port, at(path, 'port'));
  checkLabels(report, m.sourceLabels, at(path, 'sourceLabels'));
  checkGatewayNames(report, m.gateways, at(path, 'gateways'), false);
}

function checkTLSRoute(report: Report, tls: JsonObject, path: string, spec: JsonObject, hosts: readonly string[], gatewaySemantics: boolean): void {
  const matches = arr(tls.match);
  if (matches.length === 0) report.error(CODE, at(path, 'match'), 'TLS route must have at least one match condition', 'Match on sniHosts.');
  matches.forEach((mv, i) => {
    const p = at(at(path, 'match'), i);
    const m = asObj(mv);
    if (!m) {
      report.error(CODE, p, 'TLS match may not be null');
      return;
    }
    const sniHosts = arr(m.sniHosts).map((h) => str(h));
    if (sniHosts.length === 0) report.error(CODE, at(p, 'sniHosts'), 'TLS match must have at least one SNI host', 'List the SNI names this route takes.');
    sniHosts.forEach((sni, j) => checkSniHost(report, sni, at(at(p, 'sniHosts'), j), spec, hosts));
    checkL4Match(report, m, p);
  });
  if (!nonEmpty(tls.route)) report.error(CODE, at(path, 'route'), 'TLS route is required', 'Add a route with a destination.');
  checkRouteDestinations(report, tls.route, at(path, 'route'), gatewaySemantics, false);
}

function checkSniHost(report: Report, sni: string, path: string, spec: JsonObject, hosts: readonly string[]): void {
  const err = boundToGatewaysOnly(spec) ? gatewayBoundDomainError(true, sni) : wildcardDomainError(sni);
  if (err) {
    if (isIPAddress(sni)) {
      report.warn(WebhookCode.INVALID_HOST, path, `using an IP address ("${sni}") goes against SNI spec and most clients do not support this`);
      return;
    }
    report.error(WebhookCode.INVALID_HOST, path, err, HOST_HINT);
    return;
  }
  if (!hosts.some((h) => hostSubsetOf(sni, h))) {
    report.error(WebhookCode.INVALID_HOST, path, `SNI host "${sni}" is not a compatible subset of any of the virtual service hosts: [${hosts.join(', ')}]`,
      'Each SNI host must be one of spec.hosts or covered by a wildcard among them.');
  }
}

function checkTCPRoute(report: Report, tcp: JsonObject, path: string, gatewaySemantics: boolean): void {
  arr(tcp.match).forEach((mv, i) => {
    const m = asObj(mv);
    if (!m) report.error(CODE, at(at(path, 'match'), i), 'tcp match may not be nil');
    else checkL4Match(report, m, at(at(path, 'match'), i));
  });
  if (!nonEmpty(tcp.route)) report.error(CODE, at(path, 'route'), 'TCP route is required', 'Add a route with a destination.');
  checkRouteDestinations(report, tcp.route, at(path, 'route'), gatewaySemantics, false);
}
