import { Chart, Testing } from 'cdk8s';
import { EastWestGateway, ExtensionProvider, Kiali, MeshObservability, PemSource, PluginCa, PrometheusScrapeConfig } from '../../lib';

// A constructor that refuses its props leaves nothing in the tree: the app can be synthesized without it.
describe('a platform construct that refuses its props is not left in the tree', () => {
  test.each<[string, (chart: Chart) => unknown]>([
    ['EastWestGateway', (c) => new EastWestGateway(c, 'bad', { network: 'network 1' })],
    ['MeshObservability', (c) => new MeshObservability(c, 'bad', { tracing: [ExtensionProvider.jaeger()], tracingSamplingPercentage: 150 })],
    ['PrometheusScrapeConfig', (c) => new PrometheusScrapeConfig(c, 'bad', { extraJobs: [{ job_name: 'istiod' }] })],
    ['Kiali', (c) => new Kiali(c, 'bad', { prometheusUrl: 'http://p:9090', grafana: { internalUrl: 'grafana' } })],
    ['PluginCa', (c) => new PluginCa(c, 'bad', { rootCert: PemSource.fromString(''), certChain: PemSource.fromString(''), caCert: PemSource.fromString(''), caKey: PemSource.fromString('') })],
  ])('%s', (_kind, build) => {
    const chart = Testing.chart();
    expect(() => build(chart)).toThrow(/^test\/bad( \([^)]+\))?: /);
    expect(chart.node.tryFindChild('bad')).toBeUndefined();
    expect(Testing.synth(chart)).toEqual([]);
  });
});
