import { Chart, Testing } from 'cdk8s';
import { expectValid, find, ids } from './util';
import { patternCharts } from '../../examples/patterns/main';
import { evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { KubeObject } from '../../lib/validation/object';

function charts(): Map<string, KubeObject[]> {
  const app = Testing.app();
  patternCharts(app);
  return new Map(app.charts.map((c: Chart) => [c.node.id, c.toJson() as KubeObject[]]));
}

describe('examples/patterns', () => {
  const all = charts();

  test('one chart per pattern, each passing the validator', () => {
    expect([...all.keys()]).toEqual(['canary', 'jwt', 'strict-mtls', 'external-services', 'ingress', 'fault-injection', 'zero-trust']);
    for (const objects of all.values()) expectValid(objects);
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

  test('jwt: machine tokens without sub pass, tokenless calls only reach /healthz', () => {
    const objects = all.get('jwt')!;
    const workload = { namespace: 'shop', labels: { app: 'orders' } };
    const allowed = (path: string, jwtClaims?: Record<string, unknown>, method = 'GET') =>
      evaluateAuthorization(objects, workload, { path, method, jwtClaims }).allowed;
    expect(allowed('/healthz')).toBe(true);
    expect(allowed('/orders')).toBe(false);
    expect(allowed('/orders', { iss: 'https://ci.example.com', roles: ['reader'] })).toBe(true);
    expect(allowed('/orders/1', { iss: 'https://login.example.com', sub: 'u', roles: ['reader'] }, 'DELETE')).toBe(false);
    expect(allowed('/orders/1', { iss: 'https://login.example.com', sub: 'u', roles: ['admin'] }, 'DELETE')).toBe(true);
  });

  test('strict-mtls, external-services, ingress, fault-injection and zero-trust write the expected objects', () => {
    expect(ids(all.get('strict-mtls')!)).toEqual(['ServiceAccount/frontend', 'Namespace/payments', 'PeerAuthentication/default',
      'AuthorizationPolicy/deny-by-default', 'PeerAuthentication/legacy-billing-batch', 'AuthorizationPolicy/frontend-to-api',
      'AuthorizationPolicy/api-to-ledger']);
    expect(ids(all.get('external-services')!)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com',
      'ServiceEntry/api-github-com', 'DestinationRule/api-github-com', 'Gateway/api-github-com-egress', 'VirtualService/api-github-com',
      'ServiceEntry/pypi-org', 'Gateway/pypi-org-egress', 'VirtualService/pypi-org']);
    expect(ids(all.get('ingress')!)).toEqual(['Gateway/shop-gateway', 'VirtualService/shop']);
    expect(ids(all.get('fault-injection')!)).toEqual(['DestinationRule/ratings', 'VirtualService/ratings']);
    expect(ids(all.get('zero-trust')!)).toEqual(['PeerAuthentication/default', 'AuthorizationPolicy/deny-by-default',
      'AuthorizationPolicy/allow-ingress-gateway', 'AuthorizationPolicy/ingress-to-frontend', 'AuthorizationPolicy/frontend-to-orders',
      'AuthorizationPolicy/shop-to-payments']);
  });
});
