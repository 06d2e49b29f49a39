import { authorizationPolicyExplainer } from './authorization-policy';
import { destinationRuleExplainer } from './destination-rule';
import { KindExplainer } from './explainer';
import { peerAuthenticationExplainer } from './peer-authentication';
import { requestAuthenticationExplainer } from './request-authentication';
import { virtualServiceExplainer } from './virtual-service';

export * from './explainer';

/** The Istio-aware explainers by `group/Kind`; other kinds get the generic structural diff. */
export const EXPLAINERS: ReadonlyMap<string, KindExplainer> = new Map([
  virtualServiceExplainer,
  destinationRuleExplainer,
  peerAuthenticationExplainer,
  authorizationPolicyExplainer,
  requestAuthenticationExplainer,
].map((e) => [e.groupKind, e]));
