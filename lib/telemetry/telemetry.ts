import { Construct } from 'constructs';
import { AccessLoggingConfig, renderAccessLogging } from './access-logging';
import { MetricsConfig, renderMetrics } from './metrics';
import { renderTracing, TracingConfig } from './tracing';
import type { TelemetrySpec, TelemetrySpecAccessLogging, TelemetrySpecMetrics, TelemetrySpecTracing } from '../../imports/telemetry.istio.io';
import { TELEMETRY_API } from '../core/api-group';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { renderWorkloadPolicyScope, workloadPolicyScopeProblems, WorkloadPolicyScopeProps } from '../core/policy-target';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Props of a Telemetry. */
export interface TelemetryProps extends IstioResourceProps, WorkloadPolicyScopeProps {
  /**
   * Metrics settings; more with `addMetrics()`.
   * @default - inherited
   */
  readonly metrics?: MetricsConfig[];
  /**
   * Tracing settings (one entry); or `addTracing()`.
   * @default - inherited
   */
  readonly tracing?: TracingConfig[];
  /**
   * Access logging settings; more with `addAccessLogging()`.
   * @default - inherited
   */
  readonly accessLogging?: AccessLoggingConfig[];
}

/** Props of a mesh-wide Telemetry. */
export interface MeshTelemetryProps {
  /**
   * The mesh's root namespace (MeshConfig `rootNamespace`).
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The object's name.
   * @default 'mesh-default'
   */
  readonly name?: string;
  /**
   * Metrics settings.
   * @default - none
   */
  readonly metrics?: MetricsConfig[];
  /**
   * Tracing settings.
   * @default - none
   */
  readonly tracing?: TracingConfig[];
  /**
   * Access logging settings.
   * @default - none
   */
  readonly accessLogging?: AccessLoggingConfig[];
}

const KIND = 'Telemetry';

/**
 * Metrics, tracing and access logging for the mesh (root namespace, no selector), a namespace (no selector),
 * or workloads (selector or targetRefs). Settings of a narrower scope override the wider ones.
 *
 * @example
 * Telemetry.meshWide(chart, 'tracing', { tracing: [{ providers: ['jaeger'], randomSamplingPercentage: 10 }] });
 * new Telemetry(chart, 'no-metrics', { selector: WorkloadSelector.labels({ app: 'batch' }) })
 *   .addMetrics({ providers: ['prometheus'], overrides: [{ disabled: true }] });
 */
export class Telemetry extends IstioResource<TelemetrySpec> {
  /** A mesh-wide Telemetry: in the root namespace, without selector. */
  public static meshWide(scope: Construct, id: string, props: MeshTelemetryProps = {}): Telemetry {
    const { rootNamespace = 'istio-system', name = 'mesh-default', ...settings } = props;
    return new Telemetry(scope, id, { ...settings, metadata: { name, namespace: rootNamespace } });
  }

  private readonly policyScope: WorkloadPolicyScopeProps;
  private readonly metrics: Wire<TelemetrySpecMetrics>[] = [];
  private readonly tracing: Wire<TelemetrySpecTracing>[] = [];
  private readonly accessLogging: Wire<TelemetrySpecAccessLogging>[] = [];

  public constructor(scope: Construct, id: string, props: TelemetryProps = {}) {
    super(scope, id, { api: TELEMETRY_API, kind: KIND }, props);
    this.policyScope = props;
    detachOnError(this, () => {
      throwIfProblems(this, workloadPolicyScopeProblems(props));
      for (const m of props.metrics ?? []) this.addMetrics(m);
      for (const t of props.tracing ?? []) this.addTracing(t);
      for (const a of props.accessLogging ?? []) this.addAccessLogging(a);
    });
  }

  /**
   * Adds a metrics entry: providers and their overrides belong in the SAME entry.
   * @throws when an override or tag expression is invalid
   */
  public addMetrics(config: MetricsConfig): this {
    return this.add(this.metrics, 'metrics', config, renderMetrics);
  }

  /**
   * Sets tracing: providers, sampling and custom tags belong in the same, single entry.
   * @throws when tracing is already set (Istio supports one entry), or a value is invalid
   */
  public addTracing(config: TracingConfig): this {
    if (this.tracing.length > 0) {
      throwIfProblems(this, [{ field: 'spec.tracing[1]', problem: 'Istio supports one tracing entry per Telemetry', fix: 'Put providers, randomSamplingPercentage and customTags in one entry.' }]);
    }
    return this.add(this.tracing, 'tracing', config, renderTracing);
  }

  /**
   * Adds an access logging entry.
   * @throws when the filter is not a CEL expression
   */
  public addAccessLogging(config: AccessLoggingConfig): this {
    return this.add(this.accessLogging, 'accessLogging', config, renderAccessLogging);
  }

  protected renderSpec(): Wire<TelemetrySpec> {
    return dropUndefined({
      ...renderWorkloadPolicyScope(this.policyScope),
      metrics: this.metrics.length > 0 ? [...this.metrics] : undefined,
      tracing: this.tracing.length > 0 ? [...this.tracing] : undefined,
      accessLogging: this.accessLogging.length > 0 ? [...this.accessLogging] : undefined,
    });
  }

  private add<T, R>(list: R[], field: string, config: T,
    render: (config: T, path: string, problems: ConfigProblem[]) => R): this {
    const problems: ConfigProblem[] = [];
    const rendered = render(config, `spec.${field}[${list.length}]`, problems);
    throwIfProblems(this, problems);
    list.push(rendered);
    return this;
  }
}
