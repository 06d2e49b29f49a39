import { Testing } from 'cdk8s';
import { expectValid, find, ids, synth } from './util';
import { WorkloadSelector } from '../../lib';
import { AuthorizationWorkload, evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { ZeroTrustMesh, ZeroTrustMeshProps } from '../../lib/patterns/zero-trust-mesh';

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
    expect(() => build({}, (m) => m.allow('x', 'shop', { from: {}, to }))).toThrow("test/mesh: allow('x'): from names no service account or namespace");
    expect(() => build({}, (m) => {
      m.allow('x', 'shop', { from: { namespaces: ['a'] }, to });
      m.allow('x', 'shop', { from: { namespaces: ['b'] }, to });
    })).toThrow("the policy name 'x' is already used in namespace shop");
  });
});
