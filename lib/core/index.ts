export * from './api-group';
export * from './istio-version';
export * from './resource';
export * from './settings';
