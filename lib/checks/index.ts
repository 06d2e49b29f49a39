export * from './check-all';
export * from './app-checks';
export * from './testing';
export * from './expectations';
export * from './cdk8s-plugin';
export { IntentInput } from './behaviour/intents';
