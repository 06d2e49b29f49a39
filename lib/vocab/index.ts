export * from './finding';
export * from './object';
