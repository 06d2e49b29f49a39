export * from './aliases';
export * from './files';
export * from './input-error';
export * from './load';
export * from './parse';
export * from './split';
