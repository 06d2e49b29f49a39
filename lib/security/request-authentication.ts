import { Construct } from 'constructs';
import { JwtRule, renderJwtRule } from './jwt-rule';
import type { RequestAuthenticationSpec, RequestAuthenticationSpecJwtRules } from '../../imports/security.istio.io';
import { SECURITY_API } from '../core/api-group';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { renderWorkloadPolicyScope, workloadPolicyScopeProblems, WorkloadPolicyScopeProps } from '../core/policy-target';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Props of a RequestAuthentication. */
export interface RequestAuthenticationProps extends IstioResourceProps, WorkloadPolicyScopeProps {
  /**
   * The JWT issuers accepted; more can be added with `addJwtRule()`.
   * @default - none
   */
  readonly jwtRules?: JwtRule[];
}

const KIND = 'RequestAuthentication';

/**
 * Which JWTs a workload accepts. A request with an invalid token is rejected; a request WITHOUT a token is
 * still accepted (its principal is empty): pair it with `AuthorizationPolicy.requireJwt()` to demand a token.
 *
 * @example
 * new RequestAuthentication(chart, 'jwt', { selector: WorkloadSelector.labels({ app: 'productpage' }) })
 *   .addJwtRule({ issuer: 'https://auth.example.com', jwks: JwksSource.fromUri('https://auth.example.com/.well-known/jwks.json') });
 */
export class RequestAuthentication extends IstioResource<RequestAuthenticationSpec> {
  private readonly policyScope: WorkloadPolicyScopeProps;
  private readonly jwtRules: Wire<RequestAuthenticationSpecJwtRules>[] = [];

  public constructor(scope: Construct, id: string, props: RequestAuthenticationProps = {}) {
    super(scope, id, { api: SECURITY_API, kind: KIND }, props);
    this.policyScope = props;
    detachOnError(this, () => {
      throwIfProblems(this, workloadPolicyScopeProblems(props));
      for (const rule of props.jwtRules ?? []) this.addJwtRule(rule);
    });
  }

  /**
   * Accepts tokens of one more issuer.
   * @throws when the rule is invalid (no issuer nor jwks URI, bad URL, bad header name, ...)
   */
  public addJwtRule(rule: JwtRule): this {
    const problems: ConfigProblem[] = [];
    const rendered = renderJwtRule(rule, `spec.jwtRules[${this.jwtRules.length}]`, problems);
    throwIfProblems(this, problems);
    this.jwtRules.push(rendered);
    return this;
  }

  protected renderSpec(): Wire<RequestAuthenticationSpec> {
    return dropUndefined({
      ...renderWorkloadPolicyScope(this.policyScope),
      jwtRules: this.jwtRules.length > 0 ? [...this.jwtRules] : undefined,
    });
  }
}
