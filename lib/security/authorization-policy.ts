import { Construct } from 'constructs';
import { AuthorizationRule, renderAuthorizationRule } from './authorization-rule';
import { Condition } from './condition';
import { IServiceAccountIdentity, Principal } from './principal';
import type { AuthorizationPolicySpec, AuthorizationPolicySpecRules } from '../../imports/security.istio.io';
import { SECURITY_API } from '../core/api-group';
import { ConfigProblem, detachOnError, IstioConfigError, throwIfProblems } from '../core/errors';
import { renderWorkloadPolicyScope, workloadPolicyScopeProblems, WorkloadPolicyScopeProps } from '../core/policy-target';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** What an AuthorizationPolicy does with matching requests. Istio evaluates CUSTOM, then DENY, then ALLOW. */
export enum AuthorizationAction {
  /** Allow matching requests; once any ALLOW policy selects a workload, requests matching none are denied. */
  ALLOW = 'ALLOW',
  /** Deny matching requests, whatever ALLOW policies say. */
  DENY = 'DENY',
  /** Log matching requests through an audit provider; does not change the decision. */
  AUDIT = 'AUDIT',
  /** Ask an external authorizer (an `extensionProviders` entry of MeshConfig) about matching requests. */
  CUSTOM = 'CUSTOM',
}

/** Props of an AuthorizationPolicy. */
export interface AuthorizationPolicyProps extends IstioResourceProps, WorkloadPolicyScopeProps {
  /**
   * The action on matching requests.
   * @default AuthorizationAction.ALLOW (not written out)
   */
  readonly action?: AuthorizationAction;
  /**
   * Name of the external authorizer (MeshConfig `extensionProviders[].name`); required with CUSTOM, forbidden otherwise.
   * @default - none
   */
  readonly provider?: string;
  /**
   * The rules; more can be added with `addRule()`. An ALLOW policy without rules allows nothing.
   * @default - none
   */
  readonly rules?: AuthorizationRule[];
}

/** Props of the factories: where the policy applies. */
export interface AuthorizationPolicyScopeProps extends IstioResourceProps, WorkloadPolicyScopeProps {}

/** Props of `allowFromServiceAccounts`. */
export interface AllowFromServiceAccountsProps extends AuthorizationPolicyScopeProps {
  /** The callers allowed: service account constructs (e.g. cdk8s-plus `ServiceAccount`). */
  readonly serviceAccounts: IServiceAccountIdentity[];
  /**
   * The mesh's trust domain.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/** How `requireJwt` decides that a request carries a valid JWT. */
export enum JwtRequirement {
  /**
   * `from.source.requestPrincipals` (`*`, or `<issuer>/*` per issuer): matches tokens whose `sub` claim is non-empty,
   * so a valid token without `sub` is denied.
   */
  REQUEST_PRINCIPAL = 'REQUEST_PRINCIPAL',
  /**
   * `when: request.auth.claims[iss]` in the given issuers: matches any verified token of those issuers, with or without `sub`.
   * Needs `issuers`.
   */
  ISSUER_CLAIM = 'ISSUER_CLAIM',
}

/** Props of `requireJwt`. */
export interface RequireJwtProps extends AuthorizationPolicyScopeProps {
  /**
   * The issuers whose tokens are accepted (they must also be configured in a RequestAuthentication).
   * @default - any issuer a RequestAuthentication accepts (REQUEST_PRINCIPAL only)
   */
  readonly issuers?: string[];
  /**
   * How a valid token is recognized.
   * @default JwtRequirement.REQUEST_PRINCIPAL
   */
  readonly requirement?: JwtRequirement;
}

const KIND = 'AuthorizationPolicy';

/**
 * Access control for workloads: ALLOW, DENY, AUDIT or CUSTOM on requests matching typed rules.
 * The factories write the intents that are easy to get wrong in YAML.
 *
 * @example
 * new AuthorizationPolicy(chart, 'reviews', { selector: WorkloadSelector.labels({ app: 'reviews' }) })
 *   .addRule({ from: [{ principals: [Principal.fromServiceAccount(productpageSa)] }], to: [{ methods: ['GET'] }] });
 */
export class AuthorizationPolicy extends IstioResource<AuthorizationPolicySpec> {
  /**
   * Allows nothing: an ALLOW policy without rules, so every request to the selected workloads is denied unless
   * another ALLOW policy matches it (deny by default). Other ALLOW policies can still open access.
   */
  public static allowNothing(scope: Construct, id: string, props: AuthorizationPolicyScopeProps = {}): AuthorizationPolicy {
    return new AuthorizationPolicy(scope, id, props);
  }

  /**
   * Denies everything: a DENY policy with the empty rule `{}`. Unlike `allowNothing`, no ALLOW policy can override it.
   */
  public static denyAll(scope: Construct, id: string, props: AuthorizationPolicyScopeProps = {}): AuthorizationPolicy {
    return new AuthorizationPolicy(scope, id, { ...props, action: AuthorizationAction.DENY, rules: [{}] });
  }

  /** Allows every request: an ALLOW policy with the empty rule `{}` (which matches everything). */
  public static allowAll(scope: Construct, id: string, props: AuthorizationPolicyScopeProps = {}): AuthorizationPolicy {
    return new AuthorizationPolicy(scope, id, { ...props, rules: [{}] });
  }

