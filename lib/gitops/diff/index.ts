export * from './model';
export { DiffInput, diffObjects } from './diff';
export { diffPaths } from './files';
export { resourceId } from './identity';
