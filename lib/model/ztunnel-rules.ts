/**
 * AuthorizationPolicy rules as ztunnel enforces them in ambient namespaces: Istio converts each rule to
 * L4 clauses (pilot/pkg/serviceregistry/ambient/authorization.go `handleRule`) and ztunnel matches them
 * (ztunnel src/rbac.rs `Authorization::matches`):
 * - a rule becomes up to three kinds of clause, all of which must match: one for its `to` list, one for its
 *   `from` list, one per `when` condition; a clause matches when one of its non-empty matches does;
 * - only L4 parts are kept (ports, IP blocks, namespaces, service accounts, principals; `when` on
 *   source.ip/namespace/principal and destination.ip/port). An ALLOW rule with any L7 attribute is dropped,
 *   so a policy left without rules allows nothing; a DENY rule keeps its L4 parts, and a `to`, `from` or
 *   `when` left empty matches nothing (an empty match is skipped), so such a DENY rule never denies.
 */
import { namespaceOfPrincipal, ProxyRequest } from './proxy-request';
import { cidrMatch } from './string-match';
import { isObj, JsonObject, objs, str, strs } from '../vocab/json';
import { quoteRegex } from '../vocab/re2';

type Predicate = (req: ProxyRequest) => boolean;

/** One ztunnel match: every set field must hold; an empty match never matches. */
interface ZMatch {
  readonly positive: ReadonlyArray<readonly Predicate[]>;
  readonly negative: ReadonlyArray<readonly Predicate[]>;
}

/** ztunnel's StringMatch on a value (`*` presence, `*x` suffix, `x*` prefix, else exact). */
function zString(pattern: string, value: string): boolean {
  if (pattern === '*') return value.length > 0;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

const principals = (values: string[]): Predicate[] => values.map((p) => (r) => r.principal !== undefined && zString(p, r.principal));
const namespaces = (values: string[]): Predicate[] => values.map((p) => (r) => zString(p, namespaceOfPrincipal(r.principal)));
const ports = (values: string[]): Predicate[] => values.filter((p) => /^\d+$/.test(p) && Number(p) <= 65535).map((p) => (r) => r.port === Number(p));
const ips = (values: string[]): Predicate[] => values.filter((v) => v.length > 0 && /^[0-9a-fA-F:.]+(\/\d+)?$/.test(v)).map((c) => (r) => cidrMatch(c, r.sourceIp));
const destinationIps = (values: string[]): Predicate[] => values.filter((v) => v.length > 0).map(() => () => false);

function serviceAccounts(values: string[], ruleNamespace: string): Predicate[] {
  return values.map((v) => {
    const slash = v.indexOf('/');
    const ns = slash < 0 ? ruleNamespace : v.slice(0, slash);
    const sa = slash < 0 ? v : v.slice(slash + 1);
    const account = new RegExp(`/ns/${quoteRegex(ns)}/sa/${quoteRegex(sa)}$`);
    return (r) => r.principal !== undefined && account.test(r.principal);
  });
}

function match(pairs: Array<[Predicate[], Predicate[]]>): ZMatch {
  return { positive: pairs.map((p) => p[0]).filter((l) => l.length > 0), negative: pairs.map((p) => p[1]).filter((l) => l.length > 0) };
}

function isEmpty(m: ZMatch): boolean {
  return m.positive.length === 0 && m.negative.length === 0;
}

function matches(m: ZMatch, req: ProxyRequest): boolean {
  return m.positive.every((l) => l.some((p) => p(req))) && m.negative.every((l) => !l.some((p) => p(req)));
}

const L7_OPERATION = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const L7_SOURCE = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
const L4_WHEN = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** The converted rule: clauses (each a list of matches), or undefined when Istio drops it. */
export function ztunnelRule(rule: unknown, action: 'ALLOW' | 'DENY', ruleNamespace: string): ZMatch[][] | undefined {
  if (!isObj(rule)) return undefined;
  let l7 = false;
  const has = (o: JsonObject, key: string) => strs(o[key]).length > 0;
  const clauses: ZMatch[][] = [];
  const tos = objs(rule.to).map(([t]) => (isObj(t.operation) ? t.operation : {}));
  if (tos.length > 0) {
    clauses.push(tos.map((op) => {
      if (L7_OPERATION.some((k) => has(op, k))) l7 = true;
      return match([[ports(strs(op.ports)), ports(strs(op.notPorts))]]);
    }));
  }
  const froms = objs(rule.from).map(([f]) => (isObj(f.source) ? f.source : {}));
  if (froms.length > 0) {
    clauses.push(froms.map((s) => {
      if (L7_SOURCE.some((k) => has(s, k))) l7 = true;
      return match([
        [ips(strs(s.ipBlocks)), ips(strs(s.notIpBlocks))],
        [namespaces(strs(s.namespaces)), namespaces(strs(s.notNamespaces))],
        [serviceAccounts(strs(s.serviceAccounts), ruleNamespace), serviceAccounts(strs(s.notServiceAccounts), ruleNamespace)],
        [principals(strs(s.principals)), principals(strs(s.notPrincipals))],
      ]);
    }));
  }
  for (const [c] of objs(rule.when)) {
    const key = str(c.key);
    if (!L4_WHEN.has(key)) l7 = true;
    const values = strs(c.values);
    const notValues = strs(c.notValues);
    const convert: Record<string, (v: string[]) => Predicate[]> = {
      'source.ip': ips, 'source.namespace': namespaces, 'source.principal': principals, 'destination.ip': destinationIps, 'destination.port': ports,
    };
    const f = convert[key];
    clauses.push([f ? match([[f(values), f(notValues)]]) : match([])]);
  }
  return action === 'ALLOW' && l7 ? undefined : clauses;
}

/** Whether a converted rule matches: every clause has a non-empty match that matches (an empty clause list matches all). */
export function ztunnelRuleMatches(clauses: readonly ZMatch[][], req: ProxyRequest): boolean {
  return clauses.every((clause) => clause.length === 0 || clause.some((m) => !isEmpty(m) && matches(m, req)));
}

/** The index of the first rule of a policy ztunnel would match, or undefined. */
export function ztunnelPolicyMatch(spec: JsonObject, req: ProxyRequest, action: 'ALLOW' | 'DENY', policyNamespace: string): number | undefined {
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (let i = 0; i < rules.length; i++) {
    const clauses = ztunnelRule(rules[i], action, policyNamespace);
    if (clauses && ztunnelRuleMatches(clauses, req)) return i;
  }
  return undefined;
}

/** Why an ambient policy rule was dropped or narrowed, for the explanation. */
export function ztunnelDropsL7(rule: unknown): boolean {
  if (!isObj(rule)) return false;
  const has = (o: unknown, keys: string[]) => isObj(o) && keys.some((k) => strs(o[k]).length > 0);
  return objs(rule.to).some(([t]) => has(t.operation, L7_OPERATION))
    || objs(rule.from).some(([f]) => has(f.source, L7_SOURCE))
    || objs(rule.when).some(([c]) => !L4_WHEN.has(str(c.key)));
}
