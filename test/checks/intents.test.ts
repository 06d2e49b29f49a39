import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  AuthorizationAction, AuthorizationPolicy, Destination, IngressRoute, IntentToken, IstioSettings, MeshIntent, StrictMtlsNamespace, WorkloadSelector,
} from '../../lib';
import { IstioChecks } from '../../lib/checks';
import { Severity } from '../../lib/vocab/finding';

/** A shop namespace (STRICT, deny by default) with workloads running as their own service accounts. */
function shop() {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const ns = new StrictMtlsNamespace(chart, 'ns', { name: 'shop' });
  for (const name of ['frontend', 'orders', 'reviews']) {
    new ApiObject(chart, `${name}-deployment`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { serviceAccountName: name, containers: [{ name: 'app', image: `example/${name}`, ports: [{ containerPort: 8080 }] }] },
        },
      },
    });
    new ApiObject(chart, `${name}-service`, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } });
  }
  ns.allow('frontend-to-orders', {
    from: { serviceAccounts: [{ name: 'frontend', metadata: { namespace: 'shop' } }] },
    to: { selector: WorkloadSelector.labels({ app: 'orders' }), methods: ['GET', 'POST'] },
  });
  return { app, chart, ns };
}

const intentFindings = (app: ReturnType<typeof Testing.app>) => IstioChecks.findings(app).filter((f) => f.code === 'CIS5017');

