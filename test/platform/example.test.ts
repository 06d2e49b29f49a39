import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { parse } from 'yaml';
import { CA_FIXTURES, istioErrors } from './helpers';
import { buildPlatform } from '../../examples/platform/platform';

describe('examples/platform: a two-cluster mesh', () => {
  // GIVEN the example app, with the test CA, synthesized as main.ts does
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-'));
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  buildPlatform(app, { certsDir: CA_FIXTURES });
  app.synth();
  const read = (cluster: string, file: string) => parse(fs.readFileSync(path.join(outdir, cluster, file), 'utf8'));
  const clusters = ['cluster1', 'cluster2'];

  test('one folder per cluster, one file per object (istioctl install -f takes one IstioOperator per file)', () => {
    expect(fs.readdirSync(outdir).sort()).toEqual(clusters);
    expect(fs.readdirSync(path.join(outdir, 'cluster1')).sort()).toEqual([
      'ConfigMap.prometheus-config.k8s.yaml',
      'Gateway.cross-network-gateway.k8s.yaml',
      'IstioOperator.control-plane.k8s.yaml',
      'IstioOperator.eastwest.k8s.yaml',
      'Kiali.kiali.k8s.yaml',
      'Namespace.istio-system.k8s.yaml',
      'Namespace.shop.k8s.yaml',
      'NetworkPolicy.istio-eastwestgateway.k8s.yaml',
      'NetworkPolicy.istiod.k8s.yaml',
      'Secret.cacerts.k8s.yaml',
      'Telemetry.mesh-default.k8s.yaml',
    ]);
  });

  test('the same meshID, a distinct clusterName and network per cluster', () => {
    const globals = clusters.map((c) => read(c, 'IstioOperator.control-plane.k8s.yaml').spec.values.global);
    expect(new Set(globals.map((g) => g.meshID))).toEqual(new Set(['mesh1']));
    expect(globals.map((g) => g.multiCluster.clusterName)).toEqual(['cluster1', 'cluster2']);
    expect(globals.map((g) => g.network)).toEqual(['network1', 'network2']);
    for (const [i, c] of clusters.entries()) {
      expect(read(c, 'Namespace.istio-system.k8s.yaml').metadata.labels['topology.istio.io/network']).toBe(globals[i].network);
      expect(read(c, 'IstioOperator.eastwest.k8s.yaml').spec.values.global.network).toBe(globals[i].network);
    }
  });

  test('each cluster\'s east-west gateway exposes its services on 15443, AUTO_PASSTHROUGH, *.local', () => {
    for (const c of clusters) {
      expect(read(c, 'Gateway.cross-network-gateway.k8s.yaml').spec).toEqual({
        selector: { istio: 'eastwestgateway' },
        servers: [{ hosts: ['*.local'], port: { name: 'tls', number: 15443, protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' } }],
      });
      const gateway = read(c, 'IstioOperator.eastwest.k8s.yaml').spec.components.ingressGateways[0];
      expect(gateway.label).toMatchObject({ istio: 'eastwestgateway' });
      expect(gateway.k8s.service.ports.map((p: any) => p.port)).toContain(15443);
    }
  });

  test('both clusters\' CAs chain to the same root', () => {
    const roots = clusters.map((c) => read(c, 'Secret.cacerts.k8s.yaml').data['root-cert.pem']);
    expect(roots[0]).toBe(roots[1]);
    expect(read('cluster1', 'Secret.cacerts.k8s.yaml').data['ca-cert.pem']).not.toBe(read('cluster2', 'Secret.cacerts.k8s.yaml').data['ca-cert.pem']);
  });

  test('every object passes the project\'s checks (Istio config: schema, CEL and webhook rules; IstioOperator: its own)', () => {
    for (const c of clusters) {
      expect(istioErrors(fs.readdirSync(path.join(outdir, c)).map((f) => read(c, f)))).toEqual([]);
    }
  });

  test('the providers the Telemetry uses are declared in the control plane\'s meshConfig', () => {
    for (const c of clusters) {
      const providers = read(c, 'IstioOperator.control-plane.k8s.yaml').spec.meshConfig.extensionProviders.map((p: any) => p.name);
      const used = read(c, 'Telemetry.mesh-default.k8s.yaml').spec.tracing[0].providers.map((p: any) => p.name);
      for (const name of used) expect(providers).toContain(name);
    }
  });
});
