import { renderProviders } from './metrics';
import { WorkloadMode } from './workload-mode';
import type { TelemetrySpecTracing, TelemetrySpecTracingCustomTags, TelemetrySpecTracingCustomTagsEnvironment, TelemetrySpecTracingCustomTagsHeader } from '../../imports/telemetry.istio.io';
import { ConfigProblem } from '../core/errors';
import { dropUndefined, sortedRecord } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** The value of a custom span tag. */
export class CustomTag {
  /** A fixed value. */
  public static literal(value: string): CustomTag {
    return new CustomTag('literal', { value });
  }

  /** The value of a request header, or `defaultValue` when the header is absent. */
  public static header(name: string, defaultValue?: string): CustomTag {
    return new CustomTag('header', dropUndefined<Wire<TelemetrySpecTracingCustomTagsHeader>>({ name, defaultValue }));
  }

  /** The value of an environment variable of the proxy, or `defaultValue` when it is unset. */
  public static environment(name: string, defaultValue?: string): CustomTag {
    return new CustomTag('environment', dropUndefined<Wire<TelemetrySpecTracingCustomTagsEnvironment>>({ name, defaultValue }));
  }

  /** An Envoy substitution format string, e.g. `%REQ(:PATH)%`. Istio 1.29+. */
  public static formatter(value: string): CustomTag {
    return new CustomTag('formatter', { value });
  }

  private constructor(
    /** The tag's source: literal, header, environment or formatter. */
    public readonly type: 'literal' | 'header' | 'environment' | 'formatter',
    /** The source's fields. */
    public readonly fields: { readonly [field: string]: string },
  ) {}
}

/** Tracing settings. Istio supports one tracing entry with one provider per Telemetry. */
export interface TracingConfig {
  /**
   * Name of a MeshConfig `extensionProviders` entry (e.g. `jaeger`, `otel`, `zipkin`).
   * @default - the mesh's default tracing provider
   */
  readonly providers?: string[];
  /**
   * Percentage of requests traced, 0-100.
   * @default - inherited; 1% mesh default
   */
  readonly randomSamplingPercentage?: number;
  /**
   * Extra span tags, by tag name.
   * @default - none
   */
  readonly customTags?: { [tag: string]: CustomTag };
  /**
   * Client side, server side or both.
   * @default WorkloadMode.CLIENT_AND_SERVER (not written out)
   */
  readonly mode?: WorkloadMode;
  /**
   * Stop reporting spans (context is still propagated).
   * @default false
   */
  readonly disableSpanReporting?: boolean;
  /**
   * Base the sampling decision on the request ID.
   * @default - Istio's choice
   */
  readonly useRequestIdForTraceSampling?: boolean;
  /**
   * Add Istio's standard tags to spans.
   * @default true
   */
  readonly enableIstioTags?: boolean;
  /**
   * Do not propagate trace context headers.
   * @default false
   */
  readonly disableContextPropagation?: boolean;
}

/** Checks and renders one `tracing` entry. */
export function renderTracing(config: TracingConfig, path: string, problems: ConfigProblem[]): Wire<TelemetrySpecTracing> {
  const pct = config.randomSamplingPercentage;
  if (pct !== undefined && !(pct >= 0 && pct <= 100)) {
    problems.push({ field: `${path}.randomSamplingPercentage`, problem: `${pct} is not in 0-100`, fix: 'Give a percentage, e.g. 10 for one request in ten.' });
  }
  if ((config.providers?.length ?? 0) > 1) {
    problems.push({ field: `${path}.providers`, problem: 'Istio supports one tracing provider per Telemetry', fix: 'Keep one provider.' });
  }
  let customTags: { [tag: string]: Wire<TelemetrySpecTracingCustomTags> } | undefined;
  if (config.customTags) {
    customTags = {};
    for (const [tag, t] of Object.entries(sortedRecord(config.customTags))) {
      if (tag === '') problems.push({ field: `${path}.customTags`, problem: 'empty tag name', fix: 'Name the tag.' });
      const main = t.type === 'literal' || t.type === 'formatter' ? 'value' : 'name';
      if (!t.fields[main]) problems.push({ field: `${path}.customTags[${tag}].${t.type}.${main}`, problem: `empty ${main}`, fix: `Give the ${t.type} ${main}.` });
      customTags[tag] = { [t.type]: { ...t.fields } };
    }
  }
  return dropUndefined({
    match: config.mode !== undefined ? { mode: config.mode } : undefined,
    providers: renderProviders(config.providers, `${path}.providers`, problems),
    randomSamplingPercentage: pct,
    disableSpanReporting: config.disableSpanReporting,
    customTags,
    useRequestIdForTraceSampling: config.useRequestIdForTraceSampling,
    enableIstioTags: config.enableIstioTags,
    disableContextPropagation: config.disableContextPropagation,
  });
}
