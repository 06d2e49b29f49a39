import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import type { CanaryRouteProps, ServiceVersion } from './canary-route';
import { noGatewayApiEquivalent } from './routing-api';
import { configError } from '../core/errors';
import { HttpRoute, HttpRouteFilter, HttpRouteMatch, MatchType } from '../gateway-api/http-route';
import { Backend, IBackendService, IRouteParent, RouteParent } from '../gateway-api/references';

/** The Gateway API objects of a CanaryRoute. */
export interface GatewayApiCanary {
  readonly httpRoute: HttpRoute;
  readonly versionServices: { [version: string]: IBackendService };
}

/**
 * A CanaryRoute as Gateway API objects: the Gateway API has no subsets, so each version is a Service (taken from
 * `versionServices`, or created selecting the version's labels), and an HTTPRoute splits traffic between them with
 * weighted backendRefs. Parents: the given ones (Gateway listeners), else the service itself (mesh traffic, GAMMA).
 */
export function canaryAsGatewayApi(
  scope: Construct, name: string, weight: number, overrides: HttpRouteMatch[], props: CanaryRouteProps,
): GatewayApiCanary {
  if (props.trafficPolicy) {
    throw noGatewayApiEquivalent(scope, 'trafficPolicy (connection pool, outlier detection, TLS)', 'Define a DestinationRule for the version Services (Istio applies it to Gateway API traffic too), or use api: RoutingApi.ISTIO.');
  }
  if (props.gateways?.length) {
    throw configError(scope, 'gateways are Istio Gateways; with api: RoutingApi.GATEWAY_API attach to Gateway API Gateways with gatewayApiParents (e.g. [gateway.listener(\'https\')]).');
  }
  if (props.mirrorPercent !== undefined && !Number.isInteger(props.mirrorPercent)) {
    throw noGatewayApiEquivalent(scope, `a fractional mirrorPercent (${props.mirrorPercent})`, 'Use a whole percentage.');
  }
  const namespace = props.namespace;
  const given = props.versionServices ?? {};
  const services: { [version: string]: IBackendService } = {};
  for (const v of [props.stable, props.canary, ...props.otherVersions ?? []]) {
    services[v.name] = given[v.name] ?? versionService(scope, name, v, namespace, props);
  }
  const backend = (v: ServiceVersion, w?: number) => Backend.service(services[v.name], { port: props.port, weight: w });
  const host = props.host.split('.')[0];
  const parents: IRouteParent[] = props.gatewayApiParents?.length ? [...props.gatewayApiParents]
    : [RouteParent.service({ name: host, metadata: { namespace: props.host.split('.')[1] ?? namespace } }, props.port)];
  const httpRoute = new HttpRoute(scope, 'HTTPRoute', {
    metadata: { name, namespace },
    parents,
    hostnames: props.gatewayApiParents?.length ? props.gatewayHosts : undefined,
  });
  for (const match of overrides) httpRoute.addRule({ matches: [match], backends: [backend(props.canary)] });
  httpRoute.addRule({
    filters: props.mirrorPercent !== undefined ? [HttpRouteFilter.mirror(backend(props.canary), { percent: props.mirrorPercent })] : undefined,
    backends: [backend(props.stable, 100 - weight), backend(props.canary, weight)],
  });
  return { httpRoute, versionServices: services };
}

/** A Service selecting one version's pods (`<name>-<version>`), created when none is given. */
function versionService(scope: Construct, name: string, v: ServiceVersion, namespace: string | undefined, props: CanaryRouteProps): IBackendService {
  if (props.port === undefined) {
    throw configError(scope, `api: RoutingApi.GATEWAY_API routes to a Service per version, and no port is given to create Service ${name}-${v.name}: set port, or pass versionServices.`);
  }
  const selector = { ...(props.serviceSelector ?? { app: name }), ...(v.workload ? v.workload.matchLabels : v.labels ?? { version: v.name }) };
  const svcName = `${name}-${v.name}`;
  new ApiObject(scope, `Service-${v.name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svcName, namespace },
    spec: { selector, ports: [{ name: 'http', port: props.port, targetPort: props.targetPort ?? props.port }] },
  });
  return { name: svcName, metadata: { namespace }, ports: [{ port: props.port }] };
}

/** The canary override as Gateway API matches: an exact header, or the cookie anywhere in the Cookie header. */
export function gatewayApiOverrides(header: { name: string; value: string } | undefined, cookieRegex: string | undefined): HttpRouteMatch[] {
  const matches: HttpRouteMatch[] = [];
  if (header) matches.push({ headers: [{ name: header.name.toLowerCase(), value: header.value }] });
  if (cookieRegex) matches.push({ headers: [{ name: 'cookie', value: cookieRegex, type: MatchType.REGULAR_EXPRESSION }] });
  return matches;
}
