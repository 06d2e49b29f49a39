import { Chart, Testing } from 'cdk8s';
import { guideDocuments, guideTest } from './helpers';
import { HardenedNamespace, IstioSystemNetworkPolicy, MeshMembership, PodSecurityLevel } from '../../lib';

const ports = (rule: any) => rule.ports.map((p: any) => p.port);

describe('IstioSystemNetworkPolicy', () => {
  guideTest('the guide\'s policy blocks the webhook (15017) and xDS over TLS (15012), and selects every pod of istio-system', () => {
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
    expect(ew.spec.ingress.map(ports)).toEqual([[15021, 15443, 15012, 15017], [15090]]);
    // Prometheus reaches the gateway's Envoy metrics (the port PrometheusScrapeConfig's envoy job keeps).
    expect(ew.spec.ingress[1].from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }]);
  });
});

describe('HardenedNamespace', () => {
  guideTest('the guide\'s restricted namespace with sidecar injection cannot start pods without Istio CNI', () => {
    const [guide] = guideDocuments('secure-namespace');
    expect(guide.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'istio-injection': 'enabled' });
    expect(() => new HardenedNamespace(Testing.chart(), 'ns', {
      metadata: { name: 'secure-namespace' },
      membership: MeshMembership.sidecarInjection(),
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
    })).toThrow('test/ns (Namespace secure-namespace): podSecurity.enforce: CIS6301 sidecar injection without Istio CNI adds an istio-init container '
      + "with NET_ADMIN and NET_RAW, which the 'restricted' level rejects, so no pod would start. Install Istio CNI (components.cni.enabled) and set istioCni: true, "
      + 'or use dataplane: Dataplane.AMBIENT.');
    expect(() => new HardenedNamespace(Testing.chart(), 'ns', {
      metadata: { name: 'b' },
      membership: MeshMembership.revision('1-30-3'),
      podSecurity: { enforce: PodSecurityLevel.BASELINE },
    })).toThrow(/\(Namespace b\): podSecurity\.enforce: CIS6301 .*'baseline' level/);
  });

  guideTest('with Istio CNI: the guide\'s labels, and no namespace from the chart', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'default' });
    new HardenedNamespace(chart, 'ns', {
      metadata: { name: 'secure-namespace' },
      membership: MeshMembership.sidecarInjection(),
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED, audit: PodSecurityLevel.RESTRICTED, warn: PodSecurityLevel.RESTRICTED },
      istioCni: true,
    });
    const [guide] = guideDocuments('secure-namespace');
    expect(Testing.synth(chart)).toEqual([guide]);
  });

  test('ambient mode runs under restricted as is', () => {
    const chart = Testing.chart();
    new HardenedNamespace(chart, 'ns', { metadata: { name: 'a' }, membership: MeshMembership.ambient(), podSecurity: { enforce: PodSecurityLevel.RESTRICTED } });
    expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'pod-security.kubernetes.io/enforce': 'restricted' });
  });
});
