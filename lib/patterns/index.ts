export * from './authz-evaluator';
export * from './jwt-protected-app';
