import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { CA_FIXTURES } from './helpers';
import {
  EastWestGateway, ExtensionProvider, HardenedNamespace, IstioOperator, IstioPrometheusMonitors, IstioProfile, IstioSystemNetworkPolicy, Kiali,
  MeshMembership, MeshObservability, MultiClusterMesh, PluginCa, PodSecurityLevel, PrometheusScrapeConfig,
} from '../../lib';

/**
 * Snapshots of every platform construct's synthesized objects in its main configurations (issue 15): they catch
 * change; the construct's own tests assert what is right. Secret data is replaced, so no key lands in a snapshot.
 */
function objects(build: (chart: Chart) => void): unknown[] {
  const chart = Testing.chart();
  build(chart);
  return redacted(Testing.synth(chart));
}

function redacted(list: any[]): unknown[] {
  return list.map((o) => (o.kind === 'Secret' ? { ...o, data: Object.fromEntries(Object.keys(o.data ?? {}).map((k) => [k, '<redacted>'])) } : o));
}

function appObjects(build: (app: App) => void): unknown[] {
  const app = Testing.app();
  build(app);
  return app.charts.flatMap((c) => redacted(Testing.synth(c)));
}

describe('platform snapshots', () => {
  test.each<[string, (chart: Chart) => void]>([
    ['IstioOperator default', (c) => new IstioOperator(c, 'iop', { metadata: { name: 'control-plane' } })],
    ['IstioOperator ambient', (c) => new IstioOperator(c, 'iop', { metadata: { name: 'control-plane' }, profile: IstioProfile.AMBIENT })],
    ['IstioOperator with an egress gateway', (c) => new IstioOperator(c, 'iop', { metadata: { name: 'control-plane' } }).addEgressGateway({ name: 'istio-egressgateway', enabled: true })],
    ['MeshObservability', (c) => new MeshObservability(c, 'telemetry', {
      istioOperator: new IstioOperator(c, 'iop', { metadata: { name: 'control-plane' } }),
      metrics: [ExtensionProvider.prometheus()],
      tracing: [ExtensionProvider.jaeger()],
      tracingSamplingPercentage: 10,
    })],
    ['PluginCa', (c) => PluginCa.fromDirectory(c, 'cacerts', path.join(CA_FIXTURES, 'cluster1'))],
    ['EastWestGateway', (c) => new EastWestGateway(c, 'eastwest', { network: 'network1' })],
    ['EastWestGateway exposing istiod', (c) => new EastWestGateway(c, 'eastwest', { network: 'network1', exposeIstiod: true, exposeServices: false })],
    ['HardenedNamespace sidecar', (c) => new HardenedNamespace(c, 'ns', {
      metadata: { name: 'secure' }, membership: MeshMembership.sidecarInjection(), podSecurity: { enforce: PodSecurityLevel.RESTRICTED }, istioCni: true,
    })],
    ['HardenedNamespace ambient', (c) => new HardenedNamespace(c, 'ns', {
      metadata: { name: 'secure' }, membership: MeshMembership.ambient(), podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    })],
    ['IstioSystemNetworkPolicy', (c) => new IstioSystemNetworkPolicy(c, 'netpol')],
    ['Kiali', (c) => new Kiali(c, 'kiali', { prometheusUrl: 'http://prometheus.istio-system:9090', tracing: { internalUrl: 'http://tracing.istio-system:16685/jaeger' } })],
    ['PrometheusScrapeConfig', (c) => new PrometheusScrapeConfig(c, 'prometheus')],
    ['IstioPrometheusMonitors', (c) => new IstioPrometheusMonitors(c, 'monitors', { labels: { release: 'prometheus' } })],
  ])('%s', (_name, build) => {
    expect(objects(build)).toMatchSnapshot();
  });

  test.each<[string, (app: App) => void]>([
    ['MultiClusterMesh multi-primary', (app) => new MultiClusterMesh(app, 'mesh', {
      meshId: 'mesh1', trustDomain: 'example.org', clusters: [{ name: 'cluster1', network: 'network1' }, { name: 'cluster2', network: 'network2' }],
    })],
    ['MultiClusterMesh with egress gateway, CA and network policies', (app) => new MultiClusterMesh(app, 'mesh', {
      meshId: 'mesh1',
      egressGateway: true,
      networkPolicies: true,
      clusters: [{ name: 'cluster1', network: 'network1', caDirectory: path.join(CA_FIXTURES, 'cluster1') }],
    })],
  ])('%s', (_name, build) => {
    expect(appObjects(build)).toMatchSnapshot();
  });
});