describe('CIS5017: intents checked at synth', () => {
  test('clean: intents that hold give no finding and synth passes', () => {
    const { app, chart } = shop();
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', methods: ['GET', 'POST'], paths: ['/api/orders'] });
    MeshIntent.deny(chart, { from: 'shop/reviews', to: 'shop/orders:8080', methods: ['GET', 'DELETE'] });
    MeshIntent.deny(chart, { from: 'shop/frontend', to: { namespace: 'shop', selector: WorkloadSelector.labels({ app: 'orders' }) }, methods: ['DELETE'] });
    MeshIntent.deny(chart, { from: 'anonymous', to: { namespace: 'shop' } });
    expect(intentFindings(app)).toEqual([]);
    expect(() => app.synth()).not.toThrow();
  });

  test('broken: a policy contradicting an intent fails synth, naming the intent\'s construct path, the request and the policy', () => {
    const { app, chart } = shop();
    MeshIntent.deny(chart, { from: 'shop/reviews', to: 'shop/orders:8080', methods: ['DELETE'], paths: ['/api/orders'], name: 'reviews-never-deletes' });
    // Someone opens orders to the whole namespace: Istio ORs it with frontend-to-orders.
    new AuthorizationPolicy(chart, 'orders-open', { metadata: { name: 'orders-open' }, selector: WorkloadSelector.labels({ app: 'orders' }) })
      .addRule({ from: [{ namespaces: ['shop'] }] });
    const [f, ...rest] = intentFindings(app);
    expect(rest).toEqual([]);
    expect([f.severity, f.constructPath]).toEqual([Severity.ERROR, 'shop/reviews-never-deletes']);
    expect(f.message).toBe('Intent "deny shop/reviews -> shop/orders:8080" is violated: DELETE /api/orders is allowed by shop/orders-open rule 0'
      + ' (ALLOW policy shop/orders-open rule 0 matches (peer cluster.local/ns/shop/sa/reviews, DELETE /api/orders on port 8080)).');
    expect(f.related?.map((r) => [r.resource.name, r.constructPath])).toEqual([['orders-open', 'shop/orders-open']]);
    expect(f.example).toBe('DELETE /api/orders from shop/reviews to shop/orders:8080 is answered 200');
    expect(() => app.synth()).toThrow(/\[shop\/reviews-never-deletes\] Intent "deny shop\/reviews -> shop\/orders:8080" is violated.*\(CIS5017; involves AuthorizationPolicy shop\/orders-open \[shop\/orders-open\]/);
  });

  test('broken: an allow intent the deny-by-default namespace contradicts', () => {
    const { app, chart } = shop();
    MeshIntent.allow(chart, { from: 'shop/reviews', to: { namespace: 'shop', selector: WorkloadSelector.labels({ app: 'orders' }), port: 8080 } });
    const [f] = intentFindings(app);
    expect(f.constructPath).toBe('shop/allow-1');
    expect(f.message).toMatch(/^Intent "allow shop\/reviews -> shop\/\{app=orders\}:8080" is violated: GET \/ is denied \(no ALLOW policy matches .*applicable: shop\/deny-by-default, shop\/frontend-to-orders\)/);
  });

  test('a token: denied without, allowed with one the workload accepts (IntentToken.anyAccepted)', () => {
    const { app, chart } = shop();
    new AuthorizationPolicy(chart, 'require-jwt', { metadata: { name: 'orders-require-jwt' }, selector: WorkloadSelector.labels({ app: 'orders' }), action: AuthorizationAction.DENY })
      .addRule({ from: [{ notRequestPrincipals: ['*'] }] });
    new ApiObject(chart, 'ra', {
      apiVersion: 'security.istio.io/v1',
      kind: 'RequestAuthentication',
      metadata: { name: 'orders' },
      spec: { selector: { matchLabels: { app: 'orders' } }, jwtRules: [{ issuer: 'https://idp.example', jwksUri: 'https://idp.example/jwks.json' }] },
    });
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', token: IntentToken.anyAccepted(), name: 'with-token' });
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', token: IntentToken.of({ iss: 'https://idp.example' }), name: 'valid-token' });
    MeshIntent.deny(chart, { from: 'shop/frontend', to: 'shop/orders:8080', name: 'no-token' });
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', name: 'no-token-allowed' });
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', token: IntentToken.of({ iss: 'https://other.example' }), name: 'unknown-issuer' });
    expect(intentFindings(app).map((f) => [f.constructPath, f.example])).toEqual([
      ['shop/no-token-allowed', 'GET / from shop/frontend to shop/orders:8080 is answered 403'],
      ['shop/unknown-issuer', 'GET / with a token of https://other.example from shop/frontend to shop/orders:8080 is answered 401'],
    ]);
  });

  test('reachable: routed by the IngressRoute, then denied by deny-by-default until the gateway is allowed', () => {
    const { app, chart, ns } = shop();
    new IngressRoute(chart, 'ingress', {
      name: 'shop', hosts: ['shop.example.com'], plainHttp: { port: 80 }, routes: [{ route: [{ destination: Destination.host('frontend', { port: 8080 }) }] }],
    });
    MeshIntent.reachable(chart, { from: 'shop/shop-gateway', host: 'shop.example.com', paths: ['/', '/api/*'], name: 'site' });
    MeshIntent.reachable(chart, { from: 'gateway:shop/shop-gateway', host: 'other.example.com', name: 'other' });
    const found = intentFindings(app);
    // The IngressRoute declares its own (`/` on its host); `site` asks more paths.
    expect(found.map((f) => f.constructPath)).toEqual(['shop/ingress/reachable-intent', 'shop/site', 'shop/other']);
    found.shift();
    expect(found[0].message).toMatch(/GET http:\/\/shop\.example\.com:80\/ is routed by shop\/shop to shop\/frontend:8080, which denies it from the gateway's identity istio-system\/istio-ingressgateway-service-account by shop\/deny-by-default/);
    expect(found[0].related?.map((r) => r.resource.name)).toEqual(['deny-by-default', 'shop']);
    expect(found[1].message).toMatch(/is not routed: no VirtualService routes it on the gateway \(404\)/);
    ns.allow('ingress-to-frontend', {
      from: { serviceAccounts: [{ name: 'istio-ingressgateway-service-account', metadata: { namespace: 'istio-system' } }] },
      to: { selector: WorkloadSelector.labels({ app: 'frontend' }) },
    });
    expect(intentFindings(app).map((f) => f.constructPath)).toEqual(['shop/other']);
  });

  test('an intent naming what the app does not define cannot hold', () => {
    const { app, chart } = shop();
    MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/ordrs:8080' });
    MeshIntent.reachable(chart, { from: 'shop/nope', host: 'shop.example.com' });
    expect(intentFindings(app).map((f) => f.message)).toEqual([
      expect.stringMatching(/the request cannot be asked: unknown service "shop\/ordrs"; known: shop\/frontend, shop\/orders, shop\/reviews/),
      expect.stringMatching(/cannot be asked: unknown gateway "shop\/nope"/),
    ]);
  });

  test('disabledChecks: CIS5017 turns an intent off', () => {
    const { app, chart } = shop();
    MeshIntent.allow(chart, { from: 'shop/reviews', to: 'shop/orders:8080' });
    IstioSettings.apply(chart, { disabledChecks: ['CIS5017'] });
    expect(intentFindings(app)).toEqual([]);
  });

  test('bad props fail with the construct path', () => {
    const { chart } = shop();
    expect(() => MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', paths: ['api'] })).toThrow(/^shop\/allow-1: MeshIntent.allow: paths\[0\] 'api' is not an absolute path/);
    expect(() => MeshIntent.deny(chart, { from: '', to: 'shop/orders:8080' })).toThrow(/from is empty/);
    expect(() => MeshIntent.reachable(chart, { from: 'shop/gw', host: '' })).toThrow(/host is empty/);
    expect(() => MeshIntent.allow(chart, { from: 'a/b', to: 'shop/orders:8080', methods: [] })).toThrow(/methods is empty/);
  });
});
