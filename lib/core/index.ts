export * from './api-group';
export * from './gateway-api';
export * from './istio-duration';
export * from './istio-version';
export * from './resource';
export * from './settings';
export * from './workload-selector';
export * from './mesh-namespace';
export { INamedResource, PolicyTarget, PolicyTargetReference, WorkloadPolicyScopeProps } from './policy-target';
