import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ingressAsGatewayApi } from './gateway-api-ingress';
import { patternName } from './pattern-util';
import { RoutingApi } from './routing-api';
import { configError } from '../core/errors';
import { MeshIntent } from '../core/mesh-intent';
import { KubernetesGateway } from '../gateway-api/gateway';
import { HttpRoute, HttpRouteRule } from '../gateway-api/http-route';
import { Gateway, GatewayServerOptions } from '../networking/gateway';
import { HttpRouteOptions } from '../networking/http-route';
import { Protocol } from '../networking/port';
import { ServerTls, TlsProtocolVersion } from '../networking/tls';
import { VirtualService } from '../networking/virtual-service';

/** Whether clients must present a certificate (mutual TLS at the gateway). */
export enum ClientCertificates {
  /** Clients must present a certificate signed by the CA (Gateway tls mode `MUTUAL`). */
  REQUIRED = 'REQUIRED',
  /** Clients may present one, which is then verified (Gateway tls mode `OPTIONAL_MUTUAL`). */
  OPTIONAL = 'OPTIONAL',
}

/** HTTPS termination at the gateway. */
export interface IngressTlsOptions {
  /**
   * The Secret holding the certificate and key, e.g. `shop-example-com-cert`. istiod reads it from the namespace the
   * gateway PODS run in (pilot/pkg/xds/sds.go), not the Gateway object's: `istio-system` for the default
   * `istio: ingressgateway`. The analysis warns (CIS5030) when the app defines it in the Gateway's namespace instead.
   */
  readonly credentialName: string;
  /**
   * The HTTPS port of the gateway.
   * @default 443
   */
  readonly port?: number;
  /**
   * The HTTP port answering with a redirect to HTTPS; `false` for no HTTP server at all.
   * @default 80
   */
  readonly redirectHttpPort?: number | false;
  /**
   * The oldest TLS version accepted.
   * @default TlsProtocolVersion.TLSV1_2
   */
  readonly minProtocolVersion?: TlsProtocolVersion;
  /**
   * Client certificates (mutual TLS with the clients): verified against the CA in the credential's `ca.crt` key, or
   * in a Secret `<credentialName>-cacert` beside it.
   * @default - none asked (plain HTTPS)
   */
  readonly clientCertificates?: ClientCertificates;
}

/** Plain HTTP at the gateway: an explicit choice, for local clusters or a TLS-terminating load balancer in front. */
export interface IngressPlainHttpOptions {
  /** The gateway's HTTP port, e.g. 80 or 8080. */
  readonly port: number;
}

/** Props of an IngressRoute. */
export interface IngressRouteProps {
  /** The host names clients use, e.g. `shop.example.com` (`*` for any). */
  readonly hosts: string[];
  /**
   * Name of the VirtualService.
   * @default - the construct's id (`new IngressRoute(chart, 'shop', ...)` → `shop`, Gateway `shop-gateway`)
   */
  readonly name?: string;
  /**
   * Name of the Gateway.
   * @default '<name>-gateway'
   */
  readonly gatewayName?: string;
  /**
   * Namespace of the objects.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * HTTPS termination, with HTTP redirected to HTTPS. Give this or `plainHttp`.
   * @default - none; then `plainHttp` is required
   */
  readonly tls?: IngressTlsOptions;
  /**
   * Serve plain HTTP without TLS. Give this or `tls`.
   * @default - none; then `tls` is required
   */
  readonly plainHttp?: IngressPlainHttpOptions;
  /**
   * The namespaces whose VirtualServices may bind to the Gateway's hosts (written as `<ns>/<host>` in the Gateway's
   * servers); `.` is the Gateway's own namespace. Other namespaces' routes for these hosts are then ignored.
   * @default ['*'] - any namespace
   */
  readonly routeNamespaces?: string[];
  /**
   * Labels of the gateway pods.
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: { [key: string]: string };
  /**
   * The HTTP routes, tried in order; more with `addRoute()`.
   * @default - none (at least one is needed at synth)
   */
  readonly routes?: HttpRouteOptions[];
  /**
   * The API to emit: an Istio Gateway and VirtualService, or a Kubernetes Gateway API Gateway (class `istio`) and
   * HTTPRoutes, with the HTTP to HTTPS redirect as an HTTPRoute RequestRedirect filter.
   * @default RoutingApi.ISTIO
   */
  readonly api?: RoutingApi;
  /**
   * With `RoutingApi.GATEWAY_API`: the HTTPRoute's rules (instead of `routes`). More can be added with `addGatewayApiRule()`.
   * @default - none
   */
  readonly gatewayApiRules?: HttpRouteRule[];
}

/**
 * Traffic from outside into the mesh: an ingress Gateway (HTTPS with a TLS credential and HTTP→HTTPS redirect,
 * or an explicit plain HTTP server) and a VirtualService bound to it with the routes.
 *
 * @example
 * new IngressRoute(chart, 'shop', {
 *   hosts: ['shop.example.com'],
 *   tls: { credentialName: 'shop-example-com-cert' },
 *   routes: [{ match: [{ uri: StringMatch.prefix('/') }], route: [{ destination: Destination.host('frontend', { port: 8080 }) }] }],
 * });
 */
export class IngressRoute extends Construct {
  /** With `RoutingApi.GATEWAY_API`: the Gateway API Gateway. */
  public readonly kubernetesGateway?: KubernetesGateway;
  /** With `RoutingApi.GATEWAY_API`: the HTTPRoute with the app's rules. */
  public readonly httpRoute?: HttpRoute;
  /** With `RoutingApi.GATEWAY_API` and TLS: the HTTPRoute redirecting HTTP to HTTPS. */
  public readonly redirectRoute?: HttpRoute;
  private readonly istio?: { gateway: Gateway; virtualService: VirtualService };

