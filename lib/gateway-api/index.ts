export * from './references';
export * from './gateway';
export * from './route';
export * from './http-route';
export * from './grpc-route';
export * from './stream-routes';
export * from './reference-grant';
