import { Duration } from 'cdk8s';
import { checkInteger, checkNonEmpty, checkPort, checkWeight, nonEmpty } from './checks';
import { CorsPolicy, renderCors } from './cors';
import { IDestination, renderDestination } from './destination';
import { HttpFault, renderFault, renderPercentage } from './fault';
import { Headers, renderHeaders } from './headers';
import { checkHttpMatch, checkRe2, HttpMatch, renderHttpMatch } from './match';
import { HttpRetry, renderRetry } from './retry';
import type {
  VirtualServiceSpecHttp, VirtualServiceSpecHttpDirectResponse, VirtualServiceSpecHttpRoute, VirtualServiceSpecHttpRedirect,
  VirtualServiceSpecHttpRewrite,
} from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** One destination of a route and its share of the traffic. */
export interface HttpRouteDestination {
  /** Where to send: `Destination.host()`, `Destination.service()` or `destinationRule.subset()`. */
  readonly destination: IDestination;
  /**
   * The share of traffic, 0 to 100, relative to the other destinations of the route.
   * @default - all traffic when this is the only destination
   */
  readonly weight?: number;
  /**
   * Header changes for traffic to this destination only.
   * @default - none
   */
  readonly headers?: Headers;
}

/** How a redirect chooses its port. */
export enum RedirectPortSelection {
  /** 80 for http, 443 for https. */
  FROM_PROTOCOL_DEFAULT = 'FROM_PROTOCOL_DEFAULT',
  /** The port the request came on. */
  FROM_REQUEST_PORT = 'FROM_REQUEST_PORT',
}

/** An HTTP redirect answered instead of forwarding; give at least one field. */
export interface HttpRedirect {
  /**
   * The path to redirect to.
   * @default - the request's path
   */
  readonly uri?: string;
  /**
   * The authority (host) to redirect to.
   * @default - the request's authority
   */
  readonly authority?: string;
  /**
   * The port to redirect to. Cannot be combined with `derivePort`.
   * @default - the request's port
   */
  readonly port?: number;
  /**
   * How to choose the port. Cannot be combined with `port`.
   * @default - the request's port
   */
  readonly derivePort?: RedirectPortSelection;
  /**
   * The scheme to redirect to, e.g. `https`.
   * @default - the request's scheme
   */
  readonly scheme?: string;
  /**
   * The redirect status code.
   * @default 301
   */
  readonly redirectCode?: number;
}

/** A rewrite of the request before it is forwarded. */
export interface HttpRewrite {
  /**
   * Replaces the matched `uri` prefix (or the whole path, for an exact match). Cannot be combined with `uriRegexRewrite`.
   * @default - the path is kept
   */
  readonly uri?: string;
  /**
   * Rewrites the path with an RE2 regular expression and a substitution (`\1` for groups).
   * @default - the path is kept
   */
  readonly uriRegexRewrite?: RegexRewrite;
  /**
   * Replaces the `Host`/`:authority` header.
   * @default - the authority is kept
   */
  readonly authority?: string;
}

/** A regular-expression path rewrite. */
export interface RegexRewrite {
  /** The RE2 regular expression to match against the path. */
  readonly match: string;
  /** The substitution, e.g. `/v2/\1`. */
  readonly rewrite: string;
}

/** A response answered directly, without forwarding. */
export interface HttpDirectResponse {
  /** The status code, 200 to 599. */
  readonly status: number;
  /**
   * The response body as text.
   * @default - an empty body
   */
  readonly body?: string;
}

/** Copies of traffic sent to another destination; responses are discarded. */
export interface HttpMirror {
  /** Where to send the copies. */
  readonly destination: IDestination;
  /**
   * The percentage of requests to mirror, 0 to 100.
   * @default 100
   */
  readonly percentage?: number;
}

/** A VirtualService to delegate to: a `VirtualService` construct, or any object with a name. */
export interface IVirtualServiceRef {
  /** Its name. */
  readonly name: string;
  /**
   * Its namespace; written in `delegate` only when it differs from the delegating VirtualService's.
   * @default - the delegating VirtualService's namespace
   */
  readonly namespace?: string;
}

