import { ApiObject, Chart, Testing } from 'cdk8s';
import { IstioTesting } from '../../lib/checks';
import { WorkloadSelector } from '../../lib/core/workload-selector';
import { JwtProtectedApp } from '../../lib/patterns/jwt-protected-app';
import { JwksSource } from '../../lib/security/jwt-rule';

/** The shop of issue 13 as an app: Services and Deployments as raw ApiObjects, the policies from our constructs. */
function shop(): Chart {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new ApiObject(chart, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', namespace: undefined, labels: { 'istio-injection': 'enabled' } } });
  for (const name of ['frontend', 'orders', 'reviews']) {
    new ApiObject(chart, `${name}-deploy`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: name }] } } },
    });
    new ApiObject(chart, `${name}-svc`, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } });
  }
  new JwtProtectedApp(chart, 'orders-jwt', {
    selector: WorkloadSelector.labels({ app: 'orders' }),
    issuers: [{ issuer: 'https://auth.shop.example', jwks: JwksSource.fromUri('https://auth.shop.example/jwks.json') }],
    publicPaths: ['/healthz'],
  });
  return chart;
}

describe('IstioTesting.expectAccess / expectRoute', () => {
  test('allowed and denied requests; a failure names the deciding policy and rule', () => {
    const chart = shop();
    IstioTesting.expectAccess(chart).from('shop/frontend').to('shop/orders:8080').get('/healthz').toBeAllowed();
    IstioTesting.expectAccess(chart).from('shop/frontend').to('shop/orders:8080').get('/api/orders').toBeDenied();
    IstioTesting.expectAccess(chart).from('shop/reviews').to('shop/orders:8080').delete('/api/orders')
      .withJwt({ iss: 'https://auth.shop.example', sub: 'u1' }).toBeAllowed();
    expect(() => IstioTesting.expectAccess(chart).from('shop/frontend').to('shop/orders:8080').get('/api/orders').toBeAllowed())
      .toThrow(/expected shop\/frontend -> shop\/orders:8080 GET \/api\/orders to be allowed, but it is denied by shop\/orders-require-jwt rule 0 \(403\)/);
  });

  test('routes: the Service itself without a VirtualService', () => {
    const chart = shop();
    IstioTesting.expectRoute(chart).from('shop/frontend').to('orders', 8080).get('/').toRouteTo('orders.shop.svc.cluster.local');
    expect(() => IstioTesting.expectRoute(chart).from('shop/frontend').to('orders', 8080).toRouteTo('reviews.shop.svc.cluster.local'))
      .toThrow(/but it goes to \[\{"host":"orders.shop.svc.cluster.local","weight":100\}\]/);
  });
});
