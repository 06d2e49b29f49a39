export * from './core';
export * from './networking';
export * from './security';
export * from './telemetry';
export * from './validation';
export * from './platform';
export * as l1 from './l1';
export * from './patterns';
