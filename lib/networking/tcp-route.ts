import { nonEmpty } from './checks';
import { IDestination, renderDestination } from './destination';
import { checkWeights } from './http-route';
import { checkL4Match, checkTlsMatch, L4Match, renderL4Match, renderTlsMatch, TlsMatch } from './match';
import type { VirtualServiceSpecTcp, VirtualServiceSpecTcpRoute, VirtualServiceSpecTls } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** One destination of a TCP or TLS route and its share of the connections. */
export interface RouteDestination {
  /** Where to send: `Destination.host()`, `Destination.service()` or `destinationRule.subset()`. */
  readonly destination: IDestination;
  /**
   * The share of connections, 0 to 100, relative to the other destinations.
   * @default - all connections when this is the only destination
   */
  readonly weight?: number;
}

/** A route for opaque TCP traffic. */
export interface TcpRouteOptions {
  /**
   * Conditions; the route applies when any of them holds.
   * @default - every connection
   */
  readonly match?: L4Match[];
  /** Destinations with weights; at least one. */
  readonly route: RouteDestination[];
}

/** A route for TLS traffic that is passed through unterminated, chosen by SNI. */
export interface TlsRouteOptions {
  /** Conditions, at least one; each names the SNI hosts it applies to. */
  readonly match: TlsMatch[];
  /** Destinations with weights; at least one. */
  readonly route: RouteDestination[];
}

function checkDestinations(route: readonly RouteDestination[] | undefined, what: string): void {
  if (!route || route.length === 0) {
    throw fieldError(what, 'has no destination: give at least one in route.');
  }
  checkWeights(route, what);
}

function renderRouteDestinations(route: readonly RouteDestination[], namespace?: string): Wire<VirtualServiceSpecTcpRoute>[] {
  return route.map((d) => dropUndefined<Wire<VirtualServiceSpecTcpRoute>>({
    destination: renderDestination(d.destination, namespace),
    weight: d.weight,
  }));
}

/** Checks a TCP route when it is added. */
export function checkTcpRoute(route: TcpRouteOptions, what: string): void {
  (route.match ?? []).forEach((m, i) => checkL4Match(m, `${what}.match[${i}]`));
  checkDestinations(route.route, what);
}

/** Renders a TCP route. */
export function renderTcpRoute(route: TcpRouteOptions, namespace?: string): Wire<VirtualServiceSpecTcp> {
  return dropUndefined({
    match: nonEmpty(route.match)?.map((m) => renderL4Match(m, namespace)),
    route: renderRouteDestinations(route.route, namespace),
  });
}

/** Checks a TLS route when it is added. */
export function checkTlsRoute(route: TlsRouteOptions, what: string): void {
  if (!route.match || route.match.length === 0) {
    throw fieldError(what, 'needs at least one match with sniHosts.');
  }
  route.match.forEach((m, i) => checkTlsMatch(m, `${what}.match[${i}]`));
  checkDestinations(route.route, what);
}

/** Renders a TLS route. */
export function renderTlsRoute(route: TlsRouteOptions, namespace?: string): Wire<VirtualServiceSpecTls> {
  return {
    match: route.match.map((m) => renderTlsMatch(m, namespace)),
    route: renderRouteDestinations(route.route, namespace),
  };
}