  public constructor(scope: Construct, id: string, props: IngressRouteProps) {
    super(scope, id);
    if (props.hosts.length === 0) throw configError(this, 'hosts is empty: give the host names clients use, or \'*\'.');
    if (!props.tls === !props.plainHttp) {
      throw configError(this, props.tls ? 'tls and plainHttp are both set: give one.'
        : 'give tls (HTTPS with a credential, recommended) or plainHttp (an explicit choice of unencrypted HTTP).');
    }
    const name = patternName(this, props.name);
    const gatewayName = patternName(this, props.gatewayName ?? `${name}-gateway`);
    if ((props.api ?? RoutingApi.ISTIO) === RoutingApi.GATEWAY_API) {
      const emitted = ingressAsGatewayApi(this, name, gatewayName, props);
      this.kubernetesGateway = emitted.gateway;
      this.httpRoute = emitted.httpRoute;
      this.redirectRoute = emitted.redirectRoute;
      return;
    }
    const hosts = [...props.hosts];
    const routeNamespaces = props.routeNamespaces ?? ['*'];
    if (routeNamespaces.length === 0) throw configError(this, 'routeNamespaces is empty: name the namespaces whose routes may bind, \'.\' for the Gateway\'s own.');
    routeNamespaces.forEach((ns, i) => {
      if (ns !== '*' && ns !== '.' && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns)) {
        throw configError(this, `routeNamespaces[${i}] '${ns}' is not a namespace name, '.' or '*'.`);
      }
    });
    const serverHosts = routeNamespaces.includes('*') ? hosts : routeNamespaces.flatMap((ns) => hosts.map((h) => `${ns}/${h}`));
    const servers: GatewayServerOptions[] = [];
    if (props.tls) {
      const tls = props.tls;
      const options = { minProtocolVersion: tls.minProtocolVersion ?? TlsProtocolVersion.TLSV1_2 };
      const serverTls = tls.clientCertificates === ClientCertificates.REQUIRED ? ServerTls.mutual(tls.credentialName, options)
        : tls.clientCertificates === ClientCertificates.OPTIONAL ? ServerTls.optionalMutual(tls.credentialName, options)
          : ServerTls.simple(tls.credentialName, options);
      servers.push({ port: { number: tls.port ?? 443, protocol: Protocol.HTTPS, name: 'https' }, hosts: serverHosts, tls: serverTls });
      if (tls.redirectHttpPort !== false) {
        servers.push({ port: { number: tls.redirectHttpPort ?? 80, protocol: Protocol.HTTP, name: 'http' }, hosts: serverHosts, httpsRedirect: true });
      }
    } else {
      servers.push({ port: { number: props.plainHttp!.port, protocol: Protocol.HTTP, name: 'http' }, hosts: serverHosts });
    }
    const gateway = new Gateway(this, 'Gateway', { metadata: { name: gatewayName, namespace: props.namespace }, selector: props.selector, servers });
    const virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name, namespace: props.namespace }, hosts, gateways: [gateway], http: props.routes,
    });
    this.istio = { gateway, virtualService };
    this.declareReachable(gatewayName, props);
  }

  /** The Gateway. @throws with `RoutingApi.GATEWAY_API` (see `kubernetesGateway`) */
  public get gateway(): Gateway {
    return this.istioPart().gateway;
  }

  /** The VirtualService with the routes. @throws with `RoutingApi.GATEWAY_API` (see `httpRoute`) */
  public get virtualService(): VirtualService {
    return this.istioPart().virtualService;
  }

  /** Adds an HTTP route after the existing ones. @throws with `RoutingApi.GATEWAY_API` (use `addGatewayApiRule()`) */
  public addRoute(route: HttpRouteOptions): this {
    this.virtualService.addHttpRoute(route);
    return this;
  }

  /** Adds an HTTPRoute rule. @throws with `RoutingApi.ISTIO` (use `addRoute()`) */
  public addGatewayApiRule(rule: HttpRouteRule): this {
    if (!this.httpRoute) throw configError(this, 'this IngressRoute emits Istio\'s API (api: RoutingApi.ISTIO): use addRoute().');
    this.httpRoute.addRule(rule);
    return this;
  }

  /**
   * The promise: users reach the routes' workloads through the gateway, for each host (a wildcard host is asked as
   * `www.` under it), on the served port, at each route's path (the first match's exact or prefix path, `/` without
   * a match; routes that redirect, answer themselves or match on more than the path are not asked).
   */
  private declareReachable(gatewayName: string, props: IngressRouteProps): void {
    const paths = [...new Set((props.routes ?? []).flatMap((r) => {
      if (r.redirect || r.directResponse || r.delegate) return [];
      const first = r.match?.[0];
      if (!first) return ['/'];
      const onlyUri = Object.entries(first).every(([k, v]) => k === 'uri' || v === undefined);
      return onlyUri && first.uri && first.uri.kind !== 'regex' ? [first.uri.value] : [];
    }))];
    const hosts = props.hosts.filter((h) => h !== '*').map((h) => (h.startsWith('*.') ? `www.${h.slice(2)}` : h));
    if (paths.length === 0) return;
    const namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    const port = props.tls ? props.tls.port ?? 443 : props.plainHttp!.port;
    hosts.forEach((host, i) => MeshIntent.reachable(this, {
      name: `reachable-intent${hosts.length > 1 ? `-${i + 1}` : ''}`, from: `gateway:${namespace}/${gatewayName}`, host, port, paths,
    }));
  }

  private istioPart(): NonNullable<IngressRoute['istio']> {
    if (!this.istio) throw configError(this, 'this IngressRoute emits the Gateway API (api: RoutingApi.GATEWAY_API): use kubernetesGateway and httpRoute.');
    return this.istio;
  }
}
