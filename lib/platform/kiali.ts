import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_SYSTEM } from './istio-operator';
import { configError, detachOnError } from '../core/errors';

/** How users log in to Kiali (`auth.strategy`). */
export enum KialiAuthStrategy {
  /** No login: anyone who reaches Kiali uses its service account. Demos only. */
  ANONYMOUS = 'anonymous',
  /** A Kubernetes token; what the user sees follows their RBAC. */
  TOKEN = 'token',
  /** An OpenID Connect provider. */
  OPENID = 'openid',
  /** OpenShift OAuth. */
  OPENSHIFT = 'openshift',
  /** A token in a header set by a proxy in front of Kiali. */
  HEADER = 'header',
}

/** Tracing backends Kiali reads. */
export enum KialiTracingProvider {
  /** Jaeger query. */
  JAEGER = 'jaeger',
  /** Grafana Tempo. */
  TEMPO = 'tempo',
}

/** Where Kiali reads traces. */
export interface KialiTracing {
  /** URL Kiali uses inside the cluster, e.g. `http://tracing.istio-system:16685/jaeger` (Jaeger's gRPC query port). */
  readonly internalUrl: string;
  /** URL for users' browsers. @default - no links to the tracing UI */
  readonly externalUrl?: string;
  /** @default KialiTracingProvider.JAEGER */
  readonly provider?: KialiTracingProvider;
  /** Query Jaeger over gRPC. @default - true when the internal URL's port is Jaeger's gRPC query port 16685 */
  readonly useGrpc?: boolean;
}

/** Where Kiali links to Grafana. */
export interface KialiGrafana {
  /** URL Kiali uses inside the cluster, e.g. `http://grafana.istio-system:3000`. */
  readonly internalUrl: string;
  /** URL for users' browsers. @default - the internal URL */
  readonly externalUrl?: string;
}

/** Props of a Kiali CR. */
export interface KialiProps {
  /** URL of Prometheus inside the cluster, e.g. `http://prometheus.istio-system:9090`. */
  readonly prometheusUrl: string;
  /** Tracing. @default - tracing off */
  readonly tracing?: KialiTracing;
  /** Grafana links. @default - Grafana off */
  readonly grafana?: KialiGrafana;
  /** @default KialiAuthStrategy.TOKEN */
  readonly auth?: KialiAuthStrategy;
  /**
   * Whether Kiali sees every namespace. Kiali 2 replaced `deployment.accessible_namespaces` with this
   * and `discovery_selectors`.
   * @default true
   */
  readonly clusterWideAccess?: boolean;
  /** Label selectors of the namespaces Kiali shows (`deployment.discovery_selectors.default`). @default - all */
  readonly discoverySelectors?: Array<Record<string, string>>;
  /** Read-only UI. @default false */
  readonly viewOnly?: boolean;
  /** Namespace of the Kiali CR (where the operator installs Kiali). @default istio-system */
  readonly namespace?: string;
  /** Namespace of the Istio control plane. @default istio-system */
  readonly istioNamespace?: string;
  /** @default kiali */
  readonly name?: string;
}

function checkUrl(kiali: Construct, field: string, url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw configError(kiali, { field, problem: `'${url}' is not a URL`, fix: 'Write it with its scheme, e.g. http://prometheus.istio-system:9090.' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw configError(kiali, { field, problem: `'${url}' must be http or https`, fix: 'Use an http:// or https:// URL.' });
  return parsed;
}

/**
 * A Kiali CR (kiali.io/v1alpha1), for the Kiali operator, pointing at Prometheus, tracing and
 * Grafana. Written for Kiali 2 (Istio 1.2x add-ons): `internal_url`/`external_url` (the 1.x names
 * `in_cluster_url`/`url` are gone) and `cluster_wide_access` (instead of `accessible_namespaces`).
 */
export class Kiali extends Construct {
  /** The Kiali object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: KialiProps) {
    super(scope, id);
    const tracing = props.tracing;
    const provider = tracing?.provider ?? KialiTracingProvider.JAEGER;
    // A failed `new` leaves nothing in the tree.
    const tracingUrl = detachOnError(this, () => {
      checkUrl(this, 'prometheusUrl', props.prometheusUrl);
      const url = tracing && checkUrl(this, 'tracing.internalUrl', tracing.internalUrl);
      if (tracing?.externalUrl) checkUrl(this, 'tracing.externalUrl', tracing.externalUrl);
      if (props.grafana) checkUrl(this, 'grafana.internalUrl', props.grafana.internalUrl);
      if (props.grafana?.externalUrl) checkUrl(this, 'grafana.externalUrl', props.grafana.externalUrl);
      if (tracing && provider === KialiTracingProvider.JAEGER && (tracing.useGrpc ?? false) && url?.port === '16686') {
        throw configError(this, {
          field: 'tracing.internalUrl',
          problem: `'${tracing.internalUrl}' is Jaeger's HTTP port 16686 but useGrpc is on`,
          fix: 'Use port 16685, or useGrpc: false.',
        });
      }
      return url;
    });
    const useGrpc = tracing?.useGrpc ?? (provider === KialiTracingProvider.JAEGER && tracingUrl?.port === '16685');
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'kiali.io/v1alpha1',
      kind: 'Kiali',
      metadata: { name: props.name ?? 'kiali', namespace: props.namespace ?? ISTIO_SYSTEM },
      spec: {
        istio_namespace: props.istioNamespace ?? ISTIO_SYSTEM,
        auth: { strategy: props.auth ?? KialiAuthStrategy.TOKEN },
        deployment: {
          cluster_wide_access: props.clusterWideAccess ?? true,
          ...(props.discoverySelectors ? { discovery_selectors: { default: props.discoverySelectors.map((l) => ({ matchLabels: l })) } } : {}),
          view_only_mode: props.viewOnly ?? false,
        },
        external_services: {
          prometheus: { url: props.prometheusUrl },
          tracing: tracing ? {
            enabled: true,
            provider,
            internal_url: tracing.internalUrl,
            ...(tracing.externalUrl ? { external_url: tracing.externalUrl } : {}),
            use_grpc: useGrpc,
          } : { enabled: false },
          grafana: props.grafana ? {
            enabled: true,
            internal_url: props.grafana.internalUrl,
            external_url: props.grafana.externalUrl ?? props.grafana.internalUrl,
          } : { enabled: false },
        },
      },
    });
  }
}
