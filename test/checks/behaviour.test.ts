import { Chart, Testing } from 'cdk8s';
import { AuthorizationPolicy, Destination, IngressRoute, JwksSource, JwtProtectedApp, StrictMtlsNamespace, WorkloadSelector } from '../../lib';
import { AnalysisContext } from '../../lib/analysis/context';
import { checkAll, formatFinding, IstioChecks } from '../../lib/checks';
import { acceptedTokens } from '../../lib/checks/behaviour/behaviour-model';
import { Severity } from '../../lib/vocab/finding';
import { objects } from '../analysis/helpers';

// The shop of issue 13: a STRICT, allow-nothing namespace; JwtProtectedApp's "any valid token" ALLOW on orders
// beside the user's "only frontend, GET and POST"; the ingress gateway routes to frontend.
const NS = `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
`;
const deployment = (name: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { serviceAccountName: ${name}, containers: [{ name: app, image: example/${name}, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 8080 }] }
`;
const ap = (name: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: shop }
spec: ${spec}
`;
const ALLOW_NOTHING = ap('allow-nothing', '{}');
const JWT = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: orders-jwt, namespace: shop }
spec: { selector: { matchLabels: { app: orders } }, jwtRules: [{ issuer: "https://auth.shop.example", jwksUri: "https://auth.shop.example/jwks.json" }] }
${'---'}${ap('orders-require-jwt', '{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { requestPrincipals: ["*"] } }] }] }')}`;
const FRONTEND_ONLY = ap('orders-frontend-only', `{ selector: { matchLabels: { app: orders } }, rules: [{
  from: [{ source: { principals: [cluster.local/ns/shop/sa/frontend] } }], to: [{ operation: { methods: [GET, POST] } }] }] }`);
const INGRESS = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: shop, namespace: shop }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: [shop.example.com] }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: shop, namespace: shop }
spec: { hosts: [shop.example.com], gateways: [shop], http: [{ route: [{ destination: { host: frontend, port: { number: 8080 } } }] }] }
`;
const ALLOW_INGRESS = ap('frontend-from-ingress', `{ selector: { matchLabels: { app: frontend } }, rules: [{
  from: [{ source: { principals: [cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account] } }] }] }`);

function run(...docs: string[]) {
  return checkAll(objects(docs.join('---')).map((object) => ({ object })), { assumeCompleteMesh: false }).findings;
}
const codes = (findings: ReturnType<typeof run>, code: string) => findings.filter((f) => f.code === code);

describe('CIS5011: an ALLOW widened by another ALLOW on the same workloads', () => {
  test('clean: one ALLOW per caller (Istio ORs them, and each is about its own caller)', () => {
    const backend = ap('orders-backend', '{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/reviews] } }] }] }');
    expect(codes(run(NS, deployment('frontend'), deployment('orders'), deployment('reviews'), ALLOW_NOTHING, FRONTEND_ONLY, backend), 'CIS5011')).toEqual([]);
  });

  test('broken: the shop — JwtProtectedApp\'s any-token ALLOW voids "only frontend, GET and POST", and the other way round', () => {
    const found = codes(run(NS, deployment('frontend'), deployment('orders'), deployment('reviews'), ALLOW_NOTHING, JWT, FRONTEND_ONLY), 'CIS5011');
    expect(found.map((f) => [f.severity, f.resource?.name, f.related?.map((r) => r.resource.name)])).toEqual([
      [Severity.WARNING, 'orders-require-jwt', ['orders-frontend-only']],
      [Severity.WARNING, 'orders-frontend-only', ['orders-require-jwt']],
    ]);
    expect(found[1].example).toMatch(/^DELETE \/ from shop\/reviews with a valid token \(iss https:\/\/auth\.shop\.example\) to .* is allowed by shop\/orders-require-jwt$/);
  });

  // Istio's request principal is `iss/sub` (pilot/pkg/security/authz/model/generator.go requestPrincipalGenerator):
  // `/sub` is a token without an issuer; `request.auth.claims[iss]` names the issuer as a claim.
  test.each([
    ['request.auth.principal /alice', 'when: [{ key: request.auth.principal, values: ["/alice"] }]', /with a token without an issuer \(sub alice\)/],
    ['requestPrincipals /alice', 'from: [{ source: { requestPrincipals: ["/alice"] } }]', /with a token without an issuer \(sub alice\)/],
    ['request.auth.claims[iss]', 'when: [{ key: "request.auth.claims[iss]", values: ["https://idp.example"] }]', /with a valid token \(iss https:\/\/idp\.example\)/],
  ])('the example names the token of %s (never an empty iss)', (_name, rule, token) => {
    const wide = ap('orders-wide', `{ selector: { matchLabels: { app: orders } }, rules: [{ ${rule} }] }`);
    const found = codes(run(NS, FRONTEND_ONLY, wide), 'CIS5011').find((f) => f.resource?.name === 'orders-frontend-only');
    expect(found?.example).toMatch(token);
    expect(found?.example).not.toMatch(/\(iss \)/);
  });

  test('broken without pods in the set: the policies\' own selectors are the workloads', () => {
    expect(codes(run(NS, ALLOW_NOTHING, JWT, FRONTEND_ONLY), 'CIS5011').map((f) => f.resource?.name)).toContain('orders-frontend-only');
  });
});

