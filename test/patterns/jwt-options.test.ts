import { Chart, Testing } from 'cdk8s';
import { find, synth } from './util';
import { JwksSource, JwtCallers, JwtProtectedApp, JwtProtectedAppProps, WorkloadSelector } from '../../lib';
import { Decision, MeshModel } from '../../lib/model';

// Issue 15, missing options 4: public access by method and path, several issuers, claim rules, named callers.
const ISSUER = 'https://idp.example.com';
const issuers = [{ issuer: ISSUER, jwks: JwksSource.fromUri(`${ISSUER}/jwks.json`) }];
const NS = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } } };
const svc = (name: string) => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] },
});
const sa = (name: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'shop' } });

function build(props: Partial<JwtProtectedAppProps>) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const app = new JwtProtectedApp(chart, 'orders', { selector: WorkloadSelector.labels({ app: 'orders' }), issuers, ...props });
  const objects = synth(chart);
  const model = MeshModel.fromObjects([NS, svc('orders'), sa('frontend'), sa('reviews'), ...objects]);
  const ask = (from: string, method: string, path: string, token = false) =>
    model.access({ from, to: 'shop/orders:8080', method, path, ...(token ? { jwt: { iss: ISSUER, sub: 'u' } } : {}) }).decision;
  return { app, objects, ask };
}

describe('JwtProtectedApp options', () => {
  test('publicAccess by method and path: the DENY exempts exactly them (one operation per way of being outside all of them)', () => {
    const { objects, ask } = build({ publicPaths: ['/healthz'], publicAccess: [{ methods: ['OPTIONS'] }, { methods: ['GET'], paths: ['/docs', '/docs/*'] }] });
    expect(find(objects, 'AuthorizationPolicy', 'orders-require-jwt').spec.rules[0].to).toEqual([
      { operation: { notMethods: ['OPTIONS', 'GET'], notPaths: ['/healthz'] } },
      { operation: { notMethods: ['OPTIONS'], notPaths: ['/healthz', '/docs', '/docs/*'] } },
    ]);
    expect(find(objects, 'AuthorizationPolicy', 'orders-allow').spec.rules[1].to).toEqual([
      { operation: { paths: ['/healthz'] } }, { operation: { methods: ['OPTIONS'] } }, { operation: { methods: ['GET'], paths: ['/docs', '/docs/*'] } },
    ]);
    expect([ask('shop/reviews', 'OPTIONS', '/api'), ask('shop/reviews', 'GET', '/docs/a'), ask('shop/reviews', 'POST', '/healthz')])
      .toEqual([Decision.ALLOW, Decision.ALLOW, Decision.ALLOW]);
    expect([ask('shop/reviews', 'POST', '/docs'), ask('shop/reviews', 'GET', '/api'), ask('shop/reviews', 'GET', '/api', true)])
      .toEqual([Decision.DENY, Decision.DENY, Decision.ALLOW]);
  });

  test('JwtCallers.only: a valid token admits only the named callers (and stays one rule per token kind)', () => {
    const { objects, ask } = build({ callers: JwtCallers.only({ serviceAccounts: [{ name: 'frontend', metadata: {} }], namespaces: ['ops'] }) });
    expect(find(objects, 'AuthorizationPolicy', 'orders-allow').spec.rules).toEqual([{
      from: [
        { source: { principals: ['cluster.local/ns/shop/sa/frontend'], requestPrincipals: [`${ISSUER}/*`] } },
        { source: { namespaces: ['ops'], requestPrincipals: [`${ISSUER}/*`] } },
      ],
    }]);
    expect([ask('shop/frontend', 'DELETE', '/a', true), ask('shop/reviews', 'GET', '/a', true), ask('shop/frontend', 'GET', '/a')])
      .toEqual([Decision.ALLOW, Decision.DENY, Decision.DENY]);
  });

  test('JwtCallers.fromAllowPolicies: no ALLOW policy of its own; the token is still required', () => {
    const { app, objects, ask } = build({ callers: JwtCallers.fromAllowPolicies(), publicPaths: ['/healthz'] });
    expect(app.allowPolicy).toBeUndefined();
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['RequestAuthentication/orders', 'AuthorizationPolicy/orders-require-jwt']);
    expect([ask('shop/reviews', 'GET', '/a'), ask('shop/reviews', 'GET', '/a', true), ask('shop/reviews', 'GET', '/healthz')])
      .toEqual([Decision.DENY, Decision.ALLOW, Decision.ALLOW]);
  });

  test('bad options fail with the construct path', () => {
    expect(() => build({ publicAccess: [{}] })).toThrow(/^shop\/orders: publicAccess\[0\] names no method and no path/);
    expect(() => build({ publicAccess: [{ paths: ['docs'] }] })).toThrow(/publicAccess\[0\]\.paths\[0\] 'docs' is not an absolute path/);
    expect(() => build({ callers: JwtCallers.only({}) })).toThrow(/JwtCallers.only\(\) names no service account or namespace/);
    expect(() => build({ callers: JwtCallers.fromAllowPolicies(), claimRules: [{ claim: 'roles', values: ['admin'] }] })).toThrow(/claimRules need the pattern's ALLOW policy/);
    const many = Array.from({ length: 7 }, (_, i) => ({ methods: ['GET'], paths: [`/p${i}`] }));
    expect(() => build({ publicAccess: many })).toThrow(/need more than 64 operations/);
  });
});
