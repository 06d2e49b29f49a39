import { Condition, isIpOrCidr, wildcardAtEnds } from './condition';
import type {
  AuthorizationPolicySpecRules, AuthorizationPolicySpecRulesFrom, AuthorizationPolicySpecRulesFromSource, AuthorizationPolicySpecRulesTo,
  AuthorizationPolicySpecRulesToOperation,
} from '../../imports/security.istio.io';
import { ConfigProblem } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/**
 * Who a rule matches (`from[].source`). Fields are ANDed; values within a field are ORed. Values match exactly,
 * by prefix (`abc*`), suffix (`*abc`) or presence (`*`).
 */
export interface AuthorizationSource {
  /**
   * Peer identities (mTLS), e.g. `cluster.local/ns/default/sa/productpage`; build them with `Principal`.
   * @default - any
   */
  readonly principals?: string[];
  /**
   * Peer identities that must not match.
   * @default - none
   */
  readonly notPrincipals?: string[];
  /**
   * JWT principals `<iss>/<sub>`; `*` matches any request whose token has a non-empty `sub`.
   * @default - any
   */
  readonly requestPrincipals?: string[];
  /**
   * JWT principals that must not match.
   * @default - none
   */
  readonly notRequestPrincipals?: string[];
  /**
   * Namespaces of the peer (mTLS).
   * @default - any
   */
  readonly namespaces?: string[];
  /**
   * Namespaces that must not match.
   * @default - none
   */
  readonly notNamespaces?: string[];
  /**
   * Service accounts as `<sa>` or `<namespace>/<sa>`, at most 16, no wildcard. Not with principals or namespaces.
   * @default - any
   */
  readonly serviceAccounts?: string[];
  /**
   * Service accounts that must not match.
   * @default - none
   */
  readonly notServiceAccounts?: string[];
  /**
   * Trust domains of the peer. Istio 1.30+.
   * @default - any
   */
  readonly trustDomains?: string[];
  /**
   * Trust domains that must not match. Istio 1.30+.
   * @default - none
   */
  readonly notTrustDomains?: string[];
  /**
   * IPs or CIDRs of the direct peer (the connection's source address; behind a gateway, the gateway).
   * @default - any
   */
  readonly ipBlocks?: string[];
  /**
   * Direct peer IPs or CIDRs that must not match.
   * @default - none
   */
  readonly notIpBlocks?: string[];
  /**
   * Original client IPs or CIDRs, from X-Forwarded-For or PROXY protocol: what you usually want behind an ingress gateway.
   * @default - any
   */
  readonly remoteIpBlocks?: string[];
  /**
   * Original client IPs or CIDRs that must not match.
   * @default - none
   */
  readonly notRemoteIpBlocks?: string[];
}

/** What a rule matches (`to[].operation`); HTTP fields (hosts, methods, paths) only apply to HTTP traffic. */
export interface AuthorizationOperation {
  /**
   * Hosts (`Host`/`:authority` header).
   * @default - any
   */
  readonly hosts?: string[];
  /**
   * Hosts that must not match.
   * @default - none
   */
  readonly notHosts?: string[];
  /**
   * Destination ports of the workload.
   * @default - any
   */
  readonly ports?: number[];
  /**
   * Ports that must not match.
   * @default - none
   */
  readonly notPorts?: number[];
  /**
   * HTTP methods, e.g. `GET`; for gRPC always `POST`.
   * @default - any
   */
  readonly methods?: string[];
  /**
   * Methods that must not match.
   * @default - none
   */
  readonly notMethods?: string[];
  /**
   * Paths, e.g. `/api/*`, or templates `/{*}/reviews/{**}`.
   * @default - any
   */
  readonly paths?: string[];
  /**
   * Paths that must not match.
   * @default - none
   */
  readonly notPaths?: string[];
}

/**
 * One rule: a request matches when it matches ANY source, ANY operation and ALL conditions.
 * An empty rule `{}` matches every request.
 */
export interface AuthorizationRule {
  /**
   * Sources, ORed.
   * @default - any source
   */
  readonly from?: AuthorizationSource[];
  /**
   * Operations, ORed.
   * @default - any operation
   */
  readonly to?: AuthorizationOperation[];
  /**
   * Conditions, ANDed.
   * @default - none
   */
  readonly when?: Condition[];
}

const SOURCE_FIELDS = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
  'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains', 'ipBlocks', 'notIpBlocks', 'remoteIpBlocks',
  'notRemoteIpBlocks'] as const;
const OPERATION_FIELDS = ['hosts', 'notHosts', 'ports', 'notPorts', 'methods', 'notMethods', 'paths', 'notPaths'] as const;

/** Checks one rule and renders it; problems are reported against `path` (e.g. `spec.rules[0]`). */
export function renderAuthorizationRule(rule: AuthorizationRule, path: string, problems: ConfigProblem[]): Wire<AuthorizationPolicySpecRules> {
  if (rule.from?.length === 0) problems.push({ field: `${path}.from`, problem: 'an empty list', fix: 'Leave from unset to match any source.' });
  if (rule.to?.length === 0) problems.push({ field: `${path}.to`, problem: 'an empty list', fix: 'Leave to unset to match any operation.' });
  const from = rule.from?.map((source, i): Wire<AuthorizationPolicySpecRulesFrom> => ({ source: renderSource(source, `${path}.from[${i}].source`, problems) }));
  const to = rule.to?.map((op, i): Wire<AuthorizationPolicySpecRulesTo> => ({ operation: renderOperation(op, `${path}.to[${i}].operation`, problems) }));
  return dropUndefined({ from, to, when: rule.when?.length ? rule.when.map((c) => c.toJson()) : undefined });
}

