import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { expectValid, find, ids, synth } from './util';
import { AuthorizationPolicy, JwksSource, JwtRequirement, WorkloadSelector } from '../../lib';
import { AuthorizationRequest, evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { JwtProtectedApp, JwtProtectedAppProps } from '../../lib/patterns/jwt-protected-app';

const ISSUER = 'https://idp.example.com';
const issuers = [{ issuer: ISSUER, jwks: JwksSource.fromUri(`${ISSUER}/jwks.json`), audiences: ['orders'] }];
const workload = { namespace: 'shop', labels: { app: 'orders', version: 'v1' } };
const user = { iss: ISSUER, sub: 'alice' };
const machine = { iss: ISSUER, azp: 'batch-job' }; // client-credentials token without `sub`

function build(props: Partial<JwtProtectedAppProps> = {}, denyByDefault = false) {
  const chart = Testing.chart();
  new JwtProtectedApp(chart, 'orders', { namespace: 'shop', selector: WorkloadSelector.labels({ app: 'orders' }), issuers, publicPaths: ['/healthz', '/public/*'], ...props });
  if (denyByDefault) AuthorizationPolicy.allowNothing(chart, 'deny', { metadata: { name: 'deny-by-default', namespace: 'shop' } });
  const objects = synth(chart);
  return { objects, allowed: (r: AuthorizationRequest) => evaluateAuthorization(objects, workload, r).allowed };
}

describe('JwtProtectedApp', () => {
  test('denying plain TCP is the documented default: the DENY policy suppresses CIS2030 unless ports are given', () => {
    const suppression = (objects: ReturnType<typeof build>['objects']) =>
      find(objects, 'AuthorizationPolicy', 'orders-require-jwt').metadata?.annotations?.['galley.istio.io/analyze-suppress'];
    expect(suppression(build().objects)).toBe('CIS2030');
    expect(suppression(build({ ports: [8080] }).objects)).toBeUndefined();
  });

  test('writes a RequestAuthentication, a DENY for tokenless requests outside public paths, and an ALLOW', () => {
    const { objects } = build();
    expect(ids(objects)).toEqual(['RequestAuthentication/orders', 'AuthorizationPolicy/orders-require-jwt', 'AuthorizationPolicy/orders-allow']);
    expect(find(objects, 'RequestAuthentication', 'orders').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      jwtRules: [{ issuer: ISSUER, jwksUri: `${ISSUER}/jwks.json`, audiences: ['orders'] }],
    });
    expect(find(objects, 'AuthorizationPolicy', 'orders-require-jwt').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`] } }], to: [{ operation: { notPaths: ['/healthz', '/public/*'] } }] }],
    });
    expect(find(objects, 'AuthorizationPolicy', 'orders-allow').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } },
      rules: [{ from: [{ source: { requestPrincipals: [`${ISSUER}/*`] } }] }, { to: [{ operation: { paths: ['/healthz', '/public/*'] } }] }],
    });
    expectValid(objects);
  });

  test.each([false, true])('rejects requests without a principal except on public paths (deny-by-default namespace: %s)', (denyByDefault) => {
    const { allowed } = build({}, denyByDefault);
    expect(allowed({ path: '/orders' })).toBe(false);
    expect(allowed({ path: '/healthz' })).toBe(true);
    expect(allowed({ path: '/public/logo.png' })).toBe(true);
    expect(allowed({ path: '/orders', jwtClaims: user })).toBe(true);
    expect(allowed({ path: '/orders', jwtClaims: { iss: 'https://other', sub: 'x' } })).toBe(false);
  });

  test('property: without a token only public paths are reachable, with a valid token everything is', () => {
    const { allowed } = build({}, true);
    const segment = fc.stringMatching(/^[a-z0-9.]{1,8}$/);
    fc.assert(fc.property(fc.array(segment, { minLength: 0, maxLength: 4 }), fc.constantFrom('GET', 'POST', 'DELETE'), (segments, method) => {
      const path = `/${segments.join('/')}`;
      const isPublic = path === '/healthz' || path.startsWith('/public/');
      return allowed({ path, method }) === isPublic && allowed({ path, method, jwtClaims: user });
    }));
  });

  test('the sub trap: REQUEST_PRINCIPAL denies machine tokens without sub, ISSUER_CLAIM accepts them', () => {
    expect(build().allowed({ path: '/orders', jwtClaims: machine })).toBe(false);
    const byIssuer = build({ requirement: JwtRequirement.ISSUER_CLAIM }, true);
    expect(byIssuer.allowed({ path: '/orders', jwtClaims: machine })).toBe(true);
    expect(byIssuer.allowed({ path: '/orders' })).toBe(false);
    expect(byIssuer.allowed({ path: '/healthz' })).toBe(true);
    expectValid(byIssuer.objects);
    expect(find(byIssuer.objects, 'RequestAuthentication', 'orders').metadata.annotations).toEqual({ 'galley.istio.io/analyze-suppress': 'CIS5001' });
    expect(find(build().objects, 'RequestAuthentication', 'orders').metadata.annotations).toBeUndefined();
    expect(find(byIssuer.objects, 'AuthorizationPolicy', 'orders-require-jwt').spec.rules).toEqual([{
      to: [{ operation: { notPaths: ['/healthz', '/public/*'] } }],
      when: [{ key: 'request.auth.claims[iss]', notValues: [ISSUER] }],
    }]);
  });

  test('several issuers are all accepted', () => {
    const second = { issuer: 'https://login.partner.com', jwks: JwksSource.fromUri('https://login.partner.com/keys') };
    const { objects, allowed } = build({ issuers: [...issuers, second] });
    expect(find(objects, 'RequestAuthentication', 'orders').spec.jwtRules).toHaveLength(2);
    expect(allowed({ path: '/orders', jwtClaims: { iss: 'https://login.partner.com', sub: 'bob' } })).toBe(true);
  });

  test('claim rules grant access per role, path and method', () => {
    const { objects, allowed } = build({
      claimRules: [
        { claim: 'roles', values: ['viewer', 'admin'], methods: ['GET'] },
        { claim: ['realm', 'roles'], values: ['admin'], paths: ['/orders/*'], methods: ['DELETE'] },
      ],
    }, true);
    const viewer = { ...user, roles: ['viewer'] };
    const admin = { ...user, roles: ['admin'], realm: { roles: ['admin'] } };
    expect(allowed({ path: '/orders/1', method: 'GET', jwtClaims: viewer })).toBe(true);
    expect(allowed({ path: '/orders/1', method: 'DELETE', jwtClaims: viewer })).toBe(false);
    expect(allowed({ path: '/orders/1', method: 'DELETE', jwtClaims: admin })).toBe(true);
    expect(allowed({ path: '/orders/1', method: 'GET', jwtClaims: user })).toBe(false);
    expect(allowed({ path: '/healthz' })).toBe(true);
    expectValid(objects);
  });

  test('ports limit both policies to the HTTP ports, leaving the others to other policies', () => {
    const chart = Testing.chart();
    new JwtProtectedApp(chart, 'orders', { namespace: 'shop', selector: WorkloadSelector.labels({ app: 'orders' }), issuers, ports: [8080] });
    AuthorizationPolicy.allowAll(chart, 'metrics', {
      metadata: { name: 'metrics', namespace: 'shop' }, selector: WorkloadSelector.labels({ app: 'orders' }),
    });
    const objects = synth(chart);
    expect(find(objects, 'AuthorizationPolicy', 'orders-require-jwt').spec.rules[0].to).toEqual([{ operation: { ports: ['8080'] } }]);
    expect(find(objects, 'AuthorizationPolicy', 'orders-allow').spec.rules[0].to).toEqual([{ operation: { ports: ['8080'] } }]);
    const allowed = (r: AuthorizationRequest) => evaluateAuthorization(objects, workload, r).allowed;
    expect(allowed({ port: 8080, path: '/orders' })).toBe(false);
    expect(allowed({ port: 8080, path: '/orders', jwtClaims: user })).toBe(true);
    expect(allowed({ port: 15020, path: '/stats' })).toBe(true);
  });

  test('invalid input fails with a clear error', () => {
    expect(() => build({ issuers: [] })).toThrow('test/orders: issuers is empty: a JwtProtectedApp needs at least one issuer');
    expect(() => build({ issuers: [{ jwks: JwksSource.fromUri('https://x/jwks') }] })).toThrow(/issuers\[0\] has no issuer/);
    expect(() => build({ publicPaths: ['healthz'] })).toThrow("publicPaths[0] 'healthz' is not an absolute path");
    expect(() => build({ publicPaths: ['*.css'] })).toThrow(/not an absolute path/);
    expect(() => build({ claimRules: [{ claim: 'roles', values: [] }] })).toThrow(/claimRules\[0\].values is empty/);
  });
});
