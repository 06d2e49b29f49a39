export * from './vocab';
export * from './core';
export * from './ambient';
export * from './networking';
export * from './security';
export * from './telemetry';
export * from './gateway-api';
export * from './patterns';
export * from './platform';
// The folders from here to graph load on first use of one of their names in the build (issue 21;
// scripts/lazy-entry.ts). Every Istio resource turns the checks on, so their hook loads with the constructs.
import './checks/app-checks';
export * from './validation';
export * from './analysis';
export * from './checks';
export * from './gitops';
export * from './model';
export * from './graph';
import type * as L1 from './l1';

/**
 * The generated L1 classes, per API group (documented by Istio's CRDs, not in our API reference).
 * They load on first use (they are most of the package's code); `cdk8s-istio/l1` imports them directly.
 * @hidden
 */
export declare const l1: typeof L1;
// eslint-disable-next-line @typescript-eslint/no-require-imports
Object.defineProperty(exports, 'l1', { enumerable: true, get: () => require('./l1') as typeof L1 });
