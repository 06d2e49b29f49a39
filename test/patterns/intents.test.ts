import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  AuthorizationAction, AuthorizationPolicy, Dataplane, Destination, IngressRoute, JwksSource, JwtCallers, JwtProtectedApp, MeshIntent,
  StrictMtlsNamespace, useWaypoint, Waypoint, WorkloadSelector, ZeroTrustMesh,
} from '../../lib';
import { IstioChecks, IstioTesting } from '../../lib/checks';
import { Decision, MeshModel } from '../../lib/model';

// Each pattern declares the intents it promises; they must hold on the pattern's own output, and a policy that
// breaks one fails the synth on the pattern's construct path.
const ISSUER = 'https://auth.shop.example';
const jwks = JwksSource.fromUri(`${ISSUER}/jwks.json`);

function chart() {
  const app = Testing.app();
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}
const intents = (c: Chart) => MeshIntent.of(c).map((i) => i.node.path);
const violations = (app: ReturnType<typeof Testing.app>) => IstioChecks.findings(app).filter((f) => f.code === 'CIS5017');
const frontend = { name: 'frontend', metadata: { namespace: 'shop' } };

function workload(scope: Chart, name: string) {
  new ApiObject(scope, `${name}-deployment`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { serviceAccountName: name, containers: [{ name: 'app', image: `example/${name}`, ports: [{ containerPort: 8080 }] }] } },
    },
  });
  new ApiObject(scope, `${name}-service`, { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } });
}

describe('the intents patterns declare hold on their own output', () => {
  test('JwtProtectedApp: no token denied, a valid token allowed, public access allowed', () => {
    const { app, chart: c } = chart();
    new JwtProtectedApp(c, 'orders', {
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [{ issuer: ISSUER, jwks, audiences: ['orders'] }],
      publicPaths: ['/healthz'],
      publicAccess: [{ methods: ['OPTIONS'] }, { methods: ['GET'], paths: ['/docs', '/docs/*'] }],
    });
    expect(intents(c)).toEqual(['shop/orders/no-token-denied-intent', 'shop/orders/token-allowed-intent', 'shop/orders/public-1-allowed-intent',
      'shop/orders/public-2-allowed-intent', 'shop/orders/public-3-allowed-intent']);
    expect(violations(app)).toEqual([]);
  });

  test('JwtProtectedApp with claim rules and JwtCallers.only: each rule\'s token allowed, another caller denied', () => {
    const { app, chart: c } = chart();
    new JwtProtectedApp(c, 'orders', {
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [{ issuer: ISSUER, jwks }, { issuer: 'https://partner.example', jwks: JwksSource.fromUri('https://partner.example/jwks.json') }],
      claimRules: [{ claim: ['realm_access', 'roles'], values: ['admin*'], methods: ['DELETE'], paths: ['/admin/*'] }],
      callers: JwtCallers.only({ serviceAccounts: [frontend], namespaces: ['ops'] }),
    });
    expect(intents(c)).toEqual(['shop/orders/no-token-denied-intent', 'shop/orders/claim-rule-1-allowed-intent']);
    expect(violations(app)).toEqual([]);
  });

  test('JwtProtectedApp: a DENY of the user that blocks tokens fails the synth on the pattern', () => {
    const { app, chart: c } = chart();
    new JwtProtectedApp(c, 'orders', { selector: WorkloadSelector.labels({ app: 'orders' }), issuers: [{ issuer: ISSUER, jwks }] });
    new AuthorizationPolicy(c, 'block', { metadata: { name: 'block' }, selector: WorkloadSelector.labels({ app: 'orders' }), action: AuthorizationAction.DENY })
      .addRule({ from: [{ requestPrincipals: ['*'] }] });
    expect(violations(app).map((f) => [f.constructPath, f.related?.map((r) => r.resource.name)])).toEqual([['shop/orders/token-allowed-intent', ['block']]]);
    expect(() => app.synth()).toThrow(/\[shop\/orders\/token-allowed-intent\] Intent "allow shop\/default -> shop\/\{app=orders\}" is violated: GET \/ with a token of https:\/\/auth\.shop\.example is denied by shop\/block rule 0/);
  });

  test('StrictMtlsNamespace: plaintext denied; allow(): the callers may call; both broken by an allow-all', () => {
    const { app, chart: c } = chart();
    const ns = new StrictMtlsNamespace(c, 'ns', { name: 'shop' });
    ns.allow('frontend-to-orders', {
      from: { serviceAccounts: [frontend], namespaces: ['web'] },
      to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080], methods: ['GET', 'POST'], paths: ['/api/*'] },
    });
    expect(intents(c)).toEqual(['shop/ns/plaintext-denied-intent', 'shop/ns/Allow-frontend-to-orders-intent-1', 'shop/ns/Allow-frontend-to-orders-intent-2']);
    expect(violations(app)).toEqual([]);
    workload(c, 'orders');
    new ApiObject(c, 'permissive', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'permissive', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'orders' } }, mtls: { mode: 'PERMISSIVE' } },
    });
    new AuthorizationPolicy(c, 'open', { metadata: { name: 'open' } }).addRule({});
    expect(violations(app).map((f) => f.constructPath)).toEqual(['shop/ns/plaintext-denied-intent']);
  });

  test('ZeroTrustMesh.allow(): the callers may call through the mesh-wide deny; a DENY of the user breaks it', () => {
    const { app, chart: c } = chart();
    const mesh = new ZeroTrustMesh(c, 'mesh');
    mesh.allow('frontend-to-orders', 'shop', { from: { serviceAccounts: [frontend] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }) } });
    expect(intents(c)).toEqual(['shop/mesh/Allow-shop-frontend-to-orders-intent']);
    expect(violations(app)).toEqual([]);
    new AuthorizationPolicy(c, 'no-frontend', { metadata: { name: 'no-frontend' }, action: AuthorizationAction.DENY }).addRule({ from: [{ principals: ['cluster.local/ns/shop/sa/frontend'] }] });
    expect(violations(app).map((f) => f.constructPath)).toEqual(['shop/mesh/Allow-shop-frontend-to-orders-intent']);
  });

  test('IngressRoute: reachable from its gateway for its hosts (TLS and plain HTTP), broken by a deny-by-default namespace', () => {
    const { app, chart: c } = chart();
    new IngressRoute(c, 'ingress', {
      name: 'shop',
      hosts: ['shop.example.com', '*.shop.example.com'],
      tls: { credentialName: 'shop-cert' },
      routes: [{ route: [{ destination: Destination.host('frontend', { port: 8080 }) }] }],
    });
    new IngressRoute(c, 'docs', { name: 'docs', hosts: ['docs.example.com'], plainHttp: { port: 8080 }, routes: [{ route: [{ destination: Destination.host('docs') }] }] });
    expect(intents(c)).toEqual(['shop/ingress/reachable-intent-1', 'shop/ingress/reachable-intent-2', 'shop/docs/reachable-intent']);
    expect(violations(app)).toEqual([]);
    new StrictMtlsNamespace(c, 'ns', { name: 'shop' });
    expect(violations(app).map((f) => f.constructPath)).toEqual(['shop/ingress/reachable-intent-1', 'shop/ingress/reachable-intent-2', 'shop/docs/reachable-intent']);
  });
});

