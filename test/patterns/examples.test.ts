import { Chart, Testing } from 'cdk8s';
import { expectValid, find, ids } from './util';
import { patternCharts } from '../../examples/patterns/main';
import { evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { KubeObject } from '../../lib/vocab/object';

/** `kind/name` of the Istio objects only (the examples also hold Deployments, Services and Namespaces). */
function istioIds(objects: KubeObject[]): string[] {
  return ids(objects.filter((o) => o.apiVersion.includes('.istio.io/')));
}

function charts(): Map<string, KubeObject[]> {
  const app = Testing.app();
  patternCharts(app);
  return new Map(app.charts.map((c: Chart) => [c.node.id, c.toJson() as KubeObject[]]));
}

describe('examples/patterns', () => {
  const all = charts();

  test('one chart per pattern; the whole app passes the validator and the cross-resource analysis', () => {
    expect([...all.keys()]).toEqual(['canary', 'jwt', 'strict-mtls', 'external-services', 'ingress', 'fault-injection', 'zero-trust']);
    // One app of a mesh whose Istio (and egress gateway) the platform installs: checked as at synth.
    expectValid([...all.values()].flat(), { assumeCompleteMesh: false });
  });

  test('canary: subsets from the Deployments, 90/10 at rollout step 1, testers pinned to v2', () => {
    const objects = all.get('canary')!;
    expect(find(objects, 'DestinationRule', 'reviews').spec.subsets.map((s: any) => s.labels)).toEqual([
      { app: 'reviews', version: 'v1' }, { app: 'reviews', version: 'v2' },
    ]);
    const http = find(objects, 'VirtualService', 'reviews').spec.http;
    expect(http[1].route.map((r: any) => r.weight)).toEqual([90, 10]);
    expect(http[0].match).toEqual([{ headers: { 'x-canary': { exact: 'always' } } }]);
  });

  test('jwt: machine tokens without sub pass, tokenless calls only reach /healthz, only the web frontend calls', () => {
    const objects = all.get('jwt')!;
    const workload = { namespace: 'shop', labels: { app: 'orders' } };
    const allowed = (path: string, jwtClaims?: Record<string, unknown>, method = 'GET', sourcePrincipal = 'cluster.local/ns/web/sa/frontend') =>
      evaluateAuthorization(objects, workload, { port: 8080, path, method, jwtClaims, sourcePrincipal }).allowed;
    expect(allowed('/healthz')).toBe(true);
    expect(allowed('/orders', undefined, 'OPTIONS')).toBe(true);
    expect(allowed('/orders')).toBe(false);
    expect(allowed('/orders', { iss: 'https://ci.example.com', roles: ['reader'] }, 'GET', 'cluster.local/ns/shop/sa/default')).toBe(false);
    expect(allowed('/orders', { iss: 'https://ci.example.com', roles: ['reader'] })).toBe(true);
    expect(allowed('/orders/1', { iss: 'https://login.example.com', sub: 'u', roles: ['reader'] }, 'DELETE')).toBe(false);
    expect(allowed('/orders/1', { iss: 'https://login.example.com', sub: 'u', roles: ['admin'] }, 'DELETE')).toBe(true);
  });

  test('strict-mtls, external-services, ingress, fault-injection and zero-trust write the expected objects', () => {
    expect(istioIds(all.get('strict-mtls')!)).toEqual(['PeerAuthentication/default',
      'AuthorizationPolicy/deny-by-default', 'PeerAuthentication/legacy-billing-batch', 'AuthorizationPolicy/frontend-to-api',
      'AuthorizationPolicy/api-to-ledger']);
    expect(istioIds(all.get('external-services')!)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com',
      'ServiceEntry/api-github-com', 'DestinationRule/api-github-com', 'Gateway/api-github-com-egress', 'DestinationRule/api-github-com-egress-gateway',
      'AuthorizationPolicy/api-github-com-egress-callers', 'VirtualService/api-github-com', 'ServiceEntry/pypi-org', 'Gateway/pypi-org-egress', 'VirtualService/pypi-org']);
    expect(istioIds(all.get('ingress')!)).toEqual(['Gateway/shop-gateway', 'VirtualService/shop']);
    expect(istioIds(all.get('fault-injection')!)).toEqual(['DestinationRule/ratings', 'VirtualService/ratings']);
    expect(istioIds(all.get('zero-trust')!)).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default',
      'AuthorizationPolicy/allow-ingress-gateway', 'AuthorizationPolicy/allow-egress-gateway', 'AuthorizationPolicy/ingress-to-frontend', 'AuthorizationPolicy/ingress-to-api',
      'AuthorizationPolicy/ingress-to-frontend', 'AuthorizationPolicy/frontend-to-reviews', 'AuthorizationPolicy/reviews-to-ratings',
      'AuthorizationPolicy/shop-to-payments']);
  });
});

describe('examples/patterns: identities', () => {
  test('every service account an ALLOW names runs some pod, where the app defines the pods of its namespace', () => {
    const objects = [...charts().values()].flat() as any[];
    const runs = new Set(objects.filter((o) => o.kind === 'Deployment')
      .map((d) => `${d.metadata.namespace}/${d.spec.template.spec.serviceAccountName ?? 'default'}`));
    const withPods = new Set(objects.filter((o) => o.kind === 'Deployment').map((d) => d.metadata.namespace));
    const named = objects.filter((o) => o.kind === 'AuthorizationPolicy')
      .flatMap((p) => (p.spec.rules ?? []).flatMap((r: any) => (r.from ?? []).flatMap((f: any) => f.source.principals ?? [])))
      .map((principal: string) => /^cluster\.local\/ns\/([^/]+)\/sa\/(.+)$/.exec(principal)!)
      .map(([, ns, sa]) => `${ns}/${sa}`);
    expect(named.length).toBeGreaterThan(2);
    expect(named.filter((id) => withPods.has(id.split('/')[0]) && !runs.has(id))).toEqual([]);
  });
});
