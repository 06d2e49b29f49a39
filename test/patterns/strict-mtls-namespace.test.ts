import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { expectValid, find, ids, synth, addWorkload } from './util';
import { Dataplane, MeshMembership, MeshNamespace, WorkloadSelector } from '../../lib';
import { IstioChecks } from '../../lib/checks';
import { Decision, MeshModel } from '../../lib/model';
import { AuthorizationRequest, evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { StrictMtlsNamespace, StrictMtlsNamespaceProps } from '../../lib/patterns/strict-mtls-namespace';
import { KubeObject } from '../../lib/vocab/object';

const frontendSa = { name: 'frontend', metadata: { namespace: 'web' } };
const orders = { namespace: 'shop', labels: { app: 'orders' } };
const frontend = 'cluster.local/ns/web/sa/frontend';

function build(props: Partial<StrictMtlsNamespaceProps> = {}, configure: (ns: StrictMtlsNamespace) => void = () => {}) {
  const chart = Testing.chart();
  const ns = new StrictMtlsNamespace(chart, 'shop', { name: 'shop', ...props });
  configure(ns);
  const objects = synth(chart);
  return { objects, allowed: (r: AuthorizationRequest, workload = orders) => evaluateAuthorization(objects, workload, r).allowed };
}

/** Every mTLS mode written anywhere in the PeerAuthentications, with the object's name. */
function mtlsModes(objects: KubeObject[]): string[] {
  return objects.filter((o) => o.kind === 'PeerAuthentication').flatMap((o) => {
    const spec = o.spec as Record<string, any>;
    const modes = [spec.mtls?.mode, ...Object.values(spec.portLevelMtls ?? {}).map((p: any) => p.mode)];
    return modes.filter((m) => m !== undefined).map((m) => `${o.metadata?.name}:${m}`);
  });
}

describe('StrictMtlsNamespace', () => {
  test('writes the namespace, a STRICT PeerAuthentication and an allow-nothing policy', () => {
    const { objects } = build();
    expect(ids(objects)).toEqual(['Namespace/shop', 'PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default']);
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(find(objects, 'PeerAuthentication', 'default')).toMatchObject({ metadata: { namespace: 'shop' }, spec: { mtls: { mode: 'STRICT' } } });
    expect(find(objects, 'AuthorizationPolicy', 'deny-by-default')).toMatchObject({ metadata: { namespace: 'shop' }, spec: {} });
    expect(mtlsModes(objects)).toEqual(['default:STRICT']);
  });

  test('denies everything by default', () => {
    const { allowed } = build();
    expect(allowed({ sourcePrincipal: frontend })).toBe(false);
    expect(allowed({})).toBe(false);
  });

  test('allow() opens exactly the named callers, workloads, ports, methods and paths', () => {
    const { objects, allowed } = build({}, (ns) => {
      ns.allow('frontend-reads-orders', {
        from: { serviceAccounts: [frontendSa], namespaces: ['shop'] },
        to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080], methods: ['GET'], paths: ['/orders/*'] },
      });
    });
    expect(find(objects, 'AuthorizationPolicy', 'frontend-reads-orders').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      rules: [{
        from: [{ source: { principals: [frontend] } }, { source: { namespaces: ['shop'] } }],
        to: [{ operation: { ports: ['8080'], methods: ['GET'], paths: ['/orders/*'] } }],
      }],
    });
    expectValid(objects);
    const get = { port: 8080, method: 'GET', path: '/orders/7' };
    expect(allowed({ ...get, sourcePrincipal: frontend })).toBe(true);
    expect(allowed({ ...get, sourcePrincipal: 'cluster.local/ns/shop/sa/nightly' })).toBe(true);
    expect(allowed({ ...get, sourcePrincipal: 'cluster.local/ns/web/sa/other' })).toBe(false);
    expect(allowed({ ...get, method: 'DELETE', sourcePrincipal: frontend })).toBe(false);
    expect(allowed({ ...get, port: 9090, sourcePrincipal: frontend })).toBe(false);
    expect(allowed({ ...get, path: '/admin', sourcePrincipal: frontend })).toBe(false);
    expect(allowed({ ...get, sourcePrincipal: frontend }, { namespace: 'shop', labels: { app: 'payments' } })).toBe(false);
  });

  test('property: a caller gets through exactly when an allow() names its service account or namespace for that workload', () => {
    const sas = ['a', 'b', 'c'];
    const apps = ['orders', 'payments'];
    const grant = fc.record({ sa: fc.constantFrom(...sas), app: fc.constantFrom(...apps), byNamespace: fc.boolean() });
    fc.assert(fc.property(fc.array(grant, { maxLength: 4 }), fc.constantFrom(...sas), fc.constantFrom(...apps), (grants, sa, app) => {
      const { allowed } = build({}, (ns) => grants.forEach((g, i) => ns.allow(`grant-${i}`, {
        from: g.byNamespace ? { namespaces: ['shop'] } : { serviceAccounts: [{ name: g.sa, metadata: { namespace: 'shop' } }] },
        to: { selector: WorkloadSelector.labels({ app: g.app }) },
      })));
      const expected = grants.some((g) => g.app === app && (g.byNamespace || g.sa === sa));
      return allowed({ sourcePrincipal: `cluster.local/ns/shop/sa/${sa}` }, { namespace: 'shop', labels: { app } }) === expected;
    }), { numRuns: 50 });
  });

  test('no PERMISSIVE mode unless an exception was declared, and then only on its port', () => {
    const { objects } = build({ permissiveExceptions: [{ name: 'legacy-billing-client', selector: WorkloadSelector.labels({ app: 'billing' }), port: 9000 }] });
    expect(mtlsModes(objects)).toEqual(['default:STRICT', 'legacy-billing-client:STRICT', 'legacy-billing-client:PERMISSIVE']);
    const exception = find(objects, 'PeerAuthentication', 'legacy-billing-client');
    expect(exception.metadata.annotations).toEqual({ 'galley.istio.io/analyze-suppress': 'CIS5003' });
    expect(exception.spec).toEqual({
      selector: { matchLabels: { app: 'billing' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9000: { mode: 'PERMISSIVE' } },
    });
    expectValid(objects);
  });

  test('ambient mode labels the namespace and refuses HTTP attributes', () => {
    const { objects } = build({ membership: MeshMembership.ambient() }, (ns) => {
      ns.allow('by-port', { from: { namespaces: ['shop'] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080] } });
    });
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    expect(() => build({ membership: MeshMembership.ambient() }, (ns) => {
      ns.allow('by-path', { from: { namespaces: ['web'] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), paths: ['/x'] } });
    })).toThrow(/methods and paths are HTTP attributes, which ztunnel cannot enforce/);
  });

  test('invalid input fails with a clear error', () => {
    const to = { selector: WorkloadSelector.labels({ app: 'orders' }) };
    expect(() => build({}, (ns) => ns.allow('anyone', { from: {}, to }))).toThrow("test/shop: allow('anyone'): from names no service account, namespace or IP block");
    expect(() => build({}, (ns) => ns.allow('rel', { from: { namespaces: ['web'] }, to: { ...to, paths: ['orders'] } })))
      .toThrow("to.paths[0] 'orders' is not an absolute path");
    expect(() => build({}, (ns) => {
      ns.allow('twice', { from: { namespaces: ['web'] }, to });
      ns.allow('twice', { from: { namespaces: ['web'] }, to });
    })).toThrow("the name 'twice' is already used in namespace shop");
    expect(() => build({ permissiveExceptions: [{ name: 'Legacy Client', selector: WorkloadSelector.labels({ app: 'x' }), port: 1 }] })).toThrow(/not a DNS label/);
  });

  // Istio 1.30.3 pilot/pkg/security/authz/model/generator.go: `principals` and `namespaces` become Envoy
  // `authenticated` principals, which a plaintext peer (no client certificate) never matches; `ipBlocks` becomes
  // `direct_remote_ip`, the connection's peer address (model_test.go, generator_test.go `srcIPGenerator`).
  test('plaintextFrom admits plaintext clients by IP block on the PERMISSIVE port only', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const shop = new StrictMtlsNamespace(chart, 'shop', {
      name: 'shop',
      permissiveExceptions: [{ name: 'legacy-billing-client', selector: WorkloadSelector.labels({ app: 'billing' }), port: 9000, plaintextFrom: ['10.20.0.0/16'] }],
    });
    shop.allow('web-to-billing', { from: { namespaces: ['web'] }, to: { selector: WorkloadSelector.labels({ app: 'billing' }) } });
    addWorkload(chart, 'shop', 'billing', { targetPort: 9000 });
    const objects = synth(chart);
    expect(find(objects, 'AuthorizationPolicy', 'legacy-billing-client').spec).toEqual({
      selector: { matchLabels: { app: 'billing' } }, rules: [{ from: [{ source: { ipBlocks: ['10.20.0.0/16'] } }], to: [{ operation: { ports: ['9000'] } }] }],
    });
    const model = MeshModel.fromApp(app);
    const plaintext = (sourceIp: string) => model.access({ from: 'anonymous', to: 'shop/billing:80', sourceIp });
    expect(plaintext('10.20.3.4')).toMatchObject({ decision: Decision.ALLOW, policy: 'shop/legacy-billing-client', mtls: false });
    expect(plaintext('10.30.3.4')).toMatchObject({ decision: Decision.DENY, status: 403 });
    expectValid(objects, { assumeCompleteMesh: false });
  });

  test('allow() takes IP blocks as callers', () => {
    const { objects } = build({}, (ns) => ns.allow('probes', { from: { ipBlocks: ['192.168.0.0/24'] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080] } }));
    expect(find(objects, 'AuthorizationPolicy', 'probes').spec.rules).toEqual([{ from: [{ source: { ipBlocks: ['192.168.0.0/24'] } }], to: [{ operation: { ports: ['8080'] } }] }]);
    expect(() => build({}, (ns) => ns.allow('none', { from: { ipBlocks: [] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }) } })))
      .toThrow(/from names no service account, namespace or IP block/);
  });

  test('a second construct writing the same Namespace fails the synth with CIS5014, naming both construct paths', () => {
    const app = Testing.app();
    new StrictMtlsNamespace(new Chart(app, 'security'), 'shop', { name: 'shop' });
    new MeshNamespace(new Chart(app, 'apps'), 'shop', { metadata: { name: 'shop' }, dataplane: Dataplane.SIDECAR });
    IstioChecks.enable(app);
    const found = IstioChecks.findings(app).filter((f) => f.code === 'CIS5014');
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('Namespace shop is written twice, by [security/shop/Namespace/Resource] and by [apps/shop/Resource]')]);
    expect(found[0].hint).toMatch(/Define the Namespace once/);
  });
});
