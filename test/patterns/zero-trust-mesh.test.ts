import { Chart, Testing } from 'cdk8s';
import { expectValid, find, ids, synth, addWorkload } from './util';
import { WorkloadSelector } from '../../lib';
import { Decision, MeshModel } from '../../lib/model';
import { AuthorizationWorkload, evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { OpenGateways, ZeroTrustMesh, ZeroTrustMeshProps } from '../../lib/patterns/zero-trust-mesh';

const orders = { namespace: 'shop', labels: { app: 'orders' } };
const payments = { namespace: 'pay', labels: { app: 'payments' } };
const ingress = { namespace: 'istio-system', labels: { istio: 'ingressgateway' } };
const frontend = 'cluster.local/ns/web/sa/frontend';

function build(props: ZeroTrustMeshProps = {}, configure: (mesh: ZeroTrustMesh) => void = () => {}) {
  const chart = Testing.chart();
  const mesh = new ZeroTrustMesh(chart, 'mesh', props);
  configure(mesh);
  const objects = synth(chart);
  const allowed = (workload: AuthorizationWorkload, sourcePrincipal?: string) =>
    evaluateAuthorization(objects, workload, { sourcePrincipal }).allowed;
  return { objects, allowed };
}

describe('ZeroTrustMesh', () => {
  test('mesh-wide STRICT, mesh-wide deny by default, and the ingress gateway left open', () => {
    const { objects, allowed } = build();
    expect(ids(objects)).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default', 'AuthorizationPolicy/allow-ingress-gateway']);
    expect(find(objects, 'PeerAuthentication', 'default')).toMatchObject({ metadata: { namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(find(objects, 'AuthorizationPolicy', 'allow-ingress-gateway').metadata.annotations).toEqual({ 'galley.istio.io/analyze-suppress': 'CIS5002' });
    expect(find(objects, 'AuthorizationPolicy', 'allow-ingress-gateway').spec).toEqual({
      selector: { matchLabels: { istio: 'ingressgateway' } }, rules: [{}],
    });
    expect(allowed(orders, frontend)).toBe(false);
    expect(allowed(payments)).toBe(false);
    expect(allowed(ingress)).toBe(true);
    expectValid(objects);
  });

  test('the allow-list opens exactly the listed pairs of workloads', () => {
    const { objects, allowed } = build({}, (mesh) => {
      mesh.allow('frontend-to-orders', 'shop', {
        from: { serviceAccounts: [{ name: 'frontend', metadata: { namespace: 'web' } }] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }) },
      });
      mesh.allow('shop-to-payments', 'pay', { from: { namespaces: ['shop'] }, to: { selector: WorkloadSelector.labels({ app: 'payments' }), ports: [8443] } });
    });
    expect(find(objects, 'AuthorizationPolicy', 'shop-to-payments')).toMatchObject({ metadata: { namespace: 'pay' } });
    expect(allowed(orders, frontend)).toBe(true);
    expect(allowed(orders, 'cluster.local/ns/web/sa/other')).toBe(false);
    expect(allowed(payments, frontend)).toBe(false);
    expect(evaluateAuthorization(objects, payments, { sourcePrincipal: 'cluster.local/ns/shop/sa/orders', port: 8443 }).allowed).toBe(true);
    expectValid(objects);
  });

  test('custom root namespace, trust domain and gateways', () => {
    const { objects } = build({
      rootNamespace: 'mesh-root',
      trustDomain: 'corp.example',
      openGateways: [{ name: 'open-edge', namespace: 'edge', selector: WorkloadSelector.labels({ app: 'edge-gateway' }) }],
    }, (mesh) => mesh.allow('a', 'shop', { from: { serviceAccounts: [{ name: 'x', metadata: { namespace: 'web' } }] }, to: { selector: WorkloadSelector.labels({ app: 'y' }) } }));
    expect(ids(objects)).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default', 'AuthorizationPolicy/open-edge', 'AuthorizationPolicy/a']);
    expect(find(objects, 'AuthorizationPolicy', 'deny-by-default').metadata.namespace).toBe('mesh-root');
    expect(find(objects, 'AuthorizationPolicy', 'a').spec.rules[0].from).toEqual([{ source: { principals: ['corp.example/ns/web/sa/x'] } }]);
  });

  test('invalid input fails with a clear error', () => {
    const to = { selector: WorkloadSelector.labels({ app: 'orders' }) };
    expect(() => build({}, (m) => m.allow('x', 'shop', { from: {}, to }))).toThrow("test/mesh: allow('x'): from names no service account, namespace or IP block");
    expect(() => build({}, (m) => {
      m.allow('x', 'shop', { from: { namespaces: ['a'] }, to });
      m.allow('x', 'shop', { from: { namespaces: ['b'] }, to });
    })).toThrow("the policy name 'x' is already used in namespace shop");
  });

  test('OpenGateways: the egress gateway can be left open beside the ingress gateway', () => {
    const { objects, allowed } = build({ openGateways: [OpenGateways.ingressGateway(), OpenGateways.egressGateway()] });
    expect(ids(objects)).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default',
      'AuthorizationPolicy/allow-ingress-gateway', 'AuthorizationPolicy/allow-egress-gateway']);
    expect(find(objects, 'AuthorizationPolicy', 'allow-egress-gateway').spec).toEqual({ selector: { matchLabels: { istio: 'egressgateway' } }, rules: [{}] });
    expect(allowed({ namespace: 'istio-system', labels: { istio: 'egressgateway' } }, frontend)).toBe(true);
    expect(allowed({ namespace: 'istio-system', labels: { istio: 'egressgateway' } })).toBe(true);
    expect(allowed(orders, frontend)).toBe(false);
    expectValid(objects);
  });

  // pilot/pkg/security/authz/model/generator.go: plaintext callers match only ipBlocks (direct_remote_ip), never principals.
  test('addPermissiveException: one port PERMISSIVE under the mesh-wide STRICT, plaintext clients admitted by IP block', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'mesh');
    const mesh = new ZeroTrustMesh(chart, 'mesh');
    mesh.addPermissiveException('shop', { name: 'legacy-scraper', selector: WorkloadSelector.labels({ app: 'orders' }), port: 8080, plaintextFrom: ['10.0.0.0/8'] });
    addWorkload(chart, 'shop', 'orders');
    const objects = synth(chart);
    expect(find(objects, 'PeerAuthentication', 'legacy-scraper').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
    });
    const model = MeshModel.fromApp(app);
    expect(model.access({ from: 'anonymous', to: 'shop/orders:80', sourceIp: '10.1.2.3' })).toMatchObject({ decision: Decision.ALLOW, policy: 'shop/legacy-scraper' });
    expect(model.access({ from: 'anonymous', to: 'shop/orders:80', sourceIp: '172.16.0.1' })).toMatchObject({ decision: Decision.DENY, status: 403 });
    expect(() => mesh.addPermissiveException('shop', { name: 'legacy-scraper', selector: WorkloadSelector.labels({ app: 'x' }), port: 1 })).toThrow(/already used in namespace shop/);
    expectValid(objects);
  });
});
