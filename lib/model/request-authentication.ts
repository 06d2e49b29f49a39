/**
 * JWT validation at a sidecar, as Istio configures Envoy's jwt_authn filter from the RequestAuthentications
 * that apply to the workload (pilot/pkg/security/authn/policy_applier.go): every jwtRule is a provider and
 * the requirement is "one provider, or no token at all" (`allow_missing`). So a request without a token
 * passes with no request principal; a token no provider accepts (unknown issuer, audience not listed) is
 * rejected with 401; with no RequestAuthentication the token is not looked at (no request principal).
 */
import { Inventory, ModelConfig } from './inventory';
import { policiesFor, PolicyTarget } from './policy-selection';
import { arr, objs, str, strs } from '../vocab/json';

/** A JWT a request carries: its standard claims and any others. */
export interface JwtToken {
  /** The `iss` claim. @default - none */
  readonly iss?: string;
  /** The `sub` claim. @default - none */
  readonly sub?: string;
  /** The `aud` claim. @default - none */
  readonly aud?: string | readonly string[];
  /** Other claims (nested objects and lists allowed), e.g. `{ groups: ['admin'] }`. @default - none */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What the jwt_authn filter makes of a request's token. */
export interface JwtOutcome {
  /** `none`: no token (or no RequestAuthentication); `valid`: accepted; `invalid`: rejected with 401. */
  readonly status: 'none' | 'valid' | 'invalid';
  /** The validated payload (when valid). */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The RequestAuthentication that accepted (valid) or the ones that apply (invalid), `namespace/name`. */
  readonly policy?: string;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** The payload of a token: its extra claims with `iss`, `sub` and `aud` set from the named fields. */
export function tokenPayload(token: JwtToken): Record<string, unknown> {
  const payload: Record<string, unknown> = { ...token.claims ?? {} };
  if (token.iss !== undefined) payload.iss = token.iss;
  if (token.sub !== undefined) payload.sub = token.sub;
  if (token.aud !== undefined) payload.aud = token.aud;
  return payload;
}

/** Validates a request's token against the RequestAuthentications that apply to a workload. */
export function validateJwt(inv: Inventory, target: PolicyTarget, token: JwtToken | undefined, rootNamespace: string): JwtOutcome {
  return validateJwtWith(policiesFor(inv, 'RequestAuthentication', target, rootNamespace), token);
}

/** Validates a request's token against the given RequestAuthentications (a sidecar's, or a waypoint's for a Service). */
export function validateJwtWith(policies: readonly ModelConfig[], token: JwtToken | undefined): JwtOutcome {
  const rules: Array<{ policy: ModelConfig; rule: Record<string, unknown> }> = [];
  for (const p of policies) for (const [rule] of objs(p.spec.jwtRules)) rules.push({ policy: p, rule: rule as Record<string, unknown> });
  if (!token) return { status: 'none', reason: 'no token' };
  if (rules.length === 0) return { status: 'none', reason: 'no RequestAuthentication applies: the token is not validated and gives no request principal' };
  const payload = tokenPayload(token);
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const aud = typeof payload.aud === 'string' ? [payload.aud] : strs(payload.aud);
  const sameIssuer = rules.filter((r) => str(r.rule.issuer) === iss);
  const ids = [...new Set(policies.map((p) => p.id))].join(', ');
  if (sameIssuer.length === 0) {
    return { status: 'invalid', policy: policies[0].id, reason: `the token's issuer "${iss}" is not one of the jwtRules' issuers (${ids}): 401` };
  }
  const accepted = sameIssuer.find((r) => {
    const audiences = strs(r.rule.audiences);
    return audiences.length === 0 || aud.some((a) => audiences.includes(a));
  });
  if (!accepted) {
    const wanted = [...new Set(sameIssuer.flatMap((r) => arr(r.rule.audiences)))].join(', ');
    return { status: 'invalid', policy: sameIssuer[0].policy.id, reason: `the token's audience (${aud.join(', ') || 'none'}) is not one of ${wanted}: 401` };
  }
  return { status: 'valid', claims: payload, policy: accepted.policy.id, reason: `token from ${iss} validated by ${accepted.policy.id}` };
}
