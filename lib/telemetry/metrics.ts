import { Duration } from 'cdk8s';
import { celProblems } from './cel';
import { WorkloadMode } from './workload-mode';
import type { TelemetrySpecMetrics, TelemetrySpecMetricsOverrides, TelemetrySpecMetricsOverridesMatch, TelemetrySpecMetricsOverridesTagOverrides, TelemetrySpecMetricsProviders } from '../../imports/telemetry.istio.io';
import { FieldError, ConfigProblem } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined, sortedRecord } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Istio's standard metrics, as named in Telemetry overrides. */
export enum IstioMetric {
  /** Every metric below. */
  ALL_METRICS = 'ALL_METRICS',
  /** `istio_requests_total`. */
  REQUEST_COUNT = 'REQUEST_COUNT',
  /** `istio_request_duration_milliseconds`. */
  REQUEST_DURATION = 'REQUEST_DURATION',
  /** `istio_request_bytes`. */
  REQUEST_SIZE = 'REQUEST_SIZE',
  /** `istio_response_bytes`. */
  RESPONSE_SIZE = 'RESPONSE_SIZE',
  /** `istio_tcp_connections_opened_total`. */
  TCP_OPENED_CONNECTIONS = 'TCP_OPENED_CONNECTIONS',
  /** `istio_tcp_connections_closed_total`. */
  TCP_CLOSED_CONNECTIONS = 'TCP_CLOSED_CONNECTIONS',
  /** `istio_tcp_sent_bytes_total`. */
  TCP_SENT_BYTES = 'TCP_SENT_BYTES',
  /** `istio_tcp_received_bytes_total`. */
  TCP_RECEIVED_BYTES = 'TCP_RECEIVED_BYTES',
  /** `istio_request_messages_total` (gRPC). */
  GRPC_REQUEST_MESSAGES = 'GRPC_REQUEST_MESSAGES',
  /** `istio_response_messages_total` (gRPC). */
  GRPC_RESPONSE_MESSAGES = 'GRPC_RESPONSE_MESSAGES',
}

/** A change to one metric label (tag). */
export class TagOverride {
  /**
   * Sets the tag to the value of a CEL expression, e.g. `request.host` or `string(destination.port)`
   * (not an Envoy `%...%` format string nor a Mixer template).
   */
  public static upsert(expression: string): TagOverride {
    return new TagOverride(expression);
  }

  /** Removes the tag from the metric. */
  public static remove(): TagOverride {
    return new TagOverride(undefined);
  }

  private constructor(
    /** The CEL expression, or undefined to remove the tag. */
    public readonly expression: string | undefined,
  ) {}
}

/** Which metrics an override applies to. */
export interface MetricsOverride {
  /**
   * A standard metric.
   * @default IstioMetric.ALL_METRICS (not written out), unless customMetric is set
   */
  readonly metric?: IstioMetric;
  /**
   * A custom metric name, instead of `metric`.
   * @default - none
   */
  readonly customMetric?: string;
  /**
   * Client side, server side or both.
   * @default WorkloadMode.CLIENT_AND_SERVER (not written out)
   */
  readonly mode?: WorkloadMode;
  /**
   * Whether the matched metrics are not reported.
   * @default - not set (reported)
   */
  readonly disabled?: boolean;
  /**
   * Tags to set or remove, by tag name.
   * @default - none
   */
  readonly tagOverrides?: { [tag: string]: TagOverride };
}

/** Metrics settings: the providers and how their metrics are customized. */
export interface MetricsConfig {
  /**
   * Names of MeshConfig `extensionProviders` (e.g. `prometheus`).
   * @default - the mesh's default metrics providers
   */
  readonly providers?: string[];
  /**
   * Customizations, applied in order.
   * @default - none
   */
  readonly overrides?: MetricsOverride[];
  /**
   * How often metrics are reported (for providers that push).
   * @default - the provider's interval
   */
  readonly reportingInterval?: Duration;
}

/** Checks and renders one `metrics` entry. */
export function renderMetrics(config: MetricsConfig, path: string, problems: ConfigProblem[]): Wire<TelemetrySpecMetrics> {
  let reportingInterval: string | undefined;
  if (config.reportingInterval) {
    try {
      reportingInterval = renderIstioDuration(config.reportingInterval, `${path}.reportingInterval`);
    } catch (e) {
      problems.push({ ...(e as FieldError).problem, fix: 'Use Duration.seconds().' });
    }
  }
  return dropUndefined({
    providers: renderProviders(config.providers, `${path}.providers`, problems),
    overrides: config.overrides?.map((o, i) => renderOverride(o, `${path}.overrides[${i}]`, problems)),
    reportingInterval,
  });
}

function renderOverride(o: MetricsOverride, path: string, problems: ConfigProblem[]): Wire<TelemetrySpecMetricsOverrides> {
  if (o.metric !== undefined && o.customMetric !== undefined) {
    problems.push({ field: `${path}.match`, problem: 'both metric and customMetric are set', fix: 'Set one of them.' });
  }
  if (o.customMetric === '') problems.push({ field: `${path}.match.customMetric`, problem: 'empty name', fix: 'Name the custom metric.' });
  const match = dropUndefined<Wire<TelemetrySpecMetricsOverridesMatch>>({ metric: o.metric, customMetric: o.customMetric, mode: o.mode });
  let tagOverrides: { [tag: string]: Wire<TelemetrySpecMetricsOverridesTagOverrides> } | undefined;
  if (o.tagOverrides) {
    tagOverrides = {};
    for (const [tag, t] of Object.entries(sortedRecord(o.tagOverrides))) {
      if (tag === '') problems.push({ field: `${path}.tagOverrides`, problem: 'empty tag name', fix: 'Name the tag.' });
      if (t.expression !== undefined) problems.push(...celProblems(t.expression, `${path}.tagOverrides[${tag}].value`));
      tagOverrides[tag] = t.expression === undefined ? { operation: 'REMOVE' } : { value: t.expression };
    }
  }
  return dropUndefined({ match: Object.keys(match).length > 0 ? match : undefined, disabled: o.disabled, tagOverrides });
}

/** Checks and renders a `providers` list. */
export function renderProviders(
  providers: readonly string[] | undefined, path: string, problems: ConfigProblem[],
): Wire<TelemetrySpecMetricsProviders>[] | undefined {
  providers?.forEach((p, i) => {
    if (!p) problems.push({ field: `${path}[${i}].name`, problem: 'empty provider name', fix: 'Use a MeshConfig extensionProviders name.' });
  });
  return providers?.map((name): Wire<TelemetrySpecMetricsProviders> => ({ name }));
}
