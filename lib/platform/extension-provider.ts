import { ExtensionProviderSpec } from './istio-operator-spec';

/** Where a tracing or logging backend listens. */
export interface ProviderEndpoint {
  /** Fully qualified host of its Service, e.g. `jaeger-collector.observability.svc.cluster.local`. */
  readonly service: string;
  /** Port. @default - the protocol's usual port (9411 for Zipkin, 4317 for OTLP gRPC) */
  readonly port?: number;
}

/**
 * Telemetry backends for `meshConfig.extensionProviders`. Telemetry resources name them; the
 * mesh declares them. `prometheus` and `envoy` (file access log to /dev/stdout) are built in.
 */
export class ExtensionProvider {
  /** Prometheus metrics, the built-in `prometheus` provider unless renamed. */
  public static prometheus(name = 'prometheus'): ExtensionProviderSpec {
    return { name, prometheus: {} };
  }

  /** Tracing to a Zipkin collector (port 9411 by default). */
  public static zipkin(name: string, endpoint: ProviderEndpoint): ExtensionProviderSpec {
    return { name, zipkin: { service: endpoint.service, port: endpoint.port ?? 9411 } };
  }

  /** Tracing to an OpenTelemetry collector over OTLP gRPC (port 4317 by default). */
  public static opentelemetry(name: string, endpoint: ProviderEndpoint): ExtensionProviderSpec {
    return { name, opentelemetry: { service: endpoint.service, port: endpoint.port ?? 4317 } };
  }

  /**
   * Tracing to Jaeger through its OTLP receiver (port 4317), as Istio's demo profile and Jaeger
   * add-on do. The default endpoint is the add-on's `jaeger-collector.istio-system`.
   */
  public static jaeger(name = 'jaeger', endpoint: ProviderEndpoint = { service: 'jaeger-collector.istio-system.svc.cluster.local' }): ExtensionProviderSpec {
    return ExtensionProvider.opentelemetry(name, endpoint);
  }

  /** Access logs sent to an OpenTelemetry collector (port 4317 by default). */
  public static openTelemetryAccessLog(name: string, endpoint: ProviderEndpoint): ExtensionProviderSpec {
    return { name, envoyOtelAls: { service: endpoint.service, port: endpoint.port ?? 4317 } };
  }

  /** Access logs written by Envoy to a file (`/dev/stdout` by default). */
  public static fileAccessLog(name: string, path = '/dev/stdout'): ExtensionProviderSpec {
    return { name, envoyFileAccessLog: { path } };
  }

  private constructor() {}
}

/**
 * The providers every mesh has without declaring them (Istio's default MeshConfig, pkg/config/mesh):
 * `prometheus`, `stackdriver` and `envoy` (file access log to /dev/stdout).
 */
export const BUILT_IN_PROVIDER_NAMES: readonly string[] = ['prometheus', 'stackdriver', 'envoy'];

/** Whether a provider is exactly one of the built-in ones (so it needs no declaration). */
export function isBuiltInProvider(provider: ExtensionProviderSpec): boolean {
  const builtIn = [ExtensionProvider.prometheus(), ExtensionProvider.fileAccessLog('envoy')];
  return builtIn.some((b) => JSON.stringify(b) === JSON.stringify(provider));
}
