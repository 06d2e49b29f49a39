import { Construct } from 'constructs';
import { checkHosts, nonEmpty } from './checks';
import { IGatewayTarget, renderGateways } from './gateway-target';
import { checkHttpRoute, HttpRouteOptions, IVirtualServiceRef, renderHttpRoute } from './http-route';
import { checkTcpRoute, checkTlsRoute, renderTcpRoute, renderTlsRoute, TcpRouteOptions, TlsRouteOptions } from './tcp-route';
import type { VirtualServiceSpec } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { configError, detachOnError, fieldError, withConfigErrors } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Props of a VirtualService. */
export interface VirtualServiceProps extends IstioResourceProps {
  /**
   * The hosts the routes apply to: service names (`reviews`), FQDNs, external hosts, `*` on a gateway.
   * @default - none, for a delegate VirtualService (one that another VirtualService delegates to)
   */
  readonly hosts?: string[];
  /**
   * The gateways the routes apply to: `Gateway` constructs, `GatewayTarget.fromName('ns/name')`,
   * and `MESH` for the sidecars.
   * @default - the mesh only
   */
  readonly gateways?: IGatewayTarget[];
  /**
   * HTTP routes, tried in order. More can be added with `addHttpRoute()`.
   * @default - none
   */
  readonly http?: HttpRouteOptions[];
  /**
   * TCP routes. More can be added with `addTcpRoute()`.
   * @default - none
   */
  readonly tcp?: TcpRouteOptions[];
  /**
   * TLS passthrough routes. More can be added with `addTlsRoute()`.
   * @default - none
   */
  readonly tls?: TlsRouteOptions[];
  /**
   * Namespaces the VirtualService is visible to (`.` for its own, `*` for all).
   * @default - all namespaces
   */
  readonly exportTo?: string[];
}

/**
 * Istio's VirtualService: how requests to some hosts are routed.
 *
 * @example
 * const reviews = new DestinationRule(chart, 'reviews-dr', { host: 'reviews' });
 * reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
 * reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });
 * new VirtualService(chart, 'reviews', { hosts: ['reviews'] })
 *   .addHttpRoute({ route: [{ destination: reviews.subset('v1'), weight: 90 }, { destination: reviews.subset('v2'), weight: 10 }] });
 */
export class VirtualService extends IstioResource<VirtualServiceSpec> implements IVirtualServiceRef {
  private readonly hosts: string[];
  private readonly gateways: IGatewayTarget[];
  private readonly exportTo?: string[];
  private readonly httpRoutes: HttpRouteOptions[] = [];
  private readonly tcpRoutes: TcpRouteOptions[] = [];
  private readonly tlsRoutes: TlsRouteOptions[] = [];

  /** @throws when a host is empty or a route is invalid (see `addHttpRoute()`) */
  public constructor(scope: Construct, id: string, props: VirtualServiceProps = {}) {
    super(scope, id, { api: NETWORKING_API, kind: 'VirtualService' }, props);
    this.hosts = detachOnError(this, () => checkHosts(props.hosts ?? [], 'spec.hosts'));
    this.gateways = [...(props.gateways ?? [])];
    this.exportTo = props.exportTo ? [...props.exportTo] : undefined;
    detachOnError(this, () => {
      for (const r of props.http ?? []) this.addHttpRoute(r);
      for (const r of props.tcp ?? []) this.addTcpRoute(r);
      for (const r of props.tls ?? []) this.addTlsRoute(r);
    });
  }

  /** Adds a host the routes apply to. */
  public addHost(host: string): this {
    this.hosts.push(...withConfigErrors(this, () => checkHosts([host], `spec.hosts[${this.hosts.length}]`)));
    return this;
  }

  /** Attaches the VirtualService to a gateway (or `MESH`). */
  public addGateway(gateway: IGatewayTarget): this {
    this.gateways.push(gateway);
    return this;
  }

  /**
   * Adds an HTTP route after the existing ones (routes are tried in order).
   * @throws when the route has no destination, a weight outside 0..100, a bad duration or regex
   */
  public addHttpRoute(route: HttpRouteOptions): this {
    withConfigErrors(this, () => checkHttpRoute(route, `spec.http[${this.httpRoutes.length}]`));
    this.httpRoutes.push(route);
    return this;
  }

  /**
   * Inserts an HTTP route before the route at `index` (0 = first; routes are tried in order), e.g. a more specific
   * rule ahead of a catch-all one.
   * @throws when `index` is outside 0..(number of HTTP routes), or the route is invalid as for `addHttpRoute`
   */
  public insertHttpRoute(index: number, route: HttpRouteOptions): this {
    if (!Number.isInteger(index) || index < 0 || index > this.httpRoutes.length) {
      throw configError(this, { field: 'spec.http', problem: `has ${this.httpRoutes.length} routes, so a route cannot be inserted at ${index}`, fix: `Give an index in 0..${this.httpRoutes.length}.` });
    }
    withConfigErrors(this, () => checkHttpRoute(route, `spec.http[${index}]`));
    this.httpRoutes.splice(index, 0, route);
    return this;
  }

  /** The number of HTTP routes so far. */
  public get httpRouteCount(): number {
    return this.httpRoutes.length;
  }

  /** Adds a TCP route after the existing ones. */
  public addTcpRoute(route: TcpRouteOptions): this {
    withConfigErrors(this, () => checkTcpRoute(route, `spec.tcp[${this.tcpRoutes.length}]`));
    this.tcpRoutes.push(route);
    return this;
  }

  /** Adds a TLS passthrough route after the existing ones. */
  public addTlsRoute(route: TlsRouteOptions): this {
    withConfigErrors(this, () => checkTlsRoute(route, `spec.tls[${this.tlsRoutes.length}]`));
    this.tlsRoutes.push(route);
    return this;
  }

  private checkHostsAndGateways(gateways: string[] | undefined): void {
    const duplicate = this.hosts.find((h, i) => this.hosts.indexOf(h) !== i);
    if (duplicate) throw fieldError('spec.hosts', `host '${duplicate}' is listed twice.`);
    if (this.hosts.length === 0) {
      // A delegate VirtualService: Istio takes gateways and L4 routes from the one that delegates.
      if (gateways || this.tcpRoutes.length > 0 || this.tlsRoutes.length > 0) {
        throw fieldError('spec.hosts', 'a VirtualService without hosts is a delegate; it can have neither gateways nor tcp or tls routes.');
      }
      return;
    }
    const appliesToMesh = !gateways || gateways.includes('mesh');
    if (appliesToMesh && this.hosts.includes('*')) {
      throw fieldError('spec.hosts', 'host \'*\' is not allowed for the mesh; attach the VirtualService to a gateway, or name the hosts.');
    }
  }

  protected renderSpec(): Wire<VirtualServiceSpec> {
    if (this.httpRoutes.length + this.tcpRoutes.length + this.tlsRoutes.length === 0) {
      throw configError(this, 'the VirtualService has no routes; add one with addHttpRoute(), addTcpRoute() or addTlsRoute().');
    }
    const ns = this.namespace;
    const gateways = renderGateways(this.gateways, ns);
    this.checkHostsAndGateways(gateways);
    return dropUndefined({
      hosts: nonEmpty(this.hosts),
      gateways,
      http: nonEmpty(this.httpRoutes)?.map((r, i) => renderHttpRoute(r, `spec.http[${i}]`, ns)),
      tcp: nonEmpty(this.tcpRoutes)?.map((r) => renderTcpRoute(r, ns)),
      tls: nonEmpty(this.tlsRoutes)?.map((r) => renderTlsRoute(r, ns)),
      exportTo: this.exportTo,
    });
  }
}
