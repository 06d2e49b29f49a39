import * as fc from 'fast-check';
import { AuthorizationRequest, evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { KubeObject } from '../../lib/vocab/object';

const policy = (name: string, spec: Record<string, unknown>, namespace = 'shop'): KubeObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec,
});
const workload = { namespace: 'shop', labels: { app: 'api' } };
const allowed = (policies: KubeObject[], request: AuthorizationRequest) => evaluateAuthorization(policies, workload, request).allowed;

describe('evaluateAuthorization', () => {
  test('without policies everything is allowed; an empty ALLOW policy allows nothing', () => {
    expect(allowed([], {})).toBe(true);
    const denyAll = policy('deny-all', {});
    expect(evaluateAuthorization([denyAll], workload, {})).toEqual({
      allowed: false, reason: 'no ALLOW policy matches (applicable: shop/deny-all)',
    });
  });

  test('an empty rule matches every request', () => {
    expect(allowed([policy('all', { rules: [{}] })], { path: '/x' })).toBe(true);
  });

  test('DENY wins over ALLOW', () => {
    const decision = evaluateAuthorization(
      [policy('all', { rules: [{}] }), policy('no-admin', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin*'] } }] }] })],
      workload, { path: '/admin/users?x=1' },
    );
    expect(decision).toEqual({ allowed: false, reason: 'denied by DENY policy shop/no-admin', policy: 'shop/no-admin' });
  });

  test('policies apply by namespace, selector and the root namespace; targetRef policies are ignored', () => {
    const otherNs = policy('x', {}, 'other');
    const otherApp = policy('x', { selector: { matchLabels: { app: 'web' } } });
    const meshWide = policy('mesh', {}, 'istio-system');
    const waypoint = policy('wp', { targetRefs: [{ kind: 'Gateway', name: 'waypoint' }] });
    expect(allowed([otherNs, otherApp, waypoint], {})).toBe(true);
    expect(allowed([meshWide], {})).toBe(false);
  });

  test('requestPrincipals "*" needs both iss and sub: a machine token without sub does not match', () => {
    const p = [policy('jwt', { rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] })];
    expect(allowed(p, { jwtClaims: { iss: 'https://idp', sub: 'alice' } })).toBe(true);
    expect(allowed(p, { jwtClaims: { iss: 'https://idp' } })).toBe(false);
    expect(allowed(p, {})).toBe(false);
    const byIssuer = [policy('jwt', { rules: [{ when: [{ key: 'request.auth.claims[iss]', values: ['https://idp'] }] }] })];
    expect(allowed(byIssuer, { jwtClaims: { iss: 'https://idp' } })).toBe(true);
  });

  test('requestPrincipals split at the last slash into issuer and subject', () => {
    const p = (v: string) => [policy('jwt', { rules: [{ from: [{ source: { requestPrincipals: [v] } }] }] })];
    const claims = { iss: 'https://idp.example.com', sub: 'svc-1' };
    expect(allowed(p('https://idp.example.com/svc-1'), { jwtClaims: claims })).toBe(true);
    expect(allowed(p('https://idp.example.com/*'), { jwtClaims: claims })).toBe(true);
    expect(allowed(p('*/svc-1'), { jwtClaims: claims })).toBe(true);
    expect(allowed(p('https://other/*'), { jwtClaims: claims })).toBe(false);
  });

  test('not-forms match when the attribute is absent', () => {
    const p = [policy('require-jwt', {
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: [{ operation: { notPaths: ['/healthz'] } }] }],
    })];
    expect(allowed(p, { path: '/orders' })).toBe(false);
    expect(allowed(p, { path: '/healthz' })).toBe(true);
    expect(allowed(p, { path: '/orders', jwtClaims: { iss: 'i', sub: 's' } })).toBe(true);
  });

  test('sources: principals, namespaces from the principal, IP blocks', () => {
    const p = [policy('src', {
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/web/sa/frontend'] } }] },
        { from: [{ source: { namespaces: ['batch'] } }] },
        { from: [{ source: { ipBlocks: ['10.0.0.0/8', '2001:db8::/32'] } }] },
      ],
    })];
    expect(allowed(p, { sourcePrincipal: 'cluster.local/ns/web/sa/frontend' })).toBe(true);
    expect(allowed(p, { sourcePrincipal: 'cluster.local/ns/web/sa/other' })).toBe(false);
    expect(allowed(p, { sourcePrincipal: 'cluster.local/ns/batch/sa/any' })).toBe(true);
    expect(allowed(p, { sourceIp: '10.1.2.3' })).toBe(true);
    expect(allowed(p, { sourceIp: '2001:db8::1' })).toBe(true);
    expect(allowed(p, { sourceIp: '192.168.0.1' })).toBe(false);
  });

  test('operations and conditions: methods, ports, hosts, list claims, headers', () => {
    const p = [policy('ops', {
      rules: [{
        to: [{ operation: { methods: ['GET'], ports: ['8080'], hosts: ['API.example.com'] } }],
        when: [{ key: 'request.auth.claims[realm][roles]', values: ['reader'] }, { key: 'request.headers[x-env]', notValues: ['prod'] }],
      }],
    })];
    const ok: AuthorizationRequest = {
      method: 'GET', port: 8080, host: 'api.example.com', jwtClaims: { realm: { roles: ['writer', 'reader'] } }, headers: { 'X-Env': 'dev' },
    };
    expect(allowed(p, ok)).toBe(true);
    expect(allowed(p, { ...ok, method: 'POST' })).toBe(false);
    expect(allowed(p, { ...ok, headers: { 'x-env': 'prod' } })).toBe(false);
    expect(allowed(p, { ...ok, jwtClaims: { realm: { roles: ['writer'] } } })).toBe(false);
  });

  test('what is not modelled fails loudly', () => {
    expect(() => allowed([policy('c', { action: 'CUSTOM', provider: { name: 'x' }, rules: [{}] })], {})).toThrow(/CUSTOM policy shop\/c is not modelled/);
    expect(() => allowed([policy('k', { rules: [{ when: [{ key: 'request.regex', values: ['x'] }] }] })], {}))
      .toThrow(/condition key "request.regex" is not modelled/);
    expect(() => allowed([policy('s', { rules: [{ from: [{ source: { serviceAccounts: ['web/frontend'] } }] }] })], {}))
      .toThrow(/source field "serviceAccounts" is not modelled/);
  });

  test('property: a DENY policy with an empty rule denies every request, whatever ALLOW policies say', () => {
    const request = fc.record({
      path: fc.constantFrom('/', '/healthz', '/a/b'),
      method: fc.constantFrom('GET', 'POST'),
      sourcePrincipal: fc.option(fc.constant('cluster.local/ns/web/sa/x'), { nil: undefined }),
    });
    fc.assert(fc.property(request, fc.boolean(), (req, withAllow) => {
      const policies = [policy('deny', { action: 'DENY', rules: [{}] }), ...(withAllow ? [policy('allow', { rules: [{}] })] : [])];
      return !allowed(policies, req);
    }));
  });
});
