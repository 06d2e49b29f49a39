import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend, checkPort } from './references';
import { GatewayRoute, HostnameRouteProps } from './route';
import type {
  HttpRouteSpec, HttpRouteSpecRules, HttpRouteSpecRulesFilters, HttpRouteSpecRulesFiltersRequestHeaderModifier,
  HttpRouteSpecRulesFiltersRequestHeaderModifierSet,
  HttpRouteSpecRulesFiltersRequestMirror, HttpRouteSpecRulesFiltersRequestRedirect, HttpRouteSpecRulesFiltersUrlRewrite,
  HttpRouteSpecRulesFiltersUrlRewritePath, HttpRouteSpecRulesMatches,
  HttpRouteSpecRulesMatchesHeaders, HttpRouteSpecRulesMatchesPath, HttpRouteSpecRulesTimeouts,
} from '../../imports/gateway.networking.k8s.io';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { GATEWAY_API } from '../core/gateway-api';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined, sortedRecord } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** How a string is matched. */
export enum MatchType {
  /** The whole value. */
  EXACT = 'Exact',
  /** An RE2 regular expression. */
  REGULAR_EXPRESSION = 'RegularExpression',
}

/** How the request path is matched. */
export class PathMatch {
  /** Paths that start with `prefix`, element by element (`/api` matches `/api` and `/api/x`, not `/apix`). */
  public static prefix(prefix: string): PathMatch {
    return new PathMatch('PathPrefix', prefix);
  }

  /** This exact path. */
  public static exact(path: string): PathMatch {
    return new PathMatch('Exact', path);
  }

  /** Paths matching an RE2 regular expression. */
  public static regex(regex: string): PathMatch {
    return new PathMatch('RegularExpression', regex);
  }

  private constructor(
    /** `PathPrefix`, `Exact` or `RegularExpression`. */
    public readonly type: Wire<HttpRouteSpecRulesMatchesPath>['type'],
    /** The path, prefix or regex. */
    public readonly value: string,
  ) {
    if (type !== 'RegularExpression' && !value.startsWith('/')) throw new Error(`Path '${value}' must start with '/'.`);
  }

  /** The `path` object. */
  public toJson(): Wire<HttpRouteSpecRulesMatchesPath> {
    return { type: this.type, value: this.value };
  }
}

/** A header or query parameter to match. */
export interface ValueMatch {
  /** The header or parameter name. */
  readonly name: string;
  /** The value. */
  readonly value: string;
  /**
   * How to match.
   * @default MatchType.EXACT
   */
  readonly type?: MatchType;
}

/** HTTP methods an HTTPRoute matches. */
export enum HttpRouteMethod {
  GET = 'GET', HEAD = 'HEAD', POST = 'POST', PUT = 'PUT', DELETE = 'DELETE', CONNECT = 'CONNECT', OPTIONS = 'OPTIONS', TRACE = 'TRACE', PATCH = 'PATCH',
}

/** What a request must look like to match a rule (all given conditions). */
export interface HttpRouteMatch {
  /**
   * The path.
   * @default PathMatch.prefix('/')
   */
  readonly path?: PathMatch;
  /**
   * Headers that must match.
   * @default - any
   */
  readonly headers?: ValueMatch[];
  /**
   * Query parameters that must match.
   * @default - any
   */
  readonly queryParams?: ValueMatch[];
  /**
   * The method.
   * @default - any
   */
  readonly method?: HttpRouteMethod;
}

/** Changes to request or response headers. */
export interface HeaderModifier {
  /**
   * Headers to set (replacing any value).
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add (appending to any value).
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** A new path for a redirect or rewrite. */
export class PathModifier {
  /** Replaces the whole path. */
  public static replaceFullPath(path: string): PathModifier {
    return new PathModifier({ type: 'ReplaceFullPath', replaceFullPath: path }, false);
  }

  /** Replaces the matched prefix (the rule needs exactly one match, a path prefix). */
  public static replacePrefix(prefix: string): PathModifier {
    return new PathModifier({ type: 'ReplacePrefixMatch', replacePrefixMatch: prefix }, true);
  }

