export * from './authorization-policy';
export { AuthorizationOperation, AuthorizationRule, AuthorizationSource } from './authorization-rule';
export { Condition, ConditionProps } from './condition';
export { ClaimToHeader, JwksSource, JwtHeader, JwtRule } from './jwt-rule';
export * from './peer-authentication';
export * from './principal';
export * from './request-authentication';
