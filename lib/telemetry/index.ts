export { AccessLoggingConfig } from './access-logging';
export { IstioMetric, MetricsConfig, MetricsOverride, TagOverride } from './metrics';
export * from './telemetry';
export { CustomTag, TracingConfig } from './tracing';
export * from './workload-mode';