  private constructor(
    private readonly json: Wire<HttpRouteSpecRulesFiltersUrlRewritePath>,
    /** Whether it replaces the matched prefix. */
    public readonly replacesPrefix: boolean,
  ) {}

  /** The `path` object. */
  public toJson(): Wire<HttpRouteSpecRulesFiltersUrlRewritePath> {
    return { ...this.json };
  }
}

/** Status codes of a redirect. */
export enum RedirectStatusCode {
  MOVED_PERMANENTLY = 301, FOUND = 302, SEE_OTHER = 303, TEMPORARY_REDIRECT = 307, PERMANENT_REDIRECT = 308,
}

/** A redirect answer. */
export interface RedirectOptions {
  /** @default - the request's scheme */
  readonly scheme?: 'http' | 'https';
  /** @default - the request's host */
  readonly hostname?: string;
  /** @default - the port of the new scheme, or the request's */
  readonly port?: number;
  /** @default - the request's path */
  readonly path?: PathModifier;
  /** @default RedirectStatusCode.FOUND (302) */
  readonly statusCode?: RedirectStatusCode;
}

/** A rewrite of the request before it is forwarded. */
export interface RewriteOptions {
  /** @default - the request's host */
  readonly hostname?: string;
  /** @default - the request's path */
  readonly path?: PathModifier;
}

/** Options of a mirror. */
export interface MirrorOptions {
  /**
   * The percentage of requests mirrored (0 to 100).
   * @default 100
   */
  readonly percent?: number;
}

/** A filter's fields besides its `type`. */
type FilterBody = Omit<Wire<HttpRouteSpecRulesFilters>, 'type'>;

/** What a rule does to a request besides forwarding it: change headers, redirect, rewrite, mirror. */
export class HttpRouteFilter {
  /** Changes the request's headers. */
  public static requestHeaders(modifier: HeaderModifier): HttpRouteFilter {
    return new HttpRouteFilter('RequestHeaderModifier', (): FilterBody => ({ requestHeaderModifier: renderHeaderModifier(modifier) }));
  }

  /** Changes the response's headers. */
  public static responseHeaders(modifier: HeaderModifier): HttpRouteFilter {
    return new HttpRouteFilter('ResponseHeaderModifier', (): FilterBody => ({ responseHeaderModifier: renderHeaderModifier(modifier) }));
  }

  /** Answers with a redirect (the rule then has no backends). */
  public static redirect(options: RedirectOptions): HttpRouteFilter {
    if (options.port !== undefined) checkPort(options.port, 'Redirect port');
    return new HttpRouteFilter('RequestRedirect', (): FilterBody => ({
      requestRedirect: dropUndefined<Wire<HttpRouteSpecRulesFiltersRequestRedirect>>({
        scheme: options.scheme, hostname: options.hostname, path: options.path?.toJson(), port: options.port, statusCode: options.statusCode,
      }),
    }), options.path);
  }

  /** Rewrites the host or path before forwarding. */
  public static rewrite(options: RewriteOptions): HttpRouteFilter {
    return new HttpRouteFilter('URLRewrite', (): FilterBody => ({
      urlRewrite: dropUndefined<Wire<HttpRouteSpecRulesFiltersUrlRewrite>>({ hostname: options.hostname, path: options.path?.toJson() }),
    }), options.path);
  }

  /** Sends a copy of the requests to another backend (its answers are ignored). */
  public static mirror(backend: Backend, options: MirrorOptions = {}): HttpRouteFilter {
    if (options.percent !== undefined && (!Number.isInteger(options.percent) || options.percent < 0 || options.percent > 100)) {
      throw new Error(`Mirror percent must be a whole number from 0 to 100, got ${options.percent}.`);
    }
    return new HttpRouteFilter('RequestMirror', (from): FilterBody => {
      const { weight: _w, ...ref } = backend.renderBackendRef(from);
      return { requestMirror: dropUndefined<Wire<HttpRouteSpecRulesFiltersRequestMirror>>({ backendRef: ref, percent: options.percent }) };
    });
  }

