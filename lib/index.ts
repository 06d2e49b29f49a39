export * from './vocab';
export * from './core';
export * from './networking';
export * from './security';
export * from './telemetry';
export * from './gateway-api';
export * from './patterns';
export * from './platform';
export * from './validation';
export * from './analysis';
export * from './checks';
export * from './gitops';
export * from './model';
/**
 * The generated L1 classes, per API group (documented by Istio's CRDs, not in our API reference).
 * @hidden
 */
export * as l1 from './l1';
