import { BlockList, isIPv6 } from 'net';
import { identityNamespace } from '../vocab/identity';
import { KubeObject } from '../vocab/object';

/**
 * One HTTP request as an Istio sidecar sees it, after mTLS and JWT validation.
 * Fields left out are absent (no mTLS peer, no token, ...), which is what `not*` fields and `*` care about.
 */
export interface AuthorizationRequest {
  /** The mTLS peer identity without `spiffe://`, e.g. `cluster.local/ns/shop/sa/frontend`. @default - plaintext, no peer identity */
  readonly sourcePrincipal?: string;
  /** The peer's IP address (`ipBlocks`, `source.ip`). @default - unknown: IP rules do not match */
  readonly sourceIp?: string;
  /** The original client IP (`remoteIpBlocks`, `remote.ip`). @default - the source IP */
  readonly remoteIp?: string;
  /**
   * The claims of a token the RequestAuthentication validated. The request principal is `iss/sub`,
   * and exists only when both claims are non-empty.
   * @default - no token
   */
  readonly jwtClaims?: Record<string, unknown>;
  /** The `Host` header. @default - none */
  readonly host?: string;
  /** The destination port. @default - unknown: port rules do not match */
  readonly port?: number;
  /** The HTTP method. @default 'GET' */
  readonly method?: string;
  /** The request path; the query string is ignored, as Istio does. @default '/' */
  readonly path?: string;
  /** Request headers (`request.headers[...]`), names in any case. @default - none */
  readonly headers?: Record<string, string>;
  /** The server name of the TLS connection (`connection.sni`). @default - none: SNI conditions do not match */
  readonly sni?: string;
}

/** The workload a request is addressed to: which policies apply depends on its namespace and labels. */
export interface AuthorizationWorkload {
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload's pod labels. @default - none */
  readonly labels?: Record<string, string>;
}

/** Options of `evaluateAuthorization`. */
export interface EvaluateAuthorizationOptions {
  /** Istio's root namespace: its policies apply mesh-wide. @default 'istio-system' */
  readonly rootNamespace?: string;
}

/** The outcome of evaluating AuthorizationPolicies for one request. */
export interface AuthorizationDecision {
  /** Whether the request is allowed. */
  readonly allowed: boolean;
  /** Why, in one sentence naming the deciding policy. */
  readonly reason: string;
  /** `namespace/name` of the deciding policy. @default - no policy decided (no ALLOW policy applies, or none matched) */
  readonly policy?: string;
}

type Spec = Record<string, any>;

/**
 * Evaluates Istio AuthorizationPolicies for one request, as a sidecar does: a matching DENY policy denies;
 * otherwise, with no ALLOW policy the request is allowed, else it must match one ALLOW policy. AUDIT
 * policies do not decide. A small model for tests and reviews: HTTP only, policies with `targetRef(s)`
 * (waypoints, gateways) are ignored; CUSTOM policies, path templates and fields or condition keys it does not
 * model (e.g. `serviceAccounts`, `trustDomains`) are refused with an error rather than guessed.
 *
 * @deprecated Ask the behaviour model instead: `MeshModel.fromObjects(objects).access({ from, to })` decides
 * with mTLS modes, ambient (ztunnel) and waypoint enforcement, JWT and CUSTOM policies, as `cdk8s-istio
 * explain`, the CIS50xx checks and the mesh graph do. The library no longer uses this evaluator.
 */
