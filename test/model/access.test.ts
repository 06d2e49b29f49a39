import { app, model, ns, policy } from './helpers';
import { Decision, ReferenceKind, UnknownReferenceError } from '../../lib/model';

const BASE = [ns('shop'), app('shop', 'orders'), app('shop', 'frontend'), app('shop', 'reviews')];
const FRONTEND = 'cluster.local/ns/shop/sa/frontend';

function decide(docs: string[], request: Partial<Parameters<ReturnType<typeof model>['access']>[0]> = {}) {
  return model([...BASE, ...docs]).access({ from: 'shop/frontend', to: 'shop/orders:80', ...request });
}

describe('AuthorizationPolicy at a sidecar', () => {
  // pilot/pkg/security/authz/builder/builder.go `build`: DENY filters before ALLOW filters; no ALLOW policy, no ALLOW filter.
  test('no policy allows; a matching DENY wins over a matching ALLOW', () => {
    expect(decide([]).decision).toBe(Decision.ALLOW);
    const r = decide([
      policy('shop', 'allow-all', { rules: [{}] }),
      policy('shop', 'deny-delete', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['DELETE'] } }] }] }),
    ], { method: 'DELETE' });
    expect(r).toMatchObject({ decision: Decision.DENY, status: 403, policy: 'shop/deny-delete', rule: 0 });
  });

  // builder.go: a policy without rules becomes `rbacPolicyMatchNever`: as ALLOW it allows nothing, as DENY it denies nothing.
  test('allow-nothing `spec: {}` denies; a DENY policy without rules denies nothing', () => {
    expect(decide([policy('shop', 'allow-nothing', {})])).toMatchObject({ decision: Decision.DENY, policy: 'shop/allow-nothing' });
    expect(decide([policy('shop', 'deny-nothing', { action: 'DENY' })]).decision).toBe(Decision.ALLOW);
  });

  // model.go `generatePermission`/`generatePrincipal`: an empty rule is permission any AND principal any.
  test('an empty rule allows everything, even plaintext', () => {
    expect(model([...BASE, policy('shop', 'all', { rules: [{}] })]).access({ from: 'anonymous', to: 'shop/orders:80' }).decision).toBe(Decision.ALLOW);
  });

  // tests/integration/security/authz_test.go (allow ORed): ALLOW policies on one workload are ORed.
  test('ALLOW policies are ORed: the shop of issue 13', () => {
    const docs = [
      policy('shop', 'any-token', { selector: { matchLabels: { app: 'orders' } }, rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] }),
      policy('shop', 'frontend-only', { selector: { matchLabels: { app: 'orders' } }, rules: [{ from: [{ source: { principals: [FRONTEND] } }], to: [{ operation: { methods: ['GET', 'POST'] } }] }] }),
      policy('shop', 'jwt', { selector: { matchLabels: { app: 'orders' } }, jwtRules: [{ issuer: 'https://id' }] }, 'RequestAuthentication'),
    ];
    expect(decide(docs, { from: 'shop/reviews', method: 'DELETE', jwt: { iss: 'https://id', sub: 'u' } })).toMatchObject({ decision: Decision.ALLOW, policy: 'shop/any-token' });
    expect(decide(docs, { from: 'shop/reviews', method: 'DELETE' }).decision).toBe(Decision.DENY);
  });

  // pilot/pkg/model/authorization.go `ListAuthorizationPolicies`: root namespace and workload namespace; selector a subset of labels.
  test('root-namespace policies apply everywhere; a selector must match the pod labels', () => {
    const root = policy('istio-system', 'deny-debug', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/debug*'] } }] }] });
    expect(decide([root], { path: '/debug/vars' })).toMatchObject({ decision: Decision.DENY, policy: 'istio-system/deny-debug' });
    expect(decide([root], { path: '/debug/vars' } ).decision).toBe(Decision.DENY);
    const other = policy('shop', 'reviews-only', { selector: { matchLabels: { app: 'reviews' } } });
    expect(decide([other]).decision).toBe(Decision.ALLOW);
    const custom = model([...BASE, root], { rootNamespace: 'mesh-root' }).access({ from: 'shop/frontend', to: 'shop/orders:80', path: '/debug' });
    expect(custom.decision).toBe(Decision.ALLOW);
  });

  // pilot/pkg/model/policyattachment.go `ShouldAttachPolicy`: a policy with targetRefs never attaches to a sidecar.
  test('policies with targetRefs do not apply to sidecars', () => {
    const p = policy('shop', 'gw', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }] });
    expect(decide([p]).decision).toBe(Decision.ALLOW);
  });

  // builder.go: AUDIT policies build a RBAC_LOG filter; the `istio.io/dry-run` annotation builds shadow rules only.
  test('AUDIT and dry-run policies do not decide', () => {
    expect(decide([policy('shop', 'audit', { action: 'AUDIT', rules: [{}] })]).decision).toBe(Decision.ALLOW);
    expect(decide([policy('shop', 'trial', { action: 'DENY', rules: [{}] }, 'AuthorizationPolicy', { 'istio.io/dry-run': 'true' })]).decision).toBe(Decision.ALLOW);
  });

  // pilot/pkg/security/authz/matcher/string.go, header.go: `*` presence (.+), `*x` suffix, `x*` prefix; model.go `not` forms.
  test.each([
    [{ paths: ['/api/*'] }, '/api/orders', true],
    [{ paths: ['/api/*'] }, '/api', false],
    [{ paths: ['*/status'] }, '/v1/status', true],
    [{ paths: ['*'] }, '/', true],
    [{ paths: ['/orders'] }, '/orders?id=1', true],
    [{ notPaths: ['/admin*'] }, '/admin/x', false],
    [{ methods: ['GET'], notPaths: ['/admin*'] }, '/x', true],
    [{ paths: ['/items/{*}/price'] }, '/items/42/price', true],
    [{ paths: ['/items/{*}/price'] }, '/items/4/2/price', false],
    [{ paths: ['/files/{**}'] }, '/files/a/b/c', true],
  ])('operation %j on path %s: %s', (operation, path, allowed) => {
    const r = decide([policy('shop', 'p', { rules: [{ to: [{ operation }] }] })], { path });
    expect(r.decision).toBe(allowed ? Decision.ALLOW : Decision.DENY);
  });

  // generator.go: principals, namespaces (regex `.*/ns/NS/.*`), serviceAccounts, trustDomains need an mTLS peer.
  test.each([
    [{ principals: [FRONTEND] }, 'shop/frontend', true],
    [{ principals: ['*/sa/frontend'] }, 'shop/frontend', true],
    [{ principals: ['cluster.local/ns/shop/*'] }, 'shop/reviews', true],
    [{ namespaces: ['sh*'] }, 'shop/frontend', true],
    [{ notNamespaces: ['shop'] }, 'shop/frontend', false],
    [{ serviceAccounts: ['frontend'] }, 'shop/frontend', true],
    [{ serviceAccounts: ['shop/reviews'] }, 'shop/frontend', false],
    [{ trustDomains: ['cluster.local'] }, 'shop/frontend', true],
    [{ principals: ['*'] }, 'anonymous', false],
    [{ notPrincipals: [FRONTEND] }, 'anonymous', true],
    [{ notNamespaces: ['shop'] }, 'anonymous', true],
  ])('source %j from %s: %s', (source, from, allowed) => {
    const r = decide([policy('shop', 'p', { rules: [{ from: [{ source }] }] })], { from });
    expect(r.decision).toBe(allowed ? Decision.ALLOW : Decision.DENY);
  });

  // model.go `New`: when keys; destination.port is the workload's port (the Service's targetPort).
  test.each([
    [{ key: 'destination.port', values: ['8080'] }, {}, true],
    [{ key: 'destination.port', values: ['80'] }, {}, false],
    [{ key: 'source.namespace', values: ['shop'] }, {}, true],
    [{ key: 'source.principal', notValues: [FRONTEND] }, {}, false],
    [{ key: 'request.headers[X-Version]', values: ['*'] }, { headers: { 'x-version': '' } }, true],
    [{ key: 'request.headers[x-version]', values: ['v1*'] }, { headers: { 'X-Version': 'v12' } }, true],
    [{ key: 'request.headers[x-version]', notValues: ['v1'] }, {}, true],
    [{ key: 'source.ip', values: ['10.0.0.0/8'] }, { sourceIp: '10.1.2.3' }, true],
    [{ key: 'source.ip', values: ['10.0.0.0/8'] }, {}, false],
    [{ key: 'connection.sni', values: ['outbound_.80_._.orders.shop.svc.cluster.local'] }, {}, true],
    [{ key: 'experimental.envoy.filters.network.mysql_proxy[db.table]', values: ['[update]'] }, {}, false],
  ])('when %j with %j: %s', (condition, extra, allowed) => {
    const r = decide([policy('shop', 'p', { rules: [{ when: [condition] }] })], extra);
    expect(r.decision).toBe(allowed ? Decision.ALLOW : Decision.DENY);
  });

  // model.go `New`: an unknown when key makes the rule invalid, and builder.go skips it (for every action).
  test('a rule with an unknown condition key is skipped', () => {
    const m = model([...BASE, policy('shop', 'p', { rules: [{ when: [{ key: 'request.bogus', values: ['x'] }] }, { to: [{ operation: { methods: ['GET'] } }] }] })], { skipInvalid: false });
    expect(m.access({ from: 'shop/frontend', to: 'shop/orders:80', method: 'GET' })).toMatchObject({ decision: Decision.ALLOW, rule: 1 });
  });

  // model.go `rule.checkError`: HTTP-only fields on a TCP port drop an ALLOW rule but only the field of a DENY rule.
  test('on a TCP port an ALLOW rule with methods allows nothing, a DENY rule with methods denies everything', () => {
    const tcp = [ns('db'), app('db', 'mongo', { port: 'tcp-mongo' }), app('db', 'client')];
    const allowGet = policy('db', 'allow-get', { selector: { matchLabels: { app: 'mongo' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] });
    expect(model([...tcp, allowGet]).access({ from: 'db/client', to: 'db/mongo:80', method: 'GET' }).decision).toBe(Decision.DENY);
    const denyPost = policy('db', 'deny-post', { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] });
    expect(model([...tcp, denyPost]).access({ from: 'db/client', to: 'db/mongo:80', method: 'GET' })).toMatchObject({ decision: Decision.DENY, status: 503 });
  });

  // pkg/config/kube/conversion.go `ConvertProtocol`: a Service port is TCP by its Kubernetes protocol (UDP), its appProtocol
  // (kubernetes.io/wss is HTTPS) or its number (3306 unnamed), and HTTP by appProtocol kubernetes.io/ws whatever its name.
  test('a port Istio reads as not HTTP though its name says nothing drops an ALLOW rule with methods; kubernetes.io/ws is HTTP', () => {
    const service = (name: string, port: object) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: db}\n`
      + `spec: {selector: {app: mongo}, ports: [${JSON.stringify(port)}]}\n`;
    const docs = [ns('db'), app('db', 'mongo', { port: 'tcp-mongo' }), app('db', 'client'),
      service('mysql', { port: 3306, targetPort: 8080 }),
      service('wss', { name: 'web', port: 8443, targetPort: 8080, appProtocol: 'kubernetes.io/wss' }),
      service('ws', { name: 'tcp', port: 8081, targetPort: 8080, appProtocol: 'kubernetes.io/ws' }),
      policy('db', 'allow-get', { selector: { matchLabels: { app: 'mongo' } }, rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })];
    const m = model(docs);
    const ask = (to: string) => m.access({ from: 'db/client', to, method: 'GET' }).decision;
    expect(ask('db/mysql:3306')).toBe(Decision.DENY);
    expect(ask('db/wss:8443')).toBe(Decision.DENY);
    expect(ask('db/ws:8081')).toBe(Decision.ALLOW);
  });

  // Istio's sample ext-authz server allows `x-ext-authz: allow`; builder.go denies what a CUSTOM policy with an unknown provider matches.
  test('CUSTOM runs first and its provider decides', () => {
    const custom = policy('shop', 'ext', { action: 'CUSTOM', provider: { name: 'authz' }, rules: [{ to: [{ operation: { paths: ['/api/*'] } }] }] });
    expect(decide([custom], { path: '/api/x' })).toMatchObject({ decision: Decision.DENY, policy: 'shop/ext' });
    expect(decide([custom], { path: '/api/x', headers: { 'x-ext-authz': 'allow' } }).decision).toBe(Decision.ALLOW);
    const meshConfig = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "extensionProviders: [{name: other}]"\n';
    expect(decide([custom, meshConfig], { path: '/api/x', headers: { 'x-ext-authz': 'allow' } }).decision).toBe(Decision.DENY);
  });

  test('pods of one Service that disagree: the denial is reported', () => {
    const v2 = app('shop', 'orders-v2', { labels: { app: 'orders', version: 'v2' } }).split('---')[0];
    const p = policy('shop', 'v2-locked', { selector: { matchLabels: { version: 'v2' } } });
    expect(model([...BASE, v2, p]).access({ from: 'shop/frontend', to: 'shop/orders:80' })).toMatchObject({ decision: Decision.DENY, policy: 'shop/v2-locked' });
  });
});

describe('PeerAuthentication and the connection', () => {
  // pilot/pkg/security/authn/policy_applier.go `ComposePeerAuthentication`: mesh, namespace, workload, port; UNSET inherits.
  test('the most specific policy with a mode decides, port-level last', () => {
    const legacy = [ns('legacy', {}), app('legacy', 'curl')];
    const m = (docs: string[]) => model([...BASE, ...legacy, ...docs]).access({ from: 'legacy/curl', to: 'shop/orders:80' });
    expect(m([]).decision).toBe(Decision.ALLOW);
    const mesh = policy('istio-system', 'default', { mtls: { mode: 'STRICT' } }, 'PeerAuthentication');
    expect(m([mesh])).toMatchObject({ decision: Decision.DENY, status: 0, policy: 'istio-system/default' });
    const nsPermissive = policy('shop', 'default', { mtls: { mode: 'PERMISSIVE' } }, 'PeerAuthentication');
    expect(m([mesh, nsPermissive]).decision).toBe(Decision.ALLOW);
    const workloadUnset = policy('shop', 'orders', { selector: { matchLabels: { app: 'orders' } }, portLevelMtls: { 9999: { mode: 'PERMISSIVE' } } }, 'PeerAuthentication');
    expect(m([mesh, workloadUnset]).decision).toBe(Decision.DENY);
    const port = policy('shop', 'orders', { selector: { matchLabels: { app: 'orders' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }, 'PeerAuthentication');
    expect(m([port]).decision).toBe(Decision.ALLOW);
  });

  // tests/integration/security/reachability_test.go: PERMISSIVE accepts plaintext, which then has no identity.
  test('under PERMISSIVE a plaintext caller has no principal or namespace', () => {
    const docs = [ns('legacy', {}), app('legacy', 'curl'), policy('shop', 'p', { rules: [{ from: [{ source: { namespaces: ['legacy'] } }] }] })];
    expect(decide(docs, { from: 'legacy/curl' }).decision).toBe(Decision.DENY);
  });

  // pilot/pkg/xds/endpoints/mtls_checker.go: a DestinationRule tls mode decides; otherwise auto mTLS unless the port is DISABLE.
  test('DestinationRule tls mode and auto mTLS', () => {
    const strict = policy('shop', 'default', { mtls: { mode: 'STRICT' } }, 'PeerAuthentication');
    const plaintext = policy('shop', 'orders', { host: 'orders', trafficPolicy: { tls: { mode: 'DISABLE' } } }, 'DestinationRule');
    expect(decide([strict, plaintext])).toMatchObject({ decision: Decision.DENY, status: 503, policy: 'shop/default' });
    const disable = policy('shop', 'default', { mtls: { mode: 'DISABLE' } }, 'PeerAuthentication');
    expect(decide([disable])).toMatchObject({ decision: Decision.ALLOW, mtls: false });
    const istioMutual = policy('shop', 'orders', { host: 'orders', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } }, 'DestinationRule');
    expect(decide([disable, istioMutual]).decision).toBe(Decision.DENY);
  });

  // pilot/pkg/networking/core/listener_inbound.go: only a sidecar's inbound listeners take PeerAuthentication
  // (`authnBuilder.ForPort`); a gateway's listeners come from its Gateway servers (gateway.go). Its
  // AuthorizationPolicies still apply (listener_builder.go builds the RBAC filters for gateways too).
  test('a STRICT mesh does not refuse plaintext at the ingress gateway; its policies still apply', () => {
    const strict = policy('istio-system', 'default', { mtls: { mode: 'STRICT' } }, 'PeerAuthentication');
    const gateway = app('istio-system', 'istio-ingressgateway', { labels: { istio: 'ingressgateway' } });
    const ask = (docs: string[], to: string) => model([...BASE, ns('istio-system', {}), gateway, strict, ...docs]).access({ from: 'anonymous', to });
    expect(ask([], 'istio-system/istio-ingressgateway:80')).toMatchObject({ decision: Decision.ALLOW, mtls: false });
    expect(ask([], 'shop/orders:80')).toMatchObject({ decision: Decision.DENY, policy: 'istio-system/default' });
    const nothing = policy('istio-system', 'gw-allow-nothing', { selector: { matchLabels: { istio: 'ingressgateway' } } });
    expect(ask([nothing], 'istio-system/istio-ingressgateway:80')).toMatchObject({ decision: Decision.DENY, policy: 'istio-system/gw-allow-nothing' });
  });

  test('a destination without a proxy enforces nothing', () => {
    const bare = [ns('bare', {}), app('bare', 'web'), policy('bare', 'deny-all', { action: 'DENY', rules: [{}] })];
    expect(model([...BASE, ...bare]).access({ from: 'shop/frontend', to: 'bare/web:80' })).toMatchObject({ decision: Decision.ALLOW, mtls: false });
  });
});

describe('RequestAuthentication', () => {
  const ra = policy('shop', 'jwt', { jwtRules: [{ issuer: 'https://id.example', audiences: ['orders'] }] }, 'RequestAuthentication');
  const needToken = policy('shop', 'need-token', { rules: [{ from: [{ source: { requestPrincipals: ['https://id.example/*'] } }] }] });

  // pilot/pkg/security/authn/policy_applier.go: providers OR allow_missing.
  test('no token passes authentication without a request principal', () => {
    expect(decide([ra]).decision).toBe(Decision.ALLOW);
    expect(decide([ra, needToken]).decision).toBe(Decision.DENY);
  });

  test('a token from an unknown issuer or for another audience is rejected with 401', () => {
    expect(decide([ra], { jwt: { iss: 'https://other', sub: 'u' } })).toMatchObject({ decision: Decision.DENY, status: 401, policy: 'shop/jwt' });
    expect(decide([ra], { jwt: { iss: 'https://id.example', sub: 'u', aud: 'billing' } })).toMatchObject({ decision: Decision.DENY, status: 401 });
    expect(decide([ra, needToken], { jwt: { iss: 'https://id.example', sub: 'u', aud: ['x', 'orders'] } }).decision).toBe(Decision.ALLOW);
  });

  test('without a RequestAuthentication a token is not validated and gives no request principal', () => {
    expect(decide([needToken], { jwt: { iss: 'https://id.example', sub: 'u' } }).decision).toBe(Decision.DENY);
  });

  // generator.go `requestPrincipalGenerator`, `requestClaimGenerator` (nested claims, lists).
  test.each([
    [{ requestPrincipals: ['https://id.example/alice'] }, {}, true],
    [{ requestPrincipals: ['*/alice'] }, {}, true],
    [{ requestPrincipals: ['https://id.example/b*'] }, {}, false],
    [{ notRequestPrincipals: ['*'] }, {}, false],
  ])('source %j: %s', (source, _extra, allowed) => {
    const r = decide([policy('shop', 'jwt', { jwtRules: [{ issuer: 'https://id.example' }] }, 'RequestAuthentication'), policy('shop', 'p', { rules: [{ from: [{ source }] }] })],
      { jwt: { iss: 'https://id.example', sub: 'alice' } });
    expect(r.decision).toBe(allowed ? Decision.ALLOW : Decision.DENY);
  });

  test('claims, nested and lists', () => {
    const jwt = policy('shop', 'jwt', { jwtRules: [{ issuer: 'i' }] }, 'RequestAuthentication');
    const when = (condition: object) => decide([jwt, policy('shop', 'p', { rules: [{ when: [condition] }] })],
      { jwt: { iss: 'i', sub: 's', claims: { groups: ['dev', 'ops'], org: { team: 'payments' }, level: 3 } } }).decision;
    expect(when({ key: 'request.auth.claims[groups]', values: ['ops'] })).toBe(Decision.ALLOW);
    expect(when({ key: 'request.auth.claims[org][team]', values: ['pay*'] })).toBe(Decision.ALLOW);
    expect(when({ key: 'request.auth.claims[level]', values: ['3'] })).toBe(Decision.DENY);
    expect(when({ key: 'request.auth.principal', values: ['i/s'] })).toBe(Decision.ALLOW);
  });
});

describe('ambient (ztunnel)', () => {
  const amb = [ns('amb', { 'istio.io/dataplane-mode': 'ambient' }), app('amb', 'db'), app('amb', 'client')];
  const ask = (docs: string[], request: object = {}) => model([...amb, ...docs]).access({ from: 'amb/client', to: 'amb/db:80', ...request });

  // pilot/pkg/serviceregistry/ambient/authorization.go `handleRule`: an ALLOW rule with L7 attributes is dropped.
  test('an ALLOW policy whose only rule uses HTTP attributes denies everything', () => {
    expect(ask([policy('amb', 'get', { rules: [{ to: [{ operation: { methods: ['GET'] } }] }] })])).toMatchObject({ decision: Decision.DENY, status: 503 });
    expect(ask([policy('amb', 'ns', { rules: [{ from: [{ source: { namespaces: ['amb'] } }] }] })]).decision).toBe(Decision.ALLOW);
  });

  // ztunnel src/rbac.rs `matches`: an empty match is skipped, so a clause of empty matches never matches.
  test('a DENY rule keeps its L4 parts; a part left empty matches nothing', () => {
    expect(ask([policy('amb', 'd', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] })], { path: '/admin' }).decision).toBe(Decision.ALLOW);
    expect(ask([policy('amb', 'd', { action: 'DENY', rules: [{ to: [{ operation: { ports: ['8080'], paths: ['/admin'] } }] }] })], { path: '/' }).decision).toBe(Decision.DENY);
    expect(ask([policy('amb', 'd', { action: 'DENY', rules: [{ when: [{ key: 'request.headers[x]', values: ['1'] }] }] })], { headers: { x: '1' } }).decision).toBe(Decision.ALLOW);
  });

  test('RequestAuthentication is not enforced by ztunnel; STRICT refuses plaintext', () => {
    const ra = policy('amb', 'jwt', { jwtRules: [{ issuer: 'i' }] }, 'RequestAuthentication');
    expect(ask([ra], { jwt: { iss: 'bogus' } }).decision).toBe(Decision.ALLOW);
    const strict = policy('amb', 'default', { mtls: { mode: 'STRICT' } }, 'PeerAuthentication');
    expect(model([...amb, strict]).access({ from: 'anonymous', to: 'amb/db:80' })).toMatchObject({ decision: Decision.DENY, status: 0 });
  });
});

describe('references', () => {
  test('an unknown service account or service names the known ones', () => {
    const m = model(BASE);
    expect(() => m.access({ from: 'shop/nobody', to: 'shop/orders:80' })).toThrow(/unknown service account "shop\/nobody"; known: shop\/frontend, shop\/orders, shop\/reviews/);
    try {
      m.access({ from: 'shop/frontend', to: 'shop/nothing:80' });
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownReferenceError);
      expect((e as UnknownReferenceError).kind).toBe(ReferenceKind.SERVICE);
      expect((e as UnknownReferenceError).known).toEqual(['shop/frontend', 'shop/orders', 'shop/reviews']);
    }
    expect(() => m.access({ from: 'shop/frontend', to: 'shop/orders' })).toThrow(/NAMESPACE\/SERVICE:PORT/);
  });

  test('objects Istio would reject are skipped with a note', () => {
    const m = model([...BASE, policy('shop', 'bad', { action: 'MAYBE', rules: [{}] }), 'just: text\n']);
    expect(m.notes.map((n) => n.object)).toEqual(['document 8', 'AuthorizationPolicy shop/bad']);
    expect(m.access({ from: 'shop/frontend', to: 'shop/orders:80' }).decision).toBe(Decision.ALLOW);
  });
});