  /** Allows requests from the given service accounts (by mTLS principal), any operation. */
  public static allowFromServiceAccounts(scope: Construct, id: string, props: AllowFromServiceAccountsProps): AuthorizationPolicy {
    const { serviceAccounts, trustDomain, ...rest } = props;
    if (serviceAccounts.length === 0) throw new IstioConfigError(`${scope.node.path}/${id}`, KIND, [{ field: 'serviceAccounts', problem: 'is empty', fix: 'Name at least one caller.' }]);
    const principals = serviceAccounts.map((sa) => Principal.fromServiceAccount(sa, { trustDomain }));
    return new AuthorizationPolicy(scope, id, { ...rest, rules: [{ from: [{ principals }] }] });
  }

  /**
   * Allows only requests carrying a valid JWT. See `JwtRequirement` for the two forms: request principals need a
   * non-empty `sub` claim, the `iss` claim condition does not. Tokens are verified by a RequestAuthentication;
   * this policy is what rejects requests WITHOUT a token.
   */
  public static requireJwt(scope: Construct, id: string, props: RequireJwtProps = {}): AuthorizationPolicy {
    const { issuers, requirement = JwtRequirement.REQUEST_PRINCIPAL, ...rest } = props;
    if (requirement === JwtRequirement.ISSUER_CLAIM) {
      if (!issuers?.length) {
        throw new IstioConfigError(`${scope.node.path}/${id}`, KIND, [{ field: 'issuers', problem: 'JwtRequirement.ISSUER_CLAIM needs issuers', fix: 'List the accepted issuers.' }]);
      }
      return new AuthorizationPolicy(scope, id, { ...rest, rules: [{ when: [Condition.requestClaim('iss', issuers)] }] });
    }
    const requestPrincipals = issuers?.length ? issuers.map((iss) => `${iss}/*`) : ['*'];
    return new AuthorizationPolicy(scope, id, { ...rest, rules: [{ from: [{ requestPrincipals }] }] });
  }

  private readonly action?: AuthorizationAction;
  private readonly provider?: string;
  private readonly policyScope: WorkloadPolicyScopeProps;
  private readonly rules: Wire<AuthorizationPolicySpecRules>[] = [];

  public constructor(scope: Construct, id: string, props: AuthorizationPolicyProps = {}) {
    super(scope, id, { api: SECURITY_API, kind: KIND }, props);
    this.action = props.action;
    this.provider = props.provider;
    this.policyScope = props;
    detachOnError(this, () => {
      const problems = workloadPolicyScopeProblems(props);
      if (props.provider !== undefined && props.action !== AuthorizationAction.CUSTOM) {
        problems.push({ field: 'spec.provider', problem: `a provider is only used by CUSTOM policies, this one is ${props.action ?? 'ALLOW'}`, fix: 'Set action: AuthorizationAction.CUSTOM, or remove provider.' });
      }
      if (props.action === AuthorizationAction.CUSTOM && !props.provider) {
        problems.push({ field: 'spec.provider.name', problem: 'a CUSTOM policy needs a provider', fix: 'Set provider to an extensionProviders name of MeshConfig.' });
      }
      throwIfProblems(this, problems);
      for (const rule of props.rules ?? []) this.addRule(rule);
    });
  }

  /**
   * Adds a rule; a request matching any rule gets the policy's action.
   * @throws when the rule is invalid (empty source or operation, bad IP, port or path, fields CUSTOM cannot match, ...)
   */
  public addRule(rule: AuthorizationRule): this {
    const path = `spec.rules[${this.rules.length}]`;
    const problems: ConfigProblem[] = [];
    const rendered = renderAuthorizationRule(rule, path, problems);
    if (this.action === AuthorizationAction.CUSTOM) problems.push(...customProblems(rule, path));
    throwIfProblems(this, problems);
    this.rules.push(rendered);
    return this;
  }

  protected renderSpec(): Wire<AuthorizationPolicySpec> {
    if ((this.action === AuthorizationAction.DENY || this.action === AuthorizationAction.CUSTOM) && this.rules.length === 0) {
      throwIfProblems(this, [{ field: 'spec.rules', problem: `a ${this.action} policy without rules never triggers`, fix: 'Add a rule; the empty rule {} matches every request.' }]);
    }
    return dropUndefined({
      ...renderWorkloadPolicyScope(this.policyScope),
      action: this.action,
      provider: this.provider !== undefined ? { name: this.provider } : undefined,
      rules: this.rules.length > 0 ? [...this.rules] : undefined,
    });
  }
}

/** What CUSTOM policies cannot match on (identity attributes are not available to the external authorizer's filter). */
function customProblems(rule: AuthorizationRule, path: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const identityFields = ['principals', 'notPrincipals', 'requestPrincipals', 'notRequestPrincipals', 'namespaces', 'notNamespaces',
    'serviceAccounts', 'notServiceAccounts', 'trustDomains', 'notTrustDomains'] as const;
  rule.from?.forEach((source, i) => {
    for (const f of identityFields) {
      if (source[f] !== undefined) problems.push({ field: `${path}.from[${i}].source.${f}`, problem: `${f} is not supported with CUSTOM`, fix: 'Match on IPs, operations or conditions.' });
    }
  });
  rule.when?.forEach((c, i) => {
    if (/^source\.(namespace|serviceAccount|trustDomain|principal)$/.test(c.key) || c.key.startsWith('request.auth.')) {
      problems.push({ field: `${path}.when[${i}].key`, problem: `${c.key} is not supported with CUSTOM`, fix: 'Match on IPs, operations or other conditions.' });
    }
  });
  return problems;
}
