export * from './codes';
export * from './validate';
