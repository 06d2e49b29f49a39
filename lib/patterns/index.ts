export * from './authz-evaluator';
export * from './jwt-protected-app';
export * from './strict-mtls-namespace';
export * from './canary-route';
export * from './external-service-with-breaker';
export * from './ingress-route';
export * from './fault-injection-experiment';
export * from './egress-gateway-route';