export function evaluateAuthorization(
  objects: readonly KubeObject[], workload: AuthorizationWorkload, request: AuthorizationRequest,
  options: EvaluateAuthorizationOptions = {},
): AuthorizationDecision {
  const root = options.rootNamespace ?? 'istio-system';
  const applicable = objects.filter((o) => o.kind === 'AuthorizationPolicy' && applies(o, workload, root));
  const byAction = (action: string) => applicable.filter((o) => ((o.spec as Spec | undefined)?.action ?? 'ALLOW') === action);
  const custom = byAction('CUSTOM');
  if (custom.length > 0) throw new Error(`evaluateAuthorization: CUSTOM policy ${id(custom[0])} is not modelled (its provider decides)`);
  const matching = (o: KubeObject) => ((o.spec as Spec | undefined)?.rules ?? []).some((r: Spec) => ruleMatches(r ?? {}, request));
  const deny = byAction('DENY').find(matching);
  if (deny) return { allowed: false, reason: `denied by DENY policy ${id(deny)}`, policy: id(deny) };
  const allows = byAction('ALLOW');
  if (allows.length === 0) return { allowed: true, reason: 'no ALLOW policy applies to the workload' };
  const allow = allows.find(matching);
  if (allow) return { allowed: true, reason: `allowed by ALLOW policy ${id(allow)}`, policy: id(allow) };
  return { allowed: false, reason: `no ALLOW policy matches (applicable: ${allows.map(id).join(', ')})` };
}