describe('in an ambient namespace (the waypoint enforces the token)', () => {
  function ambientShop() {
    const { app, chart: c } = chart();
    const ns = new StrictMtlsNamespace(c, 'ns', { name: 'shop', dataplane: Dataplane.AMBIENT });
    const waypoint = new Waypoint(c, 'waypoint');
    useWaypoint(ns.namespace, waypoint);
    new ApiObject(c, 'allow-waypoint', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-waypoint' },
      spec: { rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }] },
    });
    for (const name of ['frontend', 'orders']) workload(c, name);
    return { app, c, ns, waypoint };
  }

  test('JwtProtectedApp: its intents hold through the waypoint; StrictMtlsNamespace.allow() by port holds at ztunnel', () => {
    const { app, c, ns, waypoint } = ambientShop();
    new JwtProtectedApp(c, 'orders', {
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [{ issuer: ISSUER, jwks }],
      publicPaths: ['/healthz'],
      waypoint,
      callers: JwtCallers.only({ serviceAccounts: [frontend] }),
    });
    ns.allow('frontend-to-orders', { from: { serviceAccounts: [frontend] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080] } });
    expect(intents(c)).toEqual(['shop/ns/plaintext-denied-intent', 'shop/ns/Allow-frontend-to-orders-intent', 'shop/orders/no-token-denied-intent',
      'shop/orders/token-allowed-intent', 'shop/orders/public-1-allowed-intent', 'shop/orders/other-caller-denied-intent']);
    expect(violations(app)).toEqual([]);
  });

  test('broken: an L7 DENY on the waypoint against the token breaks the pattern\'s promise', () => {
    const { app, c, waypoint } = ambientShop();
    new JwtProtectedApp(c, 'orders', { selector: WorkloadSelector.labels({ app: 'orders' }), issuers: [{ issuer: ISSUER, jwks }], waypoint });
    new ApiObject(c, 'block', {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'block' },
      spec: { targetRefs: [{ group: '', kind: 'Service', name: 'orders' }], action: 'DENY', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] },
    });
    expect(violations(app).map((f) => f.constructPath)).toEqual(['shop/orders/token-allowed-intent']);
  });
});

describe('the shop of issue 13 with JwtCallers.fromAllowPolicies()', () => {
  test('no CIS5011, and "only frontend, GET and POST" holds with the token required', () => {
    const { app, chart: c } = chart();
    const ns = new StrictMtlsNamespace(c, 'ns', { name: 'shop' });
    for (const name of ['frontend', 'orders', 'reviews']) workload(c, name);
    new JwtProtectedApp(c, 'orders', {
      namespace: 'shop',
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [{ issuer: ISSUER, jwks }],
      callers: JwtCallers.fromAllowPolicies(),
    });
    ns.allow('orders-frontend-only', {
      from: { serviceAccounts: [frontend] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), methods: ['GET', 'POST'] },
    });
    const findings = IstioChecks.findings(app);
    expect(findings.filter((f) => ['CIS5011', 'CIS5017'].includes(f.code))).toEqual([]);
    const token = { iss: ISSUER, sub: 'user-1' };
    const model = MeshModel.fromApp(app);
    expect(model.access({ from: 'shop/reviews', to: 'shop/orders:8080', method: 'DELETE', path: '/api/orders', jwt: token }).decision).toBe(Decision.DENY);
    expect(model.access({ from: 'shop/frontend', to: 'shop/orders:8080', method: 'DELETE', path: '/api/orders', jwt: token }).decision).toBe(Decision.DENY);
    IstioTesting.expectAccess(app).from('shop/frontend').to('shop/orders:8080').get('/api/orders').withJwt(token).toBeAllowed();
    IstioTesting.expectAccess(app).from('shop/frontend').to('shop/orders:8080').get('/api/orders').toBeDenied();
  });
});
