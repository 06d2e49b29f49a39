/**
 * AuthorizationPolicy rules as a sidecar (Envoy RBAC) enforces them, following how Istio builds the filter
 * (pilot/pkg/security/authz/model/model.go, generator.go; builder/builder.go):
 * - a rule is (any `from`) AND (any `to`) AND (every `when`); inside a source or operation every set field
 *   must match; a field matches when one of its values matches and none of its `not` values does;
 * - `when` conditions join every source (principal side) or every operation (permission side);
 * - on a TCP port, HTTP-only fields (hosts, methods, paths, request principals, headers, claims) cannot be
 *   built: an ALLOW rule using one is dropped (it allows nothing), a DENY or AUDIT rule drops just that field
 *   (it denies more) — `rule.checkError`;
 * - identity fields (principals, namespaces, serviceAccounts, trustDomains) need an mTLS peer: a plaintext
 *   request matches none of them, and so matches every `not` form of them.
 */
import { ProxyRequest } from './proxy-request';
import { cidrMatch, istioHeaderMatch, istioPathMatch, istioStringMatch } from './string-match';
import { isObj, JsonObject, obj, objs, str, strs } from '../vocab/json';
import { quoteRegex } from '../vocab/re2';

/** The action whose error handling applies (ALLOW drops a rule it cannot build; DENY and AUDIT widen it). */
export type RuleAction = 'ALLOW' | 'DENY' | 'AUDIT' | 'CUSTOM';

/** How one field of a rule matches a request. */
interface FieldSpec {
  /** Only buildable for HTTP. */
  readonly httpOnly: boolean;
  /** Whether a single value of the field matches the request. */
  readonly match: (pattern: string, req: ProxyRequest, policyNamespace: string) => boolean;
  /** Whether a value can be built at all (an unbuildable value is an error, like HTTP-only fields on TCP). */
  readonly valid?: (pattern: string) => boolean;
  /** Matches the list as a whole (the "extended" generators: claims, request principals). */
  readonly list?: boolean;
}

const SPIFFE = 'spiffe://';

function peer(req: ProxyRequest): string | undefined {
  return req.principal === undefined ? undefined : SPIFFE + req.principal;
}

function regexMatch(source: string, value: string | undefined): boolean {
  return value !== undefined && new RegExp(`^(?:${source})$`).test(value);
}

/** `principals`: `StringMatcherWithPrefix(value, "spiffe://")` on the authenticated peer. */
function principalMatch(pattern: string, req: ProxyRequest): boolean {
  const id = peer(req);
  if (id === undefined) return false;
  if (pattern === '*') return id.length > 0;
  if (pattern.startsWith('*')) return id.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return id.startsWith(SPIFFE + pattern.slice(0, -1));
  return id === SPIFFE + pattern;
}

/** `namespaces`: the regex `.*\/ns/<value, * as .*>/.*` on the authenticated peer. */
function namespaceMatch(pattern: string, req: ProxyRequest): boolean {
  return regexMatch(`.*/ns/${pattern.split('*').map(quoteRegex).join('.*')}/.*`, peer(req));
}

/** `serviceAccounts` (`ns/sa`, or `sa` in the policy's namespace). */
function serviceAccountMatch(pattern: string, req: ProxyRequest, policyNamespace: string): boolean {
  const slash = pattern.indexOf('/');
  const ns = slash < 0 ? policyNamespace : pattern.slice(0, slash);
  const sa = slash < 0 ? pattern : pattern.slice(slash + 1);
  return regexMatch(`spiffe://.+/ns/${quoteRegex(ns)}/(.+/|)sa/${quoteRegex(sa)}(/.+)?`, peer(req));
}

function trustDomainMatch(pattern: string, req: ProxyRequest): boolean {
  const id = peer(req);
  if (id === undefined) return false;
  if (pattern === '*') return id.startsWith(SPIFFE);
  if (!pattern.includes('*')) return id.startsWith(`${SPIFFE}${pattern}/`);
  const star = pattern.indexOf('*');
  return regexMatch(`spiffe://${quoteRegex(pattern.slice(0, star))}[^/]*${quoteRegex(pattern.slice(star + 1))}/.*`, id);
}

