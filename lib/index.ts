export * from './vocab';
export * from './core';
export * from './networking';
export * from './security';
export * from './telemetry';
export * from './patterns';
export * from './platform';
export * from './validation';
export * from './analysis';
export * from './checks';
export * from './gitops';
export * from './model';
import type * as L1 from './l1';

/**
 * The generated L1 classes, per API group (documented by Istio's CRDs, not in our API reference).
 * They load on first use (they are most of the package's code); `cdk8s-istio/l1` imports them directly.
 * @hidden
 */
export declare const l1: typeof L1;
// eslint-disable-next-line @typescript-eslint/no-require-imports
Object.defineProperty(exports, 'l1', { enumerable: true, get: () => require('./l1') as typeof L1 });
