export * from './mesh-model';
export * from './requests';
export { WorkloadDataplane, ModelNote } from './inventory';
export { JwtToken } from './request-authentication';
export { EffectiveMtls } from './peer-authentication';
