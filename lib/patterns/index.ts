export * from './authz-evaluator';
