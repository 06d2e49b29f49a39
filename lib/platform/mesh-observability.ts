import { Construct } from 'constructs';
import { isBuiltInProvider } from './extension-provider';
import { IstioObject } from './istio-object';
import { ISTIO_SYSTEM, IstioOperator } from './istio-operator';
import { ExtensionProviderSpec } from './istio-operator-spec';
import type { TelemetrySpec } from '../../imports/telemetry.istio.io';
import { TELEMETRY_API } from '../core/api-group';
import { configError, detachOnError } from '../core/errors';

/** Props of a MeshObservability. */
export interface MeshObservabilityProps {
  /**
   * The IstioOperator of the mesh: the providers used here are declared in its
   * `meshConfig.extensionProviders`, so names and backends cannot drift apart.
   * @default - the providers must be declared by other means
   */
  readonly istioOperator?: IstioOperator;
  /**
   * Metrics backends, e.g. `[ExtensionProvider.prometheus()]`.
   * @default - Istio's default (Prometheus)
   */
  readonly metrics?: ExtensionProviderSpec[];
  /**
   * Tracing backends, e.g. `[ExtensionProvider.jaeger()]` or `[ExtensionProvider.zipkin('zipkin', {...})]`.
   * @default - no tracing
   */
  readonly tracing?: ExtensionProviderSpec[];
  /**
   * Percent of requests traced, 0 to 100.
   * @default - meshConfig.defaultConfig.tracing.sampling, else 1
   */
  readonly tracingSamplingPercentage?: number;
  /**
   * Access log backends, e.g. `[ExtensionProvider.fileAccessLog('envoy')]`.
   * @default - no access logs
   */
  readonly accessLogging?: ExtensionProviderSpec[];
  /**
   * The mesh's root namespace: a Telemetry there applies to the whole mesh.
   * @default istio-system
   */
  readonly rootNamespace?: string;
  /** @default mesh-default */
  readonly name?: string;
}

/**
 * The mesh-wide Telemetry resource (in the root namespace) wired to its backends: each provider it
 * uses is declared in the IstioOperator's `meshConfig.extensionProviders` under the same name.
 *
 * @example
 * new MeshObservability(chart, 'telemetry', {
 *   istioOperator: iop,
 *   metrics: [ExtensionProvider.prometheus()],
 *   tracing: [ExtensionProvider.jaeger()],
 *   tracingSamplingPercentage: 10,
 *   accessLogging: [ExtensionProvider.openTelemetryAccessLog('otel', { service: 'otel-collector.observability.svc.cluster.local' })],
 * });
 */
export class MeshObservability extends Construct {
  /** The Telemetry resource. */
  public readonly resource: IstioObject<TelemetrySpec>;

  public constructor(scope: Construct, id: string, props: MeshObservabilityProps) {
    super(scope, id);
    const sampling = props.tracingSamplingPercentage;
    const all = [...props.metrics ?? [], ...props.tracing ?? [], ...props.accessLogging ?? []];
    // A failed `new` leaves nothing in the tree.
    detachOnError(this, () => {
      if (sampling !== undefined && !(sampling >= 0 && sampling <= 100)) {
        throw configError(this, { field: 'tracingSamplingPercentage', problem: `must be between 0 and 100, got ${sampling}`, fix: 'Give a percentage from 0 to 100.' });
      }
      if (sampling !== undefined && !props.tracing?.length) {
        throw configError(this, { field: 'tracingSamplingPercentage', problem: 'needs a tracing provider', fix: 'Give tracing, or remove tracingSamplingPercentage.' });
      }
      if (!all.length) throw configError(this, { problem: 'has no provider', fix: 'Give at least one metrics, tracing or access logging provider.' });
    });
    for (const p of all) if (!isBuiltInProvider(p)) props.istioOperator?.addExtensionProvider(p);
    const refs = (list?: ExtensionProviderSpec[]) => (list?.length ? { providers: list.map((p) => ({ name: p.name })) } : undefined);
    const metrics = refs(props.metrics);
    const tracing = refs(props.tracing);
    const accessLogging = refs(props.accessLogging);
    this.resource = new IstioObject<TelemetrySpec>(this, 'Resource', { api: TELEMETRY_API, kind: 'Telemetry' }, {
      metadata: { name: props.name ?? 'mesh-default', namespace: props.rootNamespace ?? ISTIO_SYSTEM },
      spec: () => ({
        ...(metrics ? { metrics: [metrics] } : {}),
        ...(tracing ? { tracing: [{ ...tracing, ...(sampling !== undefined ? { randomSamplingPercentage: sampling } : {}) }] } : {}),
        ...(accessLogging ? { accessLogging: [accessLogging] } : {}),
      }),
    });
  }
}