/** A JWT claim at a path: strings and lists of strings are matched; anything else never matches. */
function claimValues(claims: Readonly<Record<string, unknown>> | undefined, path: readonly string[]): string[] {
  let v: unknown = claims;
  for (const key of path) v = isObj(v) ? v[key] : undefined;
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const NON_EMPTY = (v: string | undefined): boolean => v !== undefined && v.length > 0;

/** `requestPrincipals` (generator.go `requestPrincipalGenerator`): issuer and subject matched separately. */
function requestPrincipalMatch(pattern: string, req: ProxyRequest): boolean {
  if (!req.claims) return false;
  const iss = typeof req.claims.iss === 'string' ? req.claims.iss : undefined;
  const sub = typeof req.claims.sub === 'string' ? req.claims.sub : undefined;
  const slash = pattern.lastIndexOf('/');
  const found = slash >= 0;
  const pIss = found ? pattern.slice(0, slash) : pattern;
  const pSub = found ? pattern.slice(slash + 1) : '';
  if (pattern === '*') return NON_EMPTY(iss) && NON_EMPTY(sub);
  if (pattern.startsWith('*')) {
    if (found) return (pIss === '*' ? NON_EMPTY(iss) : iss !== undefined && iss.endsWith(pIss.slice(1))) && sub === pSub;
    return NON_EMPTY(iss) && sub !== undefined && sub.endsWith(pattern.slice(1));
  }
  if (pattern.endsWith('*')) {
    if (found) return iss === pIss && (pSub === '*' ? NON_EMPTY(sub) : sub !== undefined && sub.startsWith(pSub.slice(0, -1)));
    return iss !== undefined && iss.startsWith(pattern.slice(0, -1)) && NON_EMPTY(sub);
  }
  return iss === pIss && sub === pSub;
}

function claimMatch(path: readonly string[]): FieldSpec['match'] {
  return (pattern, req) => claimValues(req.claims, path).some((v) => istioStringMatch(pattern, v));
}

function header(req: ProxyRequest, name: string): string | undefined {
  return req.headers[name.toLowerCase()];
}

const isPort = (p: string): boolean => /^\d+$/.test(p) && Number(p) <= 65535;

const SOURCE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  principals: { httpOnly: false, match: principalMatch },
  namespaces: { httpOnly: false, match: namespaceMatch },
  serviceAccounts: { httpOnly: false, match: serviceAccountMatch },
  trustDomains: { httpOnly: false, match: trustDomainMatch },
  requestPrincipals: { httpOnly: true, match: requestPrincipalMatch, list: true },
  ipBlocks: { httpOnly: false, match: (p, r) => cidrMatch(p, r.sourceIp) },
  remoteIpBlocks: { httpOnly: false, match: (p, r) => cidrMatch(p, r.remoteIp ?? r.sourceIp) },
};

const OPERATION_FIELDS: Readonly<Record<string, FieldSpec>> = {
  hosts: { httpOnly: true, match: (p, r) => istioHeaderMatch(p, r.host, true) },
  ports: { httpOnly: false, match: (p, r) => Number(p) === r.port, valid: isPort },
  methods: { httpOnly: true, match: (p, r) => istioHeaderMatch(p, r.method) },
  paths: { httpOnly: true, match: (p, r) => istioPathMatch(p, r.path) },
};

/** The `when` keys Istio knows (model.go `New`); any other key makes the rule invalid. */
function conditionField(key: string): FieldSpec | undefined {
  switch (key) {
    case 'destination.ip': return { httpOnly: false, match: () => false };
    case 'destination.port': return { httpOnly: false, match: (p, r) => Number(p) === r.port, valid: isPort };
    case 'connection.sni': return { httpOnly: false, match: (p, r) => r.sni !== undefined && istioStringMatch(p, r.sni) };
    case 'source.ip': return SOURCE_FIELDS.ipBlocks;
    case 'remote.ip': return SOURCE_FIELDS.remoteIpBlocks;
    case 'source.namespace': return SOURCE_FIELDS.namespaces;
    case 'source.trustDomain': return SOURCE_FIELDS.trustDomains;
    case 'source.serviceAccount': return SOURCE_FIELDS.serviceAccounts;
    case 'source.principal': return SOURCE_FIELDS.principals;
    case 'request.auth.principal': return SOURCE_FIELDS.requestPrincipals;
    case 'request.auth.audiences': return { httpOnly: true, match: claimMatch(['aud']), list: true };
    case 'request.auth.presenter': return { httpOnly: true, match: claimMatch(['azp']), list: true };
  }
  // Envoy metadata we do not have: such a condition never matches.
  if (key.startsWith('experimental.envoy.filters.')) return { httpOnly: false, match: () => false };
  const headerName = /^request\.headers\[([^\]]+)\]$/.exec(key);
  if (headerName) return { httpOnly: true, match: (p, r) => istioHeaderMatch(p, header(r, headerName[1])) };
  const claims = /^request\.auth\.claims((?:\[[^\]]+\])+)$/.exec(key);
  if (claims) return { httpOnly: true, match: claimMatch([...claims[1].matchAll(/\[([^\]]+)\]/g)].map((m) => m[1])), list: true };
  return undefined;
}

/** Whether Istio would refuse to build the condition key (`unknown attribute`). */
export function isKnownConditionKey(key: string): boolean {
  return conditionField(key) !== undefined;
}

/** A field with its values, ready to match. */
interface BoundField {
  readonly spec: FieldSpec;
  readonly values: readonly string[];
  readonly notValues: readonly string[];
}