  private constructor(
    /** The filter's type. */
    public readonly type: Wire<HttpRouteSpecRulesFilters>['type'],
    private readonly render: (fromNamespace?: string) => FilterBody,
    /** @internal */
    public readonly pathModifier?: PathModifier,
  ) {}

  /** The filter as rendered from a route in `fromNamespace`. */
  public toJson(fromNamespace?: string): Wire<HttpRouteSpecRulesFilters> {
    return { type: this.type, ...this.render(fromNamespace) };
  }
}

function renderHeaderModifier(m: HeaderModifier): Wire<HttpRouteSpecRulesFiltersRequestHeaderModifier> {
  const pairs = (r?: { [name: string]: string }) => (r && Object.keys(r).length
    ? Object.entries(sortedRecord(r)).map(([name, value]): Wire<HttpRouteSpecRulesFiltersRequestHeaderModifierSet> => ({ name, value })) : undefined);
  return dropUndefined({ set: pairs(m.set), add: pairs(m.add), remove: m.remove?.length ? [...m.remove] : undefined });
}

/** Timeouts of a rule. */
export interface HttpRouteTimeouts {
  /**
   * The whole request, retries included.
   * @default - none
   */
  readonly request?: Duration;
  /**
   * One try to the backend (at most `request`).
   * @default - none
   */
  readonly backendRequest?: Duration;
}

/** One rule of an HTTPRoute. */
export interface HttpRouteRule {
  /**
   * A name for the rule (shown in status and policies).
   * @default - none
   */
  readonly name?: string;
  /**
   * Requests the rule applies to (any of them).
   * @default - every request (path prefix '/')
   */
  readonly matches?: HttpRouteMatch[];
  /**
   * Filters, in order.
   * @default - none
   */
  readonly filters?: HttpRouteFilter[];
  /**
   * Where matching requests go, split by weight. None with a redirect.
   * @default - none
   */
  readonly backends?: Backend[];
  /**
   * Timeouts.
   * @default - none
   */
  readonly timeouts?: HttpRouteTimeouts;
}

/** Props of an HTTPRoute. */
export interface HttpRouteProps extends HostnameRouteProps {
  /**
   * The rules, first match wins by the Gateway API's precedence. More can be added with `addRule()`.
   * @default - none
   */
  readonly rules?: HttpRouteRule[];
}

const MAX_RULES = 16;
const MAX_MATCHES = 64;
const REPEATABLE_FILTERS = new Set(['RequestMirror', 'ExtensionRef']);

/**
 * A Kubernetes Gateway API HTTPRoute (`gateway.networking.k8s.io/v1`): HTTP routing on a Gateway or,
 * with a Service parent, for mesh traffic.
 *
 * @example
 * const gateway = new KubernetesGateway(chart, 'edge', {
 *   listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'shop.example.com' }],
 * });
 * const cart = new kplus.Service(chart, 'cart-service', { ports: [{ port: 8080 }] });
 * new HttpRoute(chart, 'cart', {
 *   parents: [gateway.listener('http')],
 *   hostnames: ['shop.example.com'],
 *   rules: [{ matches: [{ path: PathMatch.prefix('/cart') }], backends: [Backend.service(cart, { port: 8080 })] }],
 * });
 */
export class HttpRoute extends GatewayRoute<HttpRouteSpec> {
  private readonly rules: HttpRouteRule[] = [];

  /** @throws when a rule cannot be expressed (see `addRule()`) */
  public constructor(scope: Construct, id: string, props: HttpRouteProps = {}) {
    super(scope, id, GATEWAY_API, 'HTTPRoute', props);
    detachOnError(this, () => {
      throwIfProblems(this, this.routeProblems());
      for (const r of props.rules ?? []) this.addRule(r);
    });
  }

