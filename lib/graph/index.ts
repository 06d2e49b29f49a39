export * from './model';
export { GraphSelectionError, MeshGraph } from './graph';
export { MeshGraphOptions } from './build';
export { AccessAnswer, AccessOracle, AccessTarget, ModelAccessOracle } from './access';
export * from './render';
