export * from './core';
export * from './networking';
export * from './security';
export * from './telemetry';
export * from './validation';
export * from './gitops';
export * as l1 from './l1';
