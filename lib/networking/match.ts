import { checkNonEmpty, checkPort, compactOrUndefined, nonEmpty, nonEmptyRecord } from './checks';
import { IGatewayTarget, renderGateways } from './gateway-target';
import type { VirtualServiceSpecHttpMatch, VirtualServiceSpecHttpMatchHeaders, VirtualServiceSpecHttpMatchUri, VirtualServiceSpecTcpMatch, VirtualServiceSpecTlsMatch } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';
import { re2Error } from '../vocab/re2';

/** How a string is matched: exactly, by prefix, or by an RE2 regular expression. */
export class StringMatch {
  /** The whole string equals `value`. */
  public static exact(value: string): StringMatch {
    return new StringMatch('exact', value);
  }

  /** The string starts with `value`. */
  public static prefix(value: string): StringMatch {
    return new StringMatch('prefix', value);
  }

  /**
   * The whole string matches the RE2 regular expression `pattern` (Envoy uses RE2: no lookaround, no backreferences).
   * @throws when `pattern` is not valid RE2
   */
  public static regex(pattern: string): StringMatch {
    checkNonEmpty(pattern, 'StringMatch.regex pattern');
    checkRe2(pattern, 'StringMatch.regex');
    return new StringMatch('regex', pattern);
  }

  private constructor(
    /** Which kind of match: `exact`, `prefix` or `regex`. */
    public readonly kind: 'exact' | 'prefix' | 'regex',
    /** The value or pattern. */
    public readonly value: string,
  ) {}

  /** The match as Istio writes it, e.g. `{ exact: '/login' }`. */
  public toJson(): Wire<VirtualServiceSpecHttpMatchUri> {
    return { [this.kind]: this.value };
  }
}

/**
 * Throws when `pattern` is not a valid RE2 regular expression.
 * @param what where the pattern is used, for the message
 */
export function checkRe2(pattern: string, what: string): string {
  if (pattern.length > 1024) {
    throw fieldError(what, `the regular expression is ${pattern.length} characters long; Istio accepts at most 1024.`);
  }
  const error = re2Error(pattern);
  if (error !== undefined) {
    throw fieldError(what, `'${pattern}' is not a valid RE2 regular expression (${error}). Envoy matches with RE2, which has no lookaround or backreferences.`);
  }
  return pattern;
}

/** HTTP request methods, for `StringMatch.exact(HttpMethod.GET)`. */
export enum HttpMethod {
  /** GET */
  GET = 'GET',
  /** HEAD */
  HEAD = 'HEAD',
  /** POST */
  POST = 'POST',
  /** PUT */
  PUT = 'PUT',
  /** DELETE */
  DELETE = 'DELETE',
  /** PATCH */
  PATCH = 'PATCH',
  /** OPTIONS */
  OPTIONS = 'OPTIONS',
  /** CONNECT */
  CONNECT = 'CONNECT',
  /** TRACE */
  TRACE = 'TRACE',
}

/**
 * Conditions on an HTTP request; all that are set must hold. A route with several matches applies when any of them holds.
 * @example { uri: StringMatch.prefix('/api'), headers: { 'end-user': StringMatch.exact('jason') } }
 */
export interface HttpMatch {
  /**
   * A name for the match, appended to the route's name in logs.
   * @default - none
   */
  readonly name?: string;
  /**
   * The request path.
   * @default - any path
   */
  readonly uri?: StringMatch;
  /**
   * The URI scheme (`http`, `https`).
   * @default - any scheme
   */
  readonly scheme?: StringMatch;
  /**
   * The request method, e.g. `StringMatch.exact(HttpMethod.GET)`.
   * @default - any method
   */
  readonly method?: StringMatch;
  /**
   * The `Host`/`:authority` header.
   * @default - any authority
   */
  readonly authority?: StringMatch;
  /**
   * Request headers that must match (keys in lower case).
   * @default - no header condition
   */
  readonly headers?: { [name: string]: StringMatch };
  /**
   * Request headers that must NOT match.
   * @default - no header condition
   */
  readonly withoutHeaders?: { [name: string]: StringMatch };
  /**
   * Query parameters that must match.
   * @default - no query parameter condition
   */
  readonly queryParams?: { [name: string]: StringMatch };
  /**
   * Match `uri` case-insensitively.
   * @default false
   */
  readonly ignoreUriCase?: boolean;
  /**
   * The port the request was received on.
   * @default - any port
   */
  readonly port?: number;
  /**
   * Labels the calling workload must carry (sidecars only).
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * The namespace of the calling workload (sidecars only).
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Restricts the match to these of the VirtualService's gateways.
   * @default - every gateway the VirtualService is attached to
   */
  readonly gateways?: IGatewayTarget[];
  /**
   * A prefix for the statistics Envoy emits about this match.
   * @default - none
   */
  readonly statPrefix?: string;
}

/** Conditions on a TCP connection (for `tcp` routes). */
export interface L4Match {
  /**
   * The destination port.
   * @default - any port
   */
  readonly port?: number;
  /**
   * Destination IP addresses or CIDRs.
   * @default - any destination
   */
  readonly destinationSubnets?: string[];
  /**
   * The source IP address or CIDR (gateways only).
   * @default - any source
   */
  readonly sourceSubnet?: string;
  /**
   * Labels the calling workload must carry.
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * The namespace of the calling workload.
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Restricts the match to these of the VirtualService's gateways.
   * @default - every gateway the VirtualService is attached to
   */
  readonly gateways?: IGatewayTarget[];
}