describe('CIS5010: routed but denied', () => {
  test('clean: the frontend allows the ingress gateway', () => {
    expect(codes(run(NS, deployment('frontend'), ALLOW_NOTHING, INGRESS, ALLOW_INGRESS), 'CIS5010')).toEqual([]);
  });

  test('broken: allow-nothing cuts the ingress gateway off from the frontend it routes to (403)', () => {
    const found = codes(run(NS, deployment('frontend'), ALLOW_NOTHING, INGRESS), 'CIS5010');
    expect(found.map((f) => [f.severity, f.resource?.kind, f.resource?.name, f.path, f.related?.map((r) => r.resource.name)])).toEqual([
      [Severity.WARNING, 'VirtualService', 'shop', 'spec.http[0].route[0].destination', ['allow-nothing']],
    ]);
    expect(found[0].example).toBe('GET / from istio-system/istio-ingressgateway-service-account to shop/frontend:8080 is answered 403');
  });

  test('an error with assumeCompleteMesh; the Service may be another chart\'s (taken as app: <name>)', () => {
    const findings = checkAll(objects([NS, ALLOW_NOTHING, INGRESS].join('---')).map((object) => ({ object })), { assumeCompleteMesh: true }).findings;
    expect(codes(findings, 'CIS5010').map((f) => f.severity)).toEqual([Severity.ERROR]);
  });

  test('mesh routes: reported only when no workload of the set may call', () => {
    const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: orders, namespace: shop }
spec: { hosts: [orders], http: [{ route: [{ destination: { host: orders } }] }] }
`;
    expect(codes(run(NS, deployment('frontend'), deployment('orders'), ALLOW_NOTHING, FRONTEND_ONLY, vs), 'CIS5010')).toEqual([]);
    expect(codes(run(NS, deployment('frontend'), deployment('orders'), ALLOW_NOTHING, vs), 'CIS5010').map((f) => f.resource?.name)).toEqual(['orders']);
  });
});

describe('the shop of issue 13, built from the constructs at synth', () => {
  test('CIS5011 on the orders policies and CIS5010 on ingress → frontend, with construct paths', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new StrictMtlsNamespace(chart, 'ns', { name: 'shop' });
    new IngressRoute(chart, 'ingress', {
      name: 'shop',
      hosts: ['shop.example.com'],
      tls: { credentialName: 'shop-cert' },
      routes: [{ route: [{ destination: Destination.host('frontend', { port: 8080 }) }] }],
    });
    const issuer = 'https://auth.shop.example';
    new JwtProtectedApp(chart, 'orders', {
      namespace: 'shop',
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [{ issuer, jwks: JwksSource.fromUri(`${issuer}/jwks.json`) }],
    });
    new AuthorizationPolicy(chart, 'orders-frontend-only', { selector: WorkloadSelector.labels({ app: 'orders' }) }).addRule({
      from: [{ principals: ['cluster.local/ns/shop/sa/frontend'] }], to: [{ methods: ['GET', 'POST'] }],
    });
    const findings = IstioChecks.findings(app);
    if (process.env.SHOW) for (const f of findings) console.log(formatFinding(f));
    const widened = codes(findings, 'CIS5011');
    expect(widened.length).toBeGreaterThan(0);
    for (const f of widened) {
      expect(f.constructPath).toMatch(/^shop\/orders/);
      expect(f.related?.[0].constructPath).toMatch(/^shop\/orders/);
      expect(f.example).toMatch(/ is allowed by shop\//);
    }
    const denied = codes(findings, 'CIS5010');
    expect(denied.map((f) => [f.resource?.kind, f.constructPath?.startsWith('shop/ingress')])).toEqual([['VirtualService', true]]);
    expect(denied[0].example).toMatch(/^GET \/ from istio-system\/istio-ingressgateway-service-account to shop\/frontend:8080 is answered 403$/);
  });
});

describe('token variants the behaviour checks ask with', () => {
  const ra = (ns: string, issuer: string, audience?: string) => `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: ${ns} }
spec: { jwtRules: [{ issuer: "${issuer}", jwksUri: "https://idp.example.com/jwks"${audience ? `, audiences: [${audience}]` : ''} }] }
`;

  test('one per issuer and audience, however many RequestAuthentications repeat them', () => {
    const namespaces = Array.from({ length: 40 }, (_, i) => `team-${i}`);
    const ctx = new AnalysisContext(objects([...namespaces.map((ns) => ra(ns, 'https://idp.example.com')), ra('shop', 'https://idp.example.com', 'shop'), ra('ops', 'https://ops.example.com')].join('---')));
    expect(acceptedTokens(ctx).map((t) => t && [t.iss, t.aud])).toEqual([
      undefined, ['https://idp.example.com', undefined], ['https://idp.example.com', 'shop'], ['https://ops.example.com', undefined],
    ]);
  });
});
