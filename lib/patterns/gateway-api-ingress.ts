import { Construct } from 'constructs';
import type { IngressRouteProps } from './ingress-route';
import { noGatewayApiEquivalent } from './routing-api';
import { KubernetesGateway, ListenerProtocol } from '../gateway-api/gateway';
import { HttpRoute, HttpRouteFilter, RedirectStatusCode } from '../gateway-api/http-route';

/** The Gateway API objects of an IngressRoute. */
export interface GatewayApiIngress {
  readonly gateway: KubernetesGateway;
  readonly httpRoute: HttpRoute;
  readonly redirectRoute?: HttpRoute;
}

/**
 * An IngressRoute as Gateway API objects: a Gateway (class `istio`: Istio deploys it) with an HTTPS listener per
 * host and, unless turned off, an HTTP listener whose HTTPRoute answers with a 301 RequestRedirect to https; an
 * HTTPRoute with the app's rules on the HTTPS (or plain HTTP) listeners.
 */
export function ingressAsGatewayApi(scope: Construct, name: string, gatewayName: string, props: IngressRouteProps): GatewayApiIngress {
  if (props.routes?.length) {
    throw noGatewayApiEquivalent(scope, 'routes (VirtualService HTTP routes)', 'With api: RoutingApi.GATEWAY_API give gatewayApiRules (HTTPRoute rules), or use api: RoutingApi.ISTIO.');
  }
  if (props.selector) {
    throw noGatewayApiEquivalent(scope, 'selector (the pods of an existing gateway deployment)', 'Istio deploys a gateway per Gateway API Gateway; to share one, use api: RoutingApi.ISTIO.');
  }
  if (props.tls?.minProtocolVersion) {
    throw noGatewayApiEquivalent(scope, 'tls.minProtocolVersion', 'Istio\'s gateways accept TLS 1.2 and newer by default; for another minimum use api: RoutingApi.ISTIO.');
  }
  const namespace = props.namespace;
  const gateway = new KubernetesGateway(scope, 'Gateway', { metadata: { name: gatewayName, namespace } });
  const hosts = props.hosts.map((h) => (h === '*' ? undefined : h));
  const named = (prefix: string, i: number) => (hosts.length > 1 ? `${prefix}-${i}` : prefix);
  const appListeners = props.tls
    ? hosts.map((hostname, i) => gateway.addListener({
      name: named('https', i),
      port: props.tls!.port ?? 443,
      protocol: ListenerProtocol.HTTPS,
      hostname,
      tls: { certificates: [{ name: props.tls!.credentialName, metadata: { namespace } }] },
    }))
    : hosts.map((hostname, i) => gateway.addListener({ name: named('http', i), port: props.plainHttp!.port, protocol: ListenerProtocol.HTTP, hostname }));
  const hostnames = hosts.every((h) => h !== undefined) ? hosts as string[] : undefined;
  let redirectRoute: HttpRoute | undefined;
  if (props.tls && props.tls.redirectHttpPort !== false) {
    const httpListeners = hosts.map((hostname, i) => gateway.addListener({ name: named('http', i), port: props.tls!.redirectHttpPort || 80, protocol: ListenerProtocol.HTTP, hostname }));
    redirectRoute = new HttpRoute(scope, 'RedirectRoute', {
      metadata: { name: `${name}-https-redirect`, namespace },
      parents: httpListeners,
      hostnames,
      rules: [{ filters: [HttpRouteFilter.redirect({ scheme: 'https', statusCode: RedirectStatusCode.MOVED_PERMANENTLY })] }],
    });
  }
  const httpRoute = new HttpRoute(scope, 'HTTPRoute', { metadata: { name, namespace }, parents: appListeners, hostnames, rules: props.gatewayApiRules });
  return { gateway, httpRoute, redirectRoute };
}