/** Conditions on a TLS connection (for `tls` routes); routed by SNI. */
export interface TlsMatch {
  /** The SNI values to match; at least one. Wildcards such as `*.example.com` are allowed. */
  readonly sniHosts: string[];
  /**
   * The destination port.
   * @default - any port
   */
  readonly port?: number;
  /**
   * Destination IP addresses or CIDRs.
   * @default - any destination
   */
  readonly destinationSubnets?: string[];
  /**
   * Labels the calling workload must carry.
   * @default - any caller
   */
  readonly sourceLabels?: { [key: string]: string };
  /**
   * The namespace of the calling workload.
   * @default - any namespace
   */
  readonly sourceNamespace?: string;
  /**
   * Restricts the match to these of the VirtualService's gateways.
   * @default - every gateway the VirtualService is attached to
   */
  readonly gateways?: IGatewayTarget[];
}

/** Istio accepts an empty prefix only on `uri`. */
function checkNotEmptyPrefix(match: StringMatch | undefined, what: string): void {
  if (match?.kind === 'prefix' && match.value === '') {
    throw fieldError(what, 'an empty prefix matches everything and Istio rejects it here; omit the condition instead.');
  }
}

function renderStringMatches(
  matches: { [name: string]: StringMatch } | undefined, what: string,
): { [name: string]: Wire<VirtualServiceSpecHttpMatchHeaders> } | undefined {
  if (!matches) return undefined;
  for (const [name, match] of Object.entries(matches)) {
    checkNonEmpty(name, `${what} name`);
    checkNotEmptyPrefix(match, `${what}.${name}`);
  }
  return nonEmptyRecord(Object.fromEntries(Object.entries(matches).map(([k, v]) => [k, v.toJson()])));
}

/** Checks the parts of an HTTP match that can be checked without context. */
export function checkHttpMatch(match: HttpMatch, what: string): void {
  if (match.port !== undefined) checkPort(match.port, `${what}.port`);
  checkNotEmptyPrefix(match.scheme, `${what}.scheme`);
  checkNotEmptyPrefix(match.method, `${what}.method`);
  checkNotEmptyPrefix(match.authority, `${what}.authority`);
  renderStringMatches(match.headers, `${what}.headers`);
  renderStringMatches(match.withoutHeaders, `${what}.withoutHeaders`);
  renderStringMatches(match.queryParams, `${what}.queryParams`);
}

/** Renders an HTTP match; `namespace` is the VirtualService's, for gateway references. */
export function renderHttpMatch(match: HttpMatch, what: string, namespace?: string): Wire<VirtualServiceSpecHttpMatch> {
  return compactOrUndefined({
    name: match.name,
    uri: match.uri?.toJson(),
    scheme: match.scheme?.toJson(),
    method: match.method?.toJson(),
    authority: match.authority?.toJson(),
    headers: renderStringMatches(match.headers, `${what}.headers`),
    withoutHeaders: renderStringMatches(match.withoutHeaders, `${what}.withoutHeaders`),
    queryParams: renderStringMatches(match.queryParams, `${what}.queryParams`),
    ignoreUriCase: match.ignoreUriCase,
    port: match.port,
    sourceLabels: nonEmptyRecord(match.sourceLabels),
    sourceNamespace: match.sourceNamespace,
    gateways: renderGateways(match.gateways, namespace),
    statPrefix: match.statPrefix,
  }) ?? {};
}

/** Checks the parts of a TCP match that can be checked without context. */
export function checkL4Match(match: L4Match, what: string): void {
  if (match.port !== undefined) checkPort(match.port, `${what}.port`);
}

/** Renders a TCP match. */
export function renderL4Match(match: L4Match, namespace?: string): Wire<VirtualServiceSpecTcpMatch> {
  return compactOrUndefined({
    port: match.port,
    destinationSubnets: nonEmpty(match.destinationSubnets),
    sourceSubnet: match.sourceSubnet,
    sourceLabels: nonEmptyRecord(match.sourceLabels),
    sourceNamespace: match.sourceNamespace,
    gateways: renderGateways(match.gateways, namespace),
  }) ?? {};
}

/** Checks a TLS match. */
export function checkTlsMatch(match: TlsMatch, what: string): void {
  if (!match.sniHosts || match.sniHosts.length === 0) {
    throw fieldError(`${what}.sniHosts`, 'must list at least one SNI host.');
  }
  match.sniHosts.forEach((h, i) => checkNonEmpty(h, `${what}.sniHosts[${i}]`));
  if (match.port !== undefined) checkPort(match.port, `${what}.port`);
}

/** Renders a TLS match. */
export function renderTlsMatch(match: TlsMatch, namespace?: string): Wire<VirtualServiceSpecTlsMatch> {
  return dropUndefined({
    sniHosts: [...match.sniHosts],
    port: match.port,
    destinationSubnets: nonEmpty(match.destinationSubnets),
    sourceLabels: nonEmptyRecord(match.sourceLabels),
    sourceNamespace: match.sourceNamespace,
    gateways: renderGateways(match.gateways, namespace),
  });
}
