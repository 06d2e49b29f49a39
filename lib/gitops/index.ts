export * from './output';
export * from './diff';
export * from './render';
