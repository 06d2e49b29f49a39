export * from './finding';
export * from './object';
export * from './codes';
export * from './validate';
export * from './check-all';
export * from './app-checks';
export * from './testing';
export * from './cdk8s-plugin';
