export * from './mesh-model';
export * from './requests';
export { Dataplane, ModelNote } from './inventory';
export { JwtToken } from './request-authentication';
