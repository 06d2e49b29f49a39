export * from './core';
export * from './networking';
export * from './validation';
export * as l1 from './l1';
