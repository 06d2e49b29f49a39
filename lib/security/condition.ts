import { isIP } from 'net';
import type { AuthorizationPolicySpecRulesWhen } from '../../imports/security.istio.io';
import { ConfigProblem, FieldError } from '../core/errors';
import type { Wire } from '../core/wire';

/** A `[name]` suffix in a condition key: at least one character between the brackets. */
const BRACKETED = /^\[.+\]$/;

/** How Istio checks the values of one condition key. */
enum ValueCheck { ANY, IP, PORT, SERVICE_ACCOUNT, WILDCARD_AT_ENDS }

/** The condition keys Istio documents, as exact keys or `prefix[name]` keys, with their value checks. */
const EXACT_KEYS: ReadonlyMap<string, ValueCheck> = new Map([
  ['source.ip', ValueCheck.IP],
  ['remote.ip', ValueCheck.IP],
  ['source.namespace', ValueCheck.ANY],
  ['source.serviceAccount', ValueCheck.SERVICE_ACCOUNT],
  ['source.principal', ValueCheck.ANY],
  ['source.trustDomain', ValueCheck.WILDCARD_AT_ENDS],
  ['request.auth.principal', ValueCheck.ANY],
  ['request.auth.audiences', ValueCheck.ANY],
  ['request.auth.presenter', ValueCheck.ANY],
  ['destination.ip', ValueCheck.IP],
  ['destination.port', ValueCheck.PORT],
  ['connection.sni', ValueCheck.ANY],
]);
const MAP_KEYS = ['request.headers', 'request.auth.claims'];
const EXPERIMENTAL_PREFIX = 'experimental.envoy.filters.';

/** Keys Istio knows but rejects, with the replacement to suggest. */
const REPLACED_KEYS: ReadonlyMap<string, string> = new Map([
  ['destination.namespace', 'the policy\'s metadata.namespace'],
  ['destination.labels', 'the policy\'s selector'],
  ['destination.name', 'a selector (destination.name was only supported by v1alpha1 policies)'],
  ['destination.user', 'a selector (destination.user was only supported by v1alpha1 policies)'],
]);

const DOCUMENTED = [...MAP_KEYS.map((k) => `${k}[<name>]`), ...EXACT_KEYS.keys(), `${EXPERIMENTAL_PREFIX}*[<name>]`].join(', ');

/** Props of a condition with a key Istio documents. */
export interface ConditionProps {
  /** One of the keys of https://istio.io/latest/docs/reference/config/security/conditions/, e.g. `request.auth.claims[groups]`. */
  readonly key: string;
  /**
   * Values that match; exact, prefix (`abc*`), suffix (`*abc`) or presence (`*`).
   * @default - none; at least one of values and notValues is required
   */
  readonly values?: string[];
  /**
   * Values that must not match.
   * @default - none
   */
  readonly notValues?: string[];
}

/**
 * One `when` condition of an authorization rule. The key must be one Istio documents; anything else is rejected
 * when the condition is created, with the list of valid keys.
 *
 * @example
 * Condition.requestClaim('groups', ['admin']);
 * Condition.of({ key: 'request.headers[x-tenant]', notValues: ['blocked'] });
 */
export class Condition {
  /** A condition on any documented key. @throws when the key is not documented, or a value does not fit the key */
  public static of(props: ConditionProps): Condition {
    const problems = conditionProblems(props);
    if (problems.length > 0) throw new FieldError(problems.map((p) => ({ ...p, field: `Condition ${p.field}` })));
    return new Condition(props.key, props.values, props.notValues);
  }

  /** A JWT claim of the request (`request.auth.claims[<claim>]`); nested claims as `['a', 'b']` (`[a][b]`). */
  public static requestClaim(claim: string | string[], values?: string[], notValues?: string[]): Condition {
    const path = typeof claim === 'string' ? [claim] : claim;
    return Condition.of({ key: `request.auth.claims${path.map((c) => `[${c}]`).join('')}`, values, notValues });
  }