const ERROR = Symbol('unbuildable');

/** One field: true/false, or ERROR when an ALLOW rule cannot be built with it. */
function fieldMatches(f: BoundField, req: ProxyRequest, action: RuleAction, ns: string): boolean | typeof ERROR {
  if (f.spec.httpOnly && !req.http) return action === 'ALLOW' ? ERROR : true;
  const usable = (list: readonly string[]): readonly string[] | typeof ERROR => {
    if (!f.spec.valid) return list;
    const ok = list.filter(f.spec.valid);
    if (ok.length < list.length && action === 'ALLOW') return ERROR;
    return ok;
  };
  const values = usable(f.values);
  const notValues = usable(f.notValues);
  if (values === ERROR || notValues === ERROR) return ERROR;
  const any = (list: readonly string[]) => list.some((p) => f.spec.match(p, req, ns));
  return (values.length === 0 || any(values)) && (notValues.length === 0 || !any(notValues));
}

function bind(spec: FieldSpec, values: unknown, notValues: unknown): BoundField | undefined {
  const v = strs(values);
  const n = strs(notValues);
  return v.length === 0 && n.length === 0 ? undefined : { spec, values: v, notValues: n };
}

function fieldsOf(o: JsonObject, specs: Readonly<Record<string, FieldSpec>>): BoundField[] {
  const out: BoundField[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const f = bind(spec, o[name], o[`not${name[0].toUpperCase()}${name.slice(1)}`]);
    if (f) out.push(f);
  }
  return out;
}

/** How one rule of a policy relates to a request. */
export type RuleOutcome = 'match' | 'no-match' | 'not-built';

/** A rule's sources and operations, each group with its `when` conditions; undefined when no sidecar builds it. */
interface BoundRule {
  readonly froms: readonly BoundField[][];
  readonly tos: readonly BoundField[][];
}

/** Rules read once each: the model asks many requests of the same policies. */
const BOUND_RULES = new WeakMap<object, BoundRule | null>();

function boundRule(rule: unknown): BoundRule | undefined {
  if (!isObj(rule)) return undefined;
  let bound = BOUND_RULES.get(rule);
  if (bound === undefined) {
    bound = bindRule(rule) ?? null;
    BOUND_RULES.set(rule, bound);
  }
  return bound ?? undefined;
}

function bindRule(rule: JsonObject): BoundRule | undefined {
  const principalWhen: BoundField[] = [];
  const permissionWhen: BoundField[] = [];
  for (const [c] of objs(rule.when)) {
    const key = str(c.key);
    const spec = conditionField(key);
    if (!spec) return undefined;
    const f = bind(spec, c.values, c.notValues);
    if (!f) continue;
    const permissionSide = key === 'destination.ip' || key === 'destination.port' || key === 'connection.sni' || key.startsWith('experimental.');
    (permissionSide ? permissionWhen : principalWhen).push(f);
  }
  const froms = Array.isArray(rule.from) && rule.from.length > 0
    ? rule.from.map((f) => [...fieldsOf(obj(obj(f).source), SOURCE_FIELDS), ...principalWhen])
    : [principalWhen];
  const tos = Array.isArray(rule.to) && rule.to.length > 0
    ? rule.to.map((t) => [...fieldsOf(obj(obj(t).operation), OPERATION_FIELDS), ...permissionWhen])
    : [permissionWhen];
  return { froms, tos };
}

/**
 * Whether one rule of an AuthorizationPolicy matches a request at a sidecar. `not-built` when Istio drops
 * the rule (an unknown `when` key; for ALLOW, a field it cannot build for this port).
 */
export function sidecarRuleMatches(rule: unknown, req: ProxyRequest, action: RuleAction, policyNamespace: string): RuleOutcome {
  const bound = boundRule(rule);
  if (!bound) return 'not-built';
  const { froms, tos } = bound;
  let built = true;
  const anyGroup = (groups: readonly BoundField[][]): boolean => {
    let result = false;
    for (const group of groups) {
      let all = true;
      for (const f of group) {
        const m = fieldMatches(f, req, action, policyNamespace);
        if (m === ERROR) {
          built = false;
          return false;
        }
        all &&= m;
      }
      result ||= all;
    }
    return result;
  };
  const principalOk = anyGroup(froms);
  const permissionOk = built && anyGroup(tos);
  if (!built) return 'not-built';
  return principalOk && permissionOk ? 'match' : 'no-match';
}

/** The index of the first rule of a policy matching the request, or undefined. A policy without rules matches nothing. */
export function sidecarPolicyMatch(spec: JsonObject, req: ProxyRequest, action: RuleAction, policyNamespace: string): number | undefined {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (let i = 0; i < rules.length; i++) {
    if (sidecarRuleMatches(rules[i], req, action, policyNamespace) === 'match') return i;
  }
  return undefined;
}