function renderSource(source: AuthorizationSource, path: string, problems: ConfigProblem[]): Wire<AuthorizationPolicySpecRulesFromSource> {
  const out = pick(source, SOURCE_FIELDS, path, problems);
  if (Object.keys(out).length === 0) problems.push({ field: path, problem: 'an empty source matches nothing useful and Istio rejects it', fix: 'Set a field, or drop the source.' });
  const identities = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces'].some((f) => f in out);
  if (identities && ('serviceAccounts' in out || 'notServiceAccounts' in out)) {
    problems.push({ field: path, problem: 'serviceAccounts cannot be combined with principals or namespaces', fix: 'Use one form of identity per source.' });
  }
  for (const f of ['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'] as const) {
    source[f]?.forEach((v, i) => {
      if (v !== '' && !isIpOrCidr(v)) problems.push({ field: `${path}.${f}[${i}]`, problem: `'${v}' is not an IP address or CIDR range`, fix: 'Write e.g. 10.0.0.1 or 10.0.0.0/16.' });
    });
  }
  for (const f of ['serviceAccounts', 'notServiceAccounts'] as const) {
    const values = source[f] ?? [];
    if (values.length > 16) problems.push({ field: `${path}.${f}`, problem: `${values.length} values, at most 16 are allowed`, fix: 'Split the rule.' });
    values.forEach((v, i) => {
      if (v !== '' && (v.includes('*') || !/^[^/]+(\/[^/]+)?$/.test(v) || v.length > 320)) {
        problems.push({ field: `${path}.${f}[${i}]`, problem: `'${v}' is not a service account`, fix: 'Write <serviceAccount> or <namespace>/<serviceAccount>, without wildcards.' });
      }
    });
  }
  for (const f of ['trustDomains', 'notTrustDomains'] as const) {
    source[f]?.forEach((v, i) => {
      if (v !== '' && (!wildcardAtEnds(v) || v.includes('/'))) {
        problems.push({ field: `${path}.${f}[${i}]`, problem: `'${v}' is not a trust domain`, fix: 'Use a domain without /, with at most one * at the start or end.' });
      }
    });
  }
  return out;
}

function renderOperation(op: AuthorizationOperation, path: string, problems: ConfigProblem[]): Wire<AuthorizationPolicySpecRulesToOperation> {
  const out = pick(op, OPERATION_FIELDS, path, problems);
  if (Object.keys(out).length === 0) problems.push({ field: path, problem: 'an empty operation', fix: 'Set a field, or drop the operation.' });
  for (const f of ['ports', 'notPorts'] as const) {
    op[f]?.forEach((p, i) => {
      if (!Number.isInteger(p) || p < 0 || p > 65535) problems.push({ field: `${path}.${f}[${i}]`, problem: `${p} is not a port`, fix: 'Use a number in 0-65535.' });
    });
  }
  for (const f of ['paths', 'notPaths'] as const) {
    op[f]?.forEach((p, i) => {
      const problem = pathTemplateProblem(p);
      if (problem) problems.push({ field: `${path}.${f}[${i}]`, problem, fix: 'Use {*} for one segment and {**} only as the last segment.' });
    });
  }
  return out;
}

/** Copies the set list fields in a fixed order (numbers as strings, as Istio expects), reporting empty strings. */
function pick<T extends object>(value: T, fields: readonly (keyof T & string)[], path: string, problems: ConfigProblem[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fields) {
    const list = value[f] as unknown as readonly (string | number)[] | undefined;
    if (list === undefined) continue;
    if (list.length === 0) problems.push({ field: `${path}.${f}`, problem: 'an empty list', fix: `Leave ${f} unset to match anything.` });
    list.forEach((v, i) => {
      if (v === '') problems.push({ field: `${path}.${f}[${i}]`, problem: 'empty value', fix: 'Remove it, or use "*" to match any value.' });
    });
    out[f] = list.map(String);
  }
  return out;
}

/** Istio's check of path templates (`{*}` one segment, `{**}` the rest, only last); undefined when fine. */
function pathTemplateProblem(path: string): string | undefined {
  const templated = path.includes('{*}') || path.includes('{**}');
  let sawMatchAny = false;
  for (const segment of path.replace(/^\/+|\/+$/g, '').split('/')) {
    if ((segment === '{*}' || segment === '{**}') && sawMatchAny) return `'${path}': {**} must be the last segment`;
    if (segment === '{**}') sawMatchAny = true;
    if (segment === '{*}' || segment === '{**}') continue;
    if (/[{}]/.test(segment)) return `'${path}': '{' or '}' outside a {*} or {**} template`;
    if (templated && !/^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/.test(segment)) return `'${path}': segment '${segment}' is not a valid literal`;
  }
  return undefined;
}
