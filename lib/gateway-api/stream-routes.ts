import { Construct } from 'constructs';
import { Backend } from './references';
import { GatewayRoute, HostnameRouteProps, RouteProps } from './route';
import type { TcpRouteSpec, TlsRouteSpec, UdpRouteSpec } from '../../imports/gateway.networking.k8s.io';
import { IstioApiGroup } from '../core/api-group';
import { ConfigProblem, detachOnError, throwIfProblems } from '../core/errors';
import { GATEWAY_API, GATEWAY_API_V1ALPHA2 } from '../core/gateway-api';
import type { Wire } from '../core/wire';

/** Props of a route that forwards a listener's traffic to weighted backends without matching (TCP, UDP). */
export interface StreamRouteProps extends RouteProps {
  /** Where the traffic goes, split by weight. */
  readonly backends: Backend[];
}

/** Base of TCPRoute, UDPRoute and TLSRoute: one rule of weighted backends. */
export abstract class StreamRoute<L1Spec> extends GatewayRoute<L1Spec> {
  private readonly backends: Backend[];

  protected constructor(
    scope: Construct, id: string, api: IstioApiGroup, kind: string, props: StreamRouteProps & HostnameRouteProps, problems: ConfigProblem[] = [],
  ) {
    super(scope, id, api, kind, props);
    this.backends = [...props.backends];
    detachOnError(this, () => throwIfProblems(this, [
      ...this.routeProblems(),
      ...problems,
      ...(this.backends.length === 0 ? [{ field: 'spec.rules[0].backendRefs', problem: 'no backend', fix: 'Give at least one Backend.' }] : []),
    ]));
  }

  /** Parents, host names and the one rule of weighted backends. */
  protected renderStreamSpec() {
    return { ...this.renderRouteSpec(), rules: [{ backendRefs: this.renderBackends(this.backends) }] };
  }
}

/** Props of a TCPRoute. */
export interface TcpRouteProps extends StreamRouteProps {}

/**
 * A Kubernetes Gateway API TCPRoute (`gateway.networking.k8s.io/v1alpha2`): forwards the connections of a
 * TCP (or terminated TLS) listener. TCPRoute is only in the experimental channel: set
 * `IstioSettings.apply(app, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL })` on a cluster that has it.
 */
export class TcpRoute extends StreamRoute<TcpRouteSpec> {
  /** @throws when there is no backend */
  public constructor(scope: Construct, id: string, props: TcpRouteProps) {
    super(scope, id, GATEWAY_API_V1ALPHA2, 'TCPRoute', props);
  }

  protected renderSpec(): Wire<TcpRouteSpec> {
    return this.renderStreamSpec();
  }
}

/** Props of a UDPRoute. */
export interface UdpRouteProps extends StreamRouteProps {}

/**
 * A Kubernetes Gateway API UDPRoute (`gateway.networking.k8s.io/v1alpha2`): forwards the datagrams of a UDP
 * listener. UDPRoute is only in the experimental channel: set
 * `IstioSettings.apply(app, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL })` on a cluster that has it.
 * Istio 1.30 programs no UDP listener (its Gateway controller rejects the protocol), so a UDPRoute on an Istio
 * Gateway is not attached (the analysis reports it): it is for Gateways of other implementations.
 */
export class UdpRoute extends StreamRoute<UdpRouteSpec> {
  /** @throws when there is no backend */
  public constructor(scope: Construct, id: string, props: UdpRouteProps) {
    super(scope, id, GATEWAY_API_V1ALPHA2, 'UDPRoute', props);
  }

  protected renderSpec(): Wire<UdpRouteSpec> {
    return this.renderStreamSpec();
  }
}

/** Props of a TLSRoute. */
export interface TlsRouteProps extends StreamRouteProps, HostnameRouteProps {
  /** The SNI host names routed (at least one). */
  readonly hostnames: string[];
}

/** A Kubernetes Gateway API TLSRoute (`gateway.networking.k8s.io/v1`): routes TLS connections by SNI, passed through to the backends. */
export class TlsRoute extends StreamRoute<TlsRouteSpec> {
  /** @throws when there is no host name or no backend */
  public constructor(scope: Construct, id: string, props: TlsRouteProps) {
    super(scope, id, GATEWAY_API, 'TLSRoute', props,
      props.hostnames.length === 0 ? [{ field: 'spec.hostnames', problem: 'a TLSRoute needs at least one host name', fix: 'Give the SNI names to route.' }] : []);
  }

  protected renderSpec(): Wire<TlsRouteSpec> {
    // A TLSRoute requires hostnames: the constructor refuses one without.
    const { hostnames = [], ...spec } = this.renderStreamSpec();
    return { ...spec, hostnames };
  }
}
