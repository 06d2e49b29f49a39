export * from './model';
export { DiffInput, diffObjects } from './diff';
export { DiffPathsOptions, diffPaths } from './files';
export { resourceId } from './identity';