/**
 * An HTTP route: conditions, and what to do with matching requests. Exactly one of `route`,
 * `redirect`, `directResponse` or `delegate` says what to do.
 * @example
 * vs.addHttpRoute({
 *   match: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
 *   route: [{ destination: reviews.subset('v2') }],
 *   timeout: Duration.seconds(10),
 * });
 */
export interface HttpRouteOptions {
  /**
   * A name for the route, shown in logs and metrics.
   * @default - none
   */
  readonly name?: string;
  /**
   * Conditions; the route applies when any of them holds.
   * @default - every request
   */
  readonly match?: HttpMatch[];
  /**
   * Destinations with weights.
   * @default - none: give `redirect`, `directResponse` or `delegate` instead
   */
  readonly route?: HttpRouteDestination[];
  /**
   * Answer with a redirect.
   * @default - none
   */
  readonly redirect?: HttpRedirect;
  /**
   * Answer with a fixed response.
   * @default - none
   */
  readonly directResponse?: HttpDirectResponse;
  /**
   * Hand the request to another VirtualService's routes (only in a VirtualService with hosts, and without `match`-less siblings after it).
   * @default - none
   */
  readonly delegate?: IVirtualServiceRef;
  /**
   * Rewrite path or authority before forwarding.
   * @default - none
   */
  readonly rewrite?: HttpRewrite;
  /**
   * The timeout of the whole request, at least 1ms.
   * @default - no timeout
   */
  readonly timeout?: Duration;
  /**
   * The retry policy.
   * @default - Istio's default: 2 attempts
   */
  readonly retries?: HttpRetry;
  /**
   * Faults to inject.
   * @default - none
   */
  readonly fault?: HttpFault;
  /**
   * Mirror traffic to another destination.
   * @default - none
   */
  readonly mirror?: HttpMirror;
  /**
   * CORS policy.
   * @default - none
   */
  readonly corsPolicy?: CorsPolicy;
  /**
   * Header changes for all destinations.
   * @default - none
   */
  readonly headers?: Headers;
}

/**
 * Checks what can be checked when a route is added: a route without a destination, weights outside
 * 0..100, bad durations, conflicting actions. Subset names are checked at synth.
 */
export function checkHttpRoute(route: HttpRouteOptions, what: string): void {
  const actions = (['route', 'redirect', 'directResponse', 'delegate'] as const).filter((k) =>
    k === 'route' ? (route.route ?? []).length > 0 : route[k] !== undefined);
  if (actions.length === 0) {
    throw fieldError(what, 'has no destination: give route (destinations), redirect, directResponse or delegate.');
  }
  if (actions.length > 1) {
    throw fieldError(what, `has both ${actions.join(' and ')}: a route does exactly one of these.`);
  }
  if ((route.redirect || route.directResponse) && (route.rewrite || route.fault)) {
    throw fieldError(what, `rewrite and fault apply to forwarded requests; they cannot be combined with ${actions[0]}.`);
  }
  (route.match ?? []).forEach((m, i) => checkHttpMatch(m, `${what}.match[${i}]`));
  checkWeights(route.route ?? [], what);
  (route.route ?? []).forEach((d, i) => renderHeaders(d.headers, `${what}.route[${i}].headers`));
  renderParts(route, what);
}

/** Checks the weights of a route's destinations: each 0..100, and not all 0. */
export function checkWeights(destinations: readonly { readonly weight?: number }[], what: string): void {
  destinations.forEach((d, i) => {
    if (d.weight !== undefined) checkWeight(d.weight, `${what}.route[${i}].weight`);
  });
  if (destinations.length > 1 && destinations.every((d) => (d.weight ?? 0) === 0)) {
    throw fieldError(what, `the weights of its ${destinations.length} destinations add up to 0; give each destination its share (e.g. 90 and 10).`);
  }
}