  /** A request header (`request.headers[<name>]`); HTTP only. */
  public static requestHeader(name: string, values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: `request.headers[${name}]`, values, notValues });
  }

  /** The peer's IP or CIDR (`source.ip`). */
  public static sourceIp(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'source.ip', values, notValues });
  }

  /** The original client IP from X-Forwarded-For or PROXY protocol (`remote.ip`). */
  public static remoteIp(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'remote.ip', values, notValues });
  }

  /** The peer's namespace (`source.namespace`); needs mTLS. */
  public static sourceNamespace(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'source.namespace', values, notValues });
  }

  /** The peer's identity, e.g. `cluster.local/ns/default/sa/productpage` (`source.principal`); needs mTLS. */
  public static sourcePrincipal(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'source.principal', values, notValues });
  }

  /** The request's JWT principal `<iss>/<sub>` (`request.auth.principal`). */
  public static requestPrincipal(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'request.auth.principal', values, notValues });
  }

  /** The destination port (`destination.port`). */
  public static destinationPort(ports?: number[], notPorts?: number[]): Condition {
    return Condition.of({ key: 'destination.port', values: ports?.map(String), notValues: notPorts?.map(String) });
  }

  /** The TLS server name (`connection.sni`). */
  public static connectionSni(values?: string[], notValues?: string[]): Condition {
    return Condition.of({ key: 'connection.sni', values, notValues });
  }

  private constructor(
    /** The condition's key. */
    public readonly key: string,
    /** Matching values. */
    public readonly values?: string[],
    /** Values that must not match. */
    public readonly notValues?: string[],
  ) {}

  /** The condition as it appears under `when`. */
  public toJson(): Wire<AuthorizationPolicySpecRulesWhen> {
    return {
      key: this.key,
      ...(this.values ? { values: [...this.values] } : {}),
      ...(this.notValues ? { notValues: [...this.notValues] } : {}),
    };
  }
}

/** Problems of a condition, following Istio's own checks (pkg/config/security ValidateAttribute). */
function conditionProblems(props: ConditionProps): ConfigProblem[] {
  const { key } = props;
  const field = `'${key}'`;
  const replaced = [...REPLACED_KEYS].find(([k]) => key === k || key.startsWith(`${k}[`));
  if (replaced) return [{ field, problem: `Istio rejects the key ${replaced[0]}`, fix: `Use ${replaced[1]} instead.` }];
  const mapPrefix = [...MAP_KEYS, EXPERIMENTAL_PREFIX].find((p) => key.startsWith(p));
  const check = mapPrefix !== undefined ? ValueCheck.ANY : EXACT_KEYS.get(key);
  if (check === undefined) return [{ field, problem: 'unknown key', fix: `Use one of: ${DOCUMENTED}.` }];
  if (mapPrefix !== undefined && !BRACKETED.test(key.slice(mapPrefix === EXPERIMENTAL_PREFIX ? key.indexOf('[') : mapPrefix.length))) {
    return [{ field, problem: 'the key needs a name in brackets', fix: `Write it as ${mapPrefix === EXPERIMENTAL_PREFIX ? key : mapPrefix}[<name>].` }];
  }
  if (!props.values?.length && !props.notValues?.length) return [{ field, problem: 'no values and no notValues', fix: 'Give at least one of them.' }];
  return [...valueProblems(field, 'values', check, props.values ?? []), ...valueProblems(field, 'notValues', check, props.notValues ?? [])];
}

function valueProblems(key: string, field: string, check: ValueCheck, values: readonly string[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  values.forEach((v, i) => {
    const at = `${key} ${field}[${i}]`;
    if (v === '') {
      problems.push({ field: at, problem: 'empty value', fix: 'Remove it, or use "*" to match any non-empty value.' });
    } else if (check === ValueCheck.IP && !isIpOrCidr(v)) {
      problems.push({ field: at, problem: `'${v}' is not an IP address or CIDR range`, fix: 'Write e.g. 10.0.0.1 or 10.0.0.0/16.' });
    } else if (check === ValueCheck.PORT && !(/^\d+$/.test(v) && Number(v) <= 65535)) {
      problems.push({ field: at, problem: `'${v}' is not a port`, fix: 'Use a number in 0-65535.' });
    } else if (check === ValueCheck.SERVICE_ACCOUNT && (v.includes('*') || !/^[^/]+(\/[^/]+)?$/.test(v) || v.length > 320)) {
      problems.push({ field: at, problem: `'${v}' is not a service account`, fix: 'Write <serviceAccount> or <namespace>/<serviceAccount>, without wildcards.' });
    } else if (check === ValueCheck.WILDCARD_AT_ENDS && !wildcardAtEnds(v)) {
      problems.push({ field: at, problem: `'${v}' has a wildcard inside`, fix: 'Use at most one *, at the start or the end.' });
    }
  });
  return problems;
}

/** Whether a value has at most one `*`, at its start or end (exact, prefix, suffix or presence match). */
export function wildcardAtEnds(value: string): boolean {
  const stars = value.split('*').length - 1;
  return stars === 0 || (stars === 1 && (value.startsWith('*') || value.endsWith('*')));
}

/** Whether a value is an IPv4/IPv6 address or CIDR prefix. */
export function isIpOrCidr(value: string): boolean {
  const [addr, bits, extra] = value.split('/');
  const family = isIP(addr);
  if (family === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}
