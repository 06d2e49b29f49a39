export * from './core';
export * from './validation';
export * from './gitops';
export * as l1 from './l1';
