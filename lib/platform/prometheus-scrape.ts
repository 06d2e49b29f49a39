import { ApiObject, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_SYSTEM } from './istio-operator';
import { configError, detachOnError } from '../core/errors';

/** One Prometheus `scrape_configs` entry, as plain data. */
export type ScrapeJob = Record<string, unknown>;

/** Props of a PrometheusScrapeConfig. */
export interface PrometheusScrapeConfigProps {
  /** Namespace of the ConfigMap (Prometheus's namespace). @default istio-system */
  readonly namespace?: string;
  /** Name of the ConfigMap. @default prometheus-config */
  readonly name?: string;
  /** Namespace of istiod. @default istio-system */
  readonly istioNamespace?: string;
  /** `global.scrape_interval`. @default 15s */
  readonly scrapeInterval?: string;
  /** More jobs, after Istio's. */
  readonly extraJobs?: ScrapeJob[];
}

/**
 * A plain Prometheus configuration (ConfigMap with `prometheus.yml`) that scrapes istiod and the
 * Envoy sidecars, as Istio's "customized scraping configurations" do.
 *
 * Envoy serves its metrics on the `*-envoy-prom` port (15090) at `/stats/prometheus`: a job
 * without `metrics_path` would scrape `/metrics` there and get nothing. With the Prometheus
 * operator (kube-prometheus-stack), this ConfigMap is not read: use `IstioPrometheusMonitors`.
 */
export class PrometheusScrapeConfig extends Construct {
  /** The istiod job: the `http-monitoring` port (15014) of the istiod Service. */
  public static istiodJob(istioNamespace: string = ISTIO_SYSTEM): ScrapeJob {
    return {
      job_name: 'istiod',
      kubernetes_sd_configs: [{ role: 'endpoints', namespaces: { names: [istioNamespace] } }],
      relabel_configs: [{
        source_labels: ['__meta_kubernetes_service_name', '__meta_kubernetes_endpoint_port_name'],
        action: 'keep',
        regex: 'istiod;http-monitoring',
      }],
    };
  }

  /** The Envoy job: every pod's `*-envoy-prom` port, path `/stats/prometheus`. */
  public static envoyJob(): ScrapeJob {
    return {
      job_name: 'envoy-stats',
      metrics_path: '/stats/prometheus',
      kubernetes_sd_configs: [{ role: 'pod' }],
      relabel_configs: [{
        source_labels: ['__meta_kubernetes_pod_container_port_name'],
        action: 'keep',
        regex: '.*-envoy-prom',
      }],
    };
  }

  /** The jobs, for merging into a Prometheus configuration kept elsewhere. */
  public readonly jobs: ScrapeJob[];
  /** The ConfigMap. */
  public readonly configMap: ApiObject;

  public constructor(scope: Construct, id: string, props: PrometheusScrapeConfigProps = {}) {
    super(scope, id);
    this.jobs = [PrometheusScrapeConfig.istiodJob(props.istioNamespace), PrometheusScrapeConfig.envoyJob(), ...props.extraJobs ?? []];
    const names = this.jobs.map((j) => j.job_name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    detachOnError(this, () => {
      if (dup !== undefined) throw configError(this, { field: 'extraJobs', problem: `two jobs are named '${String(dup)}'`, fix: 'Give each job its own job_name.' });
    });
    this.configMap = new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: props.name ?? 'prometheus-config', namespace: props.namespace ?? ISTIO_SYSTEM },
      data: {
        'prometheus.yml': Yaml.stringify({ global: { scrape_interval: props.scrapeInterval ?? '15s' }, scrape_configs: this.jobs }),
      },
    });
  }
}
