export * from './finding';
export * from './object';
export * from './codes';
export * from './validate';