function id(o: KubeObject): string {
  return `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;
}

function applies(o: KubeObject, workload: AuthorizationWorkload, root: string): boolean {
  const spec = (o.spec ?? {}) as Spec;
  if (spec.targetRef || spec.targetRefs) return false;
  const ns = o.metadata?.namespace ?? 'default';
  if (ns !== workload.namespace && ns !== root) return false;
  const wanted: Record<string, string> = spec.selector?.matchLabels ?? {};
  return Object.entries(wanted).every(([k, v]) => workload.labels?.[k] === v);
}

function ruleMatches(rule: Spec, req: AuthorizationRequest): boolean {
  const from: Spec[] | undefined = rule.from;
  const to: Spec[] | undefined = rule.to;
  return (from === undefined || from.some((f) => sourceMatches(f.source ?? {}, req)))
    && (to === undefined || to.some((t) => operationMatches(t.operation ?? {}, req)))
    && (rule.when ?? []).every((c: Spec) => conditionMatches(c, req));
}

/** A field list (`paths`) and its `not` form (`notPaths`): all set forms must hold. */
function field(spec: Spec, name: string, actual: string | undefined, match: (pattern: string, value: string) => boolean): boolean {
  const values: string[] | undefined = spec[name];
  const notName = `not${name[0].toUpperCase()}${name.slice(1)}`;
  const notValues: string[] | undefined = spec[notName];
  const any = (patterns: string[]) => actual !== undefined && patterns.some((p) => match(p, actual));
  return (values === undefined || any(values)) && (notValues === undefined || !any(notValues));
}

const SOURCE_FIELDS = ['principals', 'namespaces', 'requestPrincipals', 'ipBlocks', 'remoteIpBlocks'];
const OPERATION_FIELDS = ['hosts', 'ports', 'methods', 'paths'];

/** Refuses fields the evaluator does not model (e.g. `serviceAccounts`), rather than silently ignoring them. */
function checkModelled(spec: Spec, fields: readonly string[], what: string): void {
  const known = new Set(fields.flatMap((f) => [f, `not${f[0].toUpperCase()}${f.slice(1)}`]));
  for (const key of Object.keys(spec)) {
    if (!known.has(key)) throw new Error(`evaluateAuthorization: ${what} field "${key}" is not modelled`);
  }
}

function sourceMatches(s: Spec, req: AuthorizationRequest): boolean {
  checkModelled(s, SOURCE_FIELDS, 'source');
  const remoteIp = req.remoteIp ?? req.sourceIp;
  return field(s, 'principals', req.sourcePrincipal, stringMatch)
    && field(s, 'namespaces', identityNamespace(req.sourcePrincipal), stringMatch)
    && field(s, 'requestPrincipals', req.jwtClaims ? 'present' : undefined, (p) => requestPrincipalMatch(p, req.jwtClaims!))
    && field(s, 'ipBlocks', req.sourceIp, cidrMatch)
    && field(s, 'remoteIpBlocks', remoteIp, cidrMatch);
}

function operationMatches(op: Spec, req: AuthorizationRequest): boolean {
  checkModelled(op, OPERATION_FIELDS, 'operation');
  return field(op, 'hosts', req.host?.toLowerCase(), (p, v) => stringMatch(p.toLowerCase(), v))
    && field(op, 'ports', req.port?.toString(), (p, v) => p === v)
    && field(op, 'methods', req.method ?? 'GET', stringMatch)
    && field(op, 'paths', pathOf(req), pathMatch);
}

function conditionMatches(c: Spec, req: AuthorizationRequest): boolean {
  const key: string = c.key;
  const actual = conditionValues(key, req);
  const match = key === 'source.ip' || key === 'remote.ip' ? cidrMatch : stringMatch;
  const any = (patterns: string[] | undefined) => patterns !== undefined && actual.some((a) => patterns.some((p) => match(p, a)));
  return (c.values === undefined || any(c.values)) && (c.notValues === undefined || !any(c.notValues));
}

/** The values a condition key has for a request (a list claim has several; an absent attribute none). */
function conditionValues(key: string, req: AuthorizationRequest): string[] {
  const claims = key.match(/^request\.auth\.claims((?:\[[^\]]+\])+)$/);
  if (claims) {
    const path = [...claims[1].matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]);
    const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), req.jwtClaims);
    return (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
  }
  const header = key.match(/^request\.headers\[([^\]]+)\]$/);
  if (header) {
    const found = Object.entries(req.headers ?? {}).find(([k]) => k.toLowerCase() === header[1].toLowerCase());
    return found ? [found[1]] : [];
  }
  const simple: Record<string, string | undefined> = {
    'source.principal': req.sourcePrincipal,
    'source.namespace': identityNamespace(req.sourcePrincipal),
    'source.ip': req.sourceIp,
    'remote.ip': req.remoteIp ?? req.sourceIp,
    'destination.port': req.port?.toString(),
    'connection.sni': req.sni,
    'request.auth.principal': requestPrincipal(req.jwtClaims),
  };
  if (!(key in simple)) throw new Error(`evaluateAuthorization: condition key "${key}" is not modelled`);
  const v = simple[key];
  return v === undefined ? [] : [v];
}

/** Istio's string match: `*` = any non-empty value, `*x` suffix, `x*` prefix, else exact. */
function stringMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

function pathMatch(pattern: string, value: string): boolean {
  if (pattern.includes('{')) throw new Error(`evaluateAuthorization: path template "${pattern}" is not modelled`);
  return stringMatch(pattern, value);
}

function pathOf(req: AuthorizationRequest): string {
  return (req.path ?? '/').split('?')[0];
}

/** `iss/sub` when both are non-empty: a token without `sub` has no request principal. */
function requestPrincipal(claims: Record<string, unknown> | undefined): string | undefined {
  const iss = claims?.iss;
  const sub = claims?.sub;
  return typeof iss === 'string' && iss && typeof sub === 'string' && sub ? `${iss}/${sub}` : undefined;
}

/** Istio's requestPrincipals match: the value splits at its last `/` into issuer and subject, each matched on its own. */
function requestPrincipalMatch(pattern: string, claims: Record<string, unknown>): boolean {
  const iss = typeof claims.iss === 'string' ? claims.iss : '';
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  if (pattern === '*') return iss !== '' && sub !== '';
  const slash = pattern.lastIndexOf('/');
  if (slash >= 0) return stringMatch(pattern.slice(0, slash), iss) && stringMatch(pattern.slice(slash + 1), sub);
  if (pattern.startsWith('*')) return iss !== '' && stringMatch(pattern, sub);
  if (pattern.endsWith('*')) return stringMatch(pattern, iss) && sub !== '';
  return pattern === iss && sub === '';
}

function cidrMatch(cidr: string, ip: string): boolean {
  const [address, bits] = cidr.split('/');
  const type = isIPv6(address) ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  if (bits === undefined) list.addAddress(address, type);
  else list.addSubnet(address, Number(bits), type);
  return list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
}
