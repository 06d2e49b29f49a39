import { Construct } from 'constructs';
import { Backend } from './references';
import { GatewayRoute, HostnameRouteProps, RouteProps } from './route';
import type { TcpRouteSpec, TlsRouteSpec } from '../../imports/gateway.networking.k8s.io';
import { detachOnError, throwIfProblems } from '../core/errors';
import { GATEWAY_API, GATEWAY_API_V1ALPHA2 } from '../core/gateway-api';
import type { Wire } from '../core/wire';

/** Props of a TCPRoute. */
export interface TcpRouteProps extends RouteProps {
  /** Where the connections go, split by weight. */
  readonly backends: Backend[];
}

/**
 * A Kubernetes Gateway API TCPRoute (`gateway.networking.k8s.io/v1alpha2`): forwards the connections of a
 * TCP (or terminated TLS) listener. TCPRoute is only in the experimental channel: set
 * `IstioSettings.apply(app, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL })` on a cluster that has it.
 */
export class TcpRoute extends GatewayRoute<TcpRouteSpec> {
  private readonly backends: Backend[];

  /** @throws when there is no backend */
  public constructor(scope: Construct, id: string, props: TcpRouteProps) {
    super(scope, id, GATEWAY_API_V1ALPHA2, 'TCPRoute', props);
    this.backends = [...props.backends];
    detachOnError(this, () => throwIfProblems(this, [
      ...this.routeProblems(),
      ...(this.backends.length === 0 ? [{ field: 'spec.rules[0].backendRefs', problem: 'no backend', fix: 'Give at least one Backend.' }] : []),
    ]));
  }

  protected renderSpec(): Wire<TcpRouteSpec> {
    return { ...this.renderRouteSpec(), rules: [{ backendRefs: this.renderBackends(this.backends) }] };
  }
}

/** Props of a TLSRoute. */
export interface TlsRouteProps extends HostnameRouteProps {
  /** The SNI host names routed (at least one). */
  readonly hostnames: string[];
  /** Where the connections go, split by weight. */
  readonly backends: Backend[];
}

/** A Kubernetes Gateway API TLSRoute (`gateway.networking.k8s.io/v1`): routes TLS connections by SNI, passed through to the backends. */
export class TlsRoute extends GatewayRoute<TlsRouteSpec> {
  private readonly backends: Backend[];

  /** @throws when there is no host name or no backend */
  public constructor(scope: Construct, id: string, props: TlsRouteProps) {
    super(scope, id, GATEWAY_API, 'TLSRoute', props);
    this.backends = [...props.backends];
    detachOnError(this, () => throwIfProblems(this, [
      ...this.routeProblems(),
      ...(props.hostnames.length === 0 ? [{ field: 'spec.hostnames', problem: 'a TLSRoute needs at least one host name', fix: 'Give the SNI names to route.' }] : []),
      ...(this.backends.length === 0 ? [{ field: 'spec.rules[0].backendRefs', problem: 'no backend', fix: 'Give at least one Backend.' }] : []),
    ]));
  }

  protected renderSpec(): Wire<TlsRouteSpec> {
    // A TLSRoute requires hostnames: the constructor refuses one without.
    const { hostnames = [], ...route } = this.renderRouteSpec();
    return { ...route, hostnames, rules: [{ backendRefs: this.renderBackends(this.backends) }] };
  }
}