  /**
   * Adds a rule.
   * @throws when the rule mixes a redirect with backends or a rewrite, replaces a prefix without exactly one
   * path-prefix match, repeats a filter type, has a backend timeout above its request timeout, or goes past the API's limits
   */
  public addRule(rule: HttpRouteRule): this {
    const at = `spec.rules[${this.rules.length}]`;
    const problems: ConfigProblem[] = [];
    if (this.rules.length >= MAX_RULES) problems.push({ field: at, problem: `an HTTPRoute has at most ${MAX_RULES} rules`, fix: 'Split the routing into several HTTPRoutes.' });
    if ((rule.matches?.length ?? 0) > MAX_MATCHES) problems.push({ field: `${at}.matches`, problem: `a rule has at most ${MAX_MATCHES} matches`, fix: 'Split the rule.' });
    problems.push(...filterProblems(rule.filters ?? [], rule.matches ?? [], `${at}.filters`));
    const types = (rule.filters ?? []).map((f) => f.type);
    if (types.includes('RequestRedirect') && rule.backends?.length) {
      problems.push({ field: at, problem: 'a redirect answers the request itself, so the rule cannot also have backends', fix: 'Remove the backends, or the redirect.' });
    }
    const t = rule.timeouts;
    if (t?.request && t.backendRequest && t.backendRequest.toMilliseconds() > t.request.toMilliseconds()) {
      problems.push({ field: `${at}.timeouts.backendRequest`, problem: 'the backend timeout is longer than the request timeout', fix: 'Make backendRequest at most request.' });
    }
    throwIfProblems(this, problems);
    this.rules.push(rule);
    return this;
  }

  protected renderSpec(): Wire<HttpRouteSpec> {
    return {
      ...this.renderRouteSpec(),
      rules: this.rules.map((r, i) => dropUndefined<Wire<HttpRouteSpecRules>>({
        name: r.name,
        matches: r.matches?.map(renderMatch),
        filters: r.filters?.length ? r.filters.map((f) => f.toJson(this.namespace)) : undefined,
        backendRefs: r.backends?.length ? this.renderBackends(r.backends) : undefined,
        timeouts: r.timeouts && dropUndefined<Wire<HttpRouteSpecRulesTimeouts>>({
          request: r.timeouts.request && renderIstioDuration(r.timeouts.request, `spec.rules[${i}].timeouts.request`),
          backendRequest: r.timeouts.backendRequest && renderIstioDuration(r.timeouts.backendRequest, `spec.rules[${i}].timeouts.backendRequest`),
        }),
      })),
    };
  }
}

/** Problems with a rule's filters that the API rejects. */
export function filterProblems(filters: readonly HttpRouteFilter[], matches: readonly HttpRouteMatch[], at: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Set<string>();
  filters.forEach((f, i) => {
    if (seen.has(f.type) && !REPEATABLE_FILTERS.has(f.type)) {
      problems.push({ field: `${at}[${i}]`, problem: `a second ${f.type} filter`, fix: 'Each filter type except RequestMirror appears once per rule: merge them.' });
    }
    seen.add(f.type);
    if (f.pathModifier?.replacesPrefix && !(matches.length === 1 && matches[0].path?.type === 'PathPrefix')) {
      problems.push({ field: `${at}[${i}]`, problem: `${f.type} with replacePrefix needs the rule to have exactly one match, with a path prefix`, fix: 'Match PathMatch.prefix(...) alone, or use PathModifier.replaceFullPath().' });
    }
  });
  if (seen.has('RequestRedirect') && seen.has('URLRewrite')) {
    problems.push({ field: at, problem: 'a redirect and a rewrite in the same rule', fix: 'A redirected request is not forwarded: keep one of them.' });
  }
  return problems;
}

function renderValueMatches(list: readonly ValueMatch[] | undefined): Wire<HttpRouteSpecRulesMatchesHeaders>[] | undefined {
  if (!list?.length) return undefined;
  return list.map((m) => dropUndefined<Wire<HttpRouteSpecRulesMatchesHeaders>>({ type: m.type, name: m.name, value: m.value }));
}

function renderMatch(m: HttpRouteMatch): Wire<HttpRouteSpecRulesMatches> {
  return dropUndefined({
    path: m.path?.toJson(),
    headers: renderValueMatches(m.headers),
    queryParams: renderValueMatches(m.queryParams),
    method: m.method,
  });
}
