export * from './core';
export * from './validation';
export * from './platform';
export * as l1 from './l1';
