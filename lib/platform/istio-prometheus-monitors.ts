import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ISTIO_SYSTEM } from './istio-operator';

/** Props of IstioPrometheusMonitors. */
export interface IstioPrometheusMonitorsProps {
  /** Namespace of the monitors. @default istio-system */
  readonly namespace?: string;
  /**
   * Labels the Prometheus CR selects monitors by (kube-prometheus-stack: `release: <helm release>`,
   * unless its `*SelectorNilUsesHelmValues` are false).
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /** Scrape interval. @default 15s */
  readonly interval?: string;
}

/**
 * Istio's scrape targets for the Prometheus operator (kube-prometheus-stack), as Istio's
 * `samples/addons/extras/prometheus-operator.yaml`: a PodMonitor for the sidecars' merged metrics
 * and a ServiceMonitor for istiod's `http-monitoring` port.
 */
export class IstioPrometheusMonitors extends Construct {
  /** The PodMonitor of the sidecars. */
  public readonly podMonitor: ApiObject;
  /** The ServiceMonitor of istiod. */
  public readonly serviceMonitor: ApiObject;

  public constructor(scope: Construct, id: string, props: IstioPrometheusMonitorsProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? ISTIO_SYSTEM;
    const interval = props.interval ?? '15s';
    this.podMonitor = new ApiObject(this, 'Proxies', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'envoy-stats-monitor', namespace, labels: { monitoring: 'istio-proxies', ...props.labels } },
      spec: {
        selector: { matchExpressions: [{ key: 'istio-prometheus-ignore', operator: 'DoesNotExist' }] },
        namespaceSelector: { any: true },
        jobLabel: 'envoy-stats',
        podMetricsEndpoints: [{
          path: '/stats/prometheus',
          interval,
          relabelings: [
            { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_container_name'], regex: 'istio-proxy' },
            { action: 'keep', sourceLabels: ['__meta_kubernetes_pod_annotationpresent_prometheus_io_scrape'] },
            {
              action: 'replace',
              regex: '(\\d+);(([A-Fa-f0-9]{1,4}::?){1,7}[A-Fa-f0-9]{1,4})',
              replacement: '[$2]:$1',
              sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
              targetLabel: '__address__',
            },
            {
              action: 'replace',
              regex: '(\\d+);((([0-9]+?)(\\.|$)){4})',
              replacement: '$2:$1',
              sourceLabels: ['__meta_kubernetes_pod_annotation_prometheus_io_port', '__meta_kubernetes_pod_ip'],
              targetLabel: '__address__',
            },
            { action: 'labeldrop', regex: '__meta_kubernetes_pod_label_(.+)' },
            { sourceLabels: ['__meta_kubernetes_namespace'], action: 'replace', targetLabel: 'namespace' },
            { sourceLabels: ['__meta_kubernetes_pod_name'], action: 'replace', targetLabel: 'pod' },
          ],
        }],
      },
    });
    this.serviceMonitor = new ApiObject(this, 'Istiod', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'istio-component-monitor', namespace, labels: { monitoring: 'istio-components', ...props.labels } },
      spec: {
        jobLabel: 'istio',
        targetLabels: ['app'],
        selector: { matchExpressions: [{ key: 'istio', operator: 'In', values: ['pilot'] }] },
        namespaceSelector: { any: true },
        endpoints: [{ port: 'http-monitoring', interval }],
      },
    });
  }
}
