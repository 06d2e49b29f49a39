import * as path from 'path';
import { App } from 'cdk8s';
import {
  DEFAULT_PROXY_RESOURCES, ExtensionProvider, HardenedNamespace, HpaMetric, Kiali, KialiAuthStrategy, MeshMembership, MeshObservability,
  MultiClusterMesh, OutboundTrafficMode, PodSecurityLevel, PrometheusScrapeConfig,
} from '../../lib';

/** Options of the example platform. */
export interface PlatformOptions {
  /**
   * Folder holding `cluster1/` and `cluster2/`, each with the four files of its intermediate CA
   * under one shared root (as Istio's `tools/certs` Makefile writes them).
   * @default - no cacerts Secrets (each istiod would then sign with its own self-signed root: no cross-cluster trust)
   */
  readonly certsDir?: string;
}

/**
 * A two-cluster, multi-primary, multi-network mesh: what a platform team keeps in its GitOps repo.
 * One chart per cluster: istio-system (labelled with the network), the cacerts Secret, the control
 * plane IstioOperator, the east-west gateway (IstioOperator + Gateway), the istio-system
 * NetworkPolicies, the mesh-wide Telemetry, a Prometheus scrape configuration, an application
 * namespace under the restricted Pod Security level, and Kiali in the first cluster.
 */
export function buildPlatform(app: App, options: PlatformOptions = {}): MultiClusterMesh {
  const clusters = ['cluster1', 'cluster2'];
  const mesh = new MultiClusterMesh(app, 'mesh', {
    meshId: 'mesh1',
    meshConfig: {
      accessLogFile: '/dev/stdout',
      outboundTrafficPolicy: { mode: OutboundTrafficMode.REGISTRY_ONLY },
    },
    proxyResources: DEFAULT_PROXY_RESOURCES,
    istioCni: true,
    // The restricted namespace below needs a seccomp profile on the injected containers too.
    proxySeccompProfile: { type: 'RuntimeDefault' },
    // With REGISTRY_ONLY, apps reach the outside through ServiceEntries, some through the egress gateway.
    egressGateway: true,
    networkPolicies: true,
    clusters: clusters.map((name, i) => ({
      name,
      network: `network${i + 1}`,
      caDirectory: options.certsDir ? path.join(options.certsDir, name) : undefined,
      pilot: {
        resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        hpaSpec: { minReplicas: 2, maxReplicas: 5, metrics: [HpaMetric.cpuUtilization(80)] },
      },
    })),
  });

  for (const cluster of mesh.clusters) {
    new MeshObservability(cluster.chart, 'Telemetry', {
      istioOperator: cluster.operator,
      metrics: [ExtensionProvider.prometheus()],
      tracing: [ExtensionProvider.jaeger()],
      tracingSamplingPercentage: 10,
    });
    new PrometheusScrapeConfig(cluster.chart, 'Prometheus');
    new HardenedNamespace(cluster.chart, 'Shop', {
      metadata: { name: 'shop' },
      membership: MeshMembership.sidecarInjection(),
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
      istioCni: true,
    });
  }
  new Kiali(mesh.clusters[0].chart, 'Kiali', {
    prometheusUrl: 'http://prometheus.istio-system:9090',
    tracing: { internalUrl: 'http://tracing.istio-system:16685/jaeger' },
    grafana: { internalUrl: 'http://grafana.istio-system:3000' },
    auth: KialiAuthStrategy.TOKEN,
  });
  return mesh;
}
