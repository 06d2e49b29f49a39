import { Chart, Testing } from 'cdk8s';
import { guideDocuments } from './helpers';
import { IstioSystemNetworkPolicy, MeshDataPlaneMode, PodSecurityNamespace, PodSecurityStandard } from '../../lib';

const ports = (rule: any) => rule.ports.map((p: any) => p.port);

describe('IstioSystemNetworkPolicy', () => {
  test('the guide\'s policy blocks the webhook (15017) and xDS over TLS (15012), and selects every pod of istio-system', () => {
    const [guide] = guideDocuments('NetworkPolicy');
    expect(guide.spec.podSelector).toEqual({});
    const opened = guide.spec.ingress.flatMap((r: any) => (r.ports ?? []).map((p: any) => p.port));
    expect(opened).toEqual([15010, 15011, 8080]);
    expect(opened).not.toContain(15012);
    expect(opened).not.toContain(15017);
  });

  test('istiod: 15012 and 15017 from anywhere, metrics from the monitoring namespaces, nothing else by default', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new IstioSystemNetworkPolicy(chart, 'netpol');
    // THEN
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'istiod', namespace: 'istio-system' },
      spec: {
        podSelector: { matchLabels: { app: 'istiod' } },
        policyTypes: ['Ingress'],
        ingress: [
          { ports: [{ protocol: 'TCP', port: 15012 }, { protocol: 'TCP', port: 15017 }] },
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-system' } } }], ports: [{ protocol: 'TCP', port: 15014 }] },
        ],
      },
    }]);
  });

  test('plaintext xDS, debug access, a revision and the east-west gateway, when asked', () => {
    const chart = Testing.chart();
    const policy = new IstioSystemNetworkPolicy(chart, 'netpol', {
      revision: 'canary',
      allowPlaintextXds: true,
      monitoringNamespaces: ['monitoring'],
      debugNamespaces: ['istio-system'],
      eastWestGateway: true,
    });
    const istiod = policy.istiod.toJson();
    expect(istiod.metadata.name).toBe('istiod-canary');
    expect(istiod.spec.podSelector.matchLabels).toEqual({ 'app': 'istiod', 'istio.io/rev': 'canary' });
    expect(istiod.spec.ingress.map(ports)).toEqual([[15012, 15017, 15010], [15014], [8080]]);
    expect(istiod.spec.ingress[1].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
    const ew = policy.eastWest!.toJson();
    expect(ew.spec.podSelector).toEqual({ matchLabels: { istio: 'eastwestgateway' } });
    expect(ew.spec.ingress.map(ports)).toEqual([[15021, 15443, 15012, 15017]]);
  });
});

describe('PodSecurityNamespace', () => {
  test('the guide\'s restricted namespace with sidecar injection cannot start pods without Istio CNI', () => {
    const [guide] = guideDocuments('secure-namespace');
    expect(guide.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'istio-injection': 'enabled' });
    expect(() => new PodSecurityNamespace(Testing.chart(), 'ns', {
      name: 'secure-namespace',
      podSecurity: { enforce: PodSecurityStandard.RESTRICTED },
      dataPlaneMode: MeshDataPlaneMode.SIDECAR,
    })).toThrow("CIS6301 namespace 'secure-namespace': sidecar injection without Istio CNI adds an istio-init container with NET_ADMIN and NET_RAW, "
      + "which the 'restricted' level rejects. Install Istio CNI (components.cni.enabled) and set istioCni: true, or use MeshDataPlaneMode.AMBIENT");
  });

  test('with Istio CNI, the guide\'s labels', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'default' });
    new PodSecurityNamespace(chart, 'ns', {
      name: 'secure-namespace',
      podSecurity: { enforce: PodSecurityStandard.RESTRICTED },
      dataPlaneMode: MeshDataPlaneMode.SIDECAR,
      istioCni: true,
    });
    const [ns] = Testing.synth(chart);
    // A Namespace never takes its chart's namespace.
    expect(ns.metadata).toEqual({
      name: 'secure-namespace',
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/audit-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/warn-version': 'latest',
        'istio-injection': 'enabled',
      },
    });
  });

  test('ambient mode runs under restricted as is; a revision selects its injector', () => {
    const chart = Testing.chart();
    new PodSecurityNamespace(chart, 'ambient', { name: 'a', podSecurity: { enforce: PodSecurityStandard.RESTRICTED }, dataPlaneMode: MeshDataPlaneMode.AMBIENT });
    new PodSecurityNamespace(chart, 'rev', { name: 'b', dataPlaneMode: MeshDataPlaneMode.SIDECAR, revision: '1-30-3' });
    const [a, b] = Testing.synth(chart);
    expect(a.metadata.labels['istio.io/dataplane-mode']).toBe('ambient');
    expect(b.metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(() => new PodSecurityNamespace(chart, 'bad', { name: 'c', revision: '1-30-3' })).toThrow(/a revision selects the sidecar injector/);
  });
});