/** Renders an HTTP route; `namespace` is the VirtualService's. Resolves destinations (subsets are checked here). */
export function renderHttpRoute(route: HttpRouteOptions, what: string, namespace?: string): Wire<VirtualServiceSpecHttp> {
  const parts = renderParts(route, what);
  return dropUndefined({
    name: route.name,
    match: nonEmpty(route.match)?.map((m, i) => renderHttpMatch(m, `${what}.match[${i}]`, namespace)),
    route: nonEmpty(route.route)?.map((d, i) => dropUndefined<Wire<VirtualServiceSpecHttpRoute>>({
      destination: renderDestination(d.destination, namespace),
      weight: d.weight,
      headers: renderHeaders(d.headers, `${what}.route[${i}].headers`),
    })),
    redirect: parts.redirect,
    directResponse: parts.directResponse,
    delegate: route.delegate && dropUndefined({
      name: checkNonEmpty(route.delegate.name, `${what}.delegate.name`),
      namespace: route.delegate.namespace !== namespace ? route.delegate.namespace : undefined,
    }),
    rewrite: parts.rewrite,
    timeout: parts.timeout,
    retries: parts.retries,
    fault: parts.fault,
    mirror: route.mirror && renderDestination(route.mirror.destination, namespace),
    mirrorPercentage: parts.mirrorPercentage,
    corsPolicy: parts.corsPolicy,
    headers: parts.headers,
  });
}

/** Renders (and so checks) the parts of a route that do not depend on other constructs. */
function renderParts(route: HttpRouteOptions, what: string) {
  return {
    redirect: route.redirect && renderRedirect(route.redirect, `${what}.redirect`),
    directResponse: route.directResponse && renderDirectResponse(route.directResponse, `${what}.directResponse`),
    rewrite: route.rewrite && renderRewrite(route.rewrite, `${what}.rewrite`),
    timeout: route.timeout && renderIstioDuration(route.timeout, `${what}.timeout`),
    retries: route.retries && renderRetry(route.retries, `${what}.retries`),
    fault: route.fault && renderFault(route.fault, `${what}.fault`),
    mirrorPercentage: route.mirror && renderPercentage(route.mirror.percentage, `${what}.mirror.percentage`),
    corsPolicy: route.corsPolicy && renderCors(route.corsPolicy, `${what}.corsPolicy`),
    headers: renderHeaders(route.headers, `${what}.headers`),
  };
}

function renderRedirect(r: HttpRedirect, what: string): Wire<VirtualServiceSpecHttpRedirect> {
  if ([r.uri, r.authority, r.port, r.derivePort, r.scheme].every((v) => v === undefined)) {
    throw fieldError(what, 'must change something: give uri, authority, port, derivePort or scheme.');
  }
  if (r.port !== undefined && r.derivePort !== undefined) {
    throw fieldError(what, 'give port or derivePort, not both.');
  }
  if (r.port !== undefined) checkPort(r.port, `${what}.port`);
  if (r.scheme !== undefined && r.scheme !== 'http' && r.scheme !== 'https') {
    throw fieldError(`${what}.scheme`, `must be 'http' or 'https', got '${r.scheme}'.`);
  }
  if (r.redirectCode !== undefined && (!Number.isInteger(r.redirectCode) || r.redirectCode < 300 || r.redirectCode > 399)) {
    throw fieldError(`${what}.redirectCode`, `must be a 3xx status code, got ${r.redirectCode}.`);
  }
  const { uri, authority, port, derivePort, scheme, redirectCode } = r;
  return dropUndefined({ uri, authority, port, derivePort, scheme, redirectCode });
}

function renderRewrite(r: HttpRewrite, what: string): Wire<VirtualServiceSpecHttpRewrite> {
  if (r.uri !== undefined && r.uriRegexRewrite !== undefined) {
    throw fieldError(what, 'give uri or uriRegexRewrite, not both.');
  }
  if (r.uri === undefined && r.uriRegexRewrite === undefined && r.authority === undefined) {
    throw fieldError(what, 'must change something: give uri, uriRegexRewrite or authority.');
  }
  const regex = r.uriRegexRewrite;
  if (regex) checkRe2(regex.match, `${what}.uriRegexRewrite.match`);
  return dropUndefined({
    uri: r.uri,
    uriRegexRewrite: regex && { match: regex.match, rewrite: regex.rewrite },
    authority: r.authority,
  });
}

function renderDirectResponse(r: HttpDirectResponse, what: string): Wire<VirtualServiceSpecHttpDirectResponse> {
  checkInteger(r.status, `${what}.status`, 200);
  if (r.status > 599) throw fieldError(`${what}.status`, `must be an HTTP status code from 200 to 599, got ${r.status}.`);
  return dropUndefined({ status: r.status, body: r.body !== undefined ? { string: r.body } : undefined });
}
