import { ap, canary, docs, dr, pa, ra, vs } from './fixtures';
import { diffObjects, hasChanges, resourceId } from '../../lib/gitops';

const messages = (report: ReturnType<typeof diffObjects>, i = 0) => report.changes[i].details.map((d) => d.message);
const warningCodes = (report: ReturnType<typeof diffObjects>) => report.changes.flatMap((c) => c.warnings.map((w) => w.code));

describe('diffObjects: identity and normalisation', () => {
  test('identical inputs give no change', () => {
    const objects = [canary(10), dr('reviews', 'bookinfo', ['v1', 'v2']), pa('default', 'payments', 'STRICT')];
    const report = diffObjects(docs(objects), docs(objects));
    expect(hasChanges(report)).toBe(false);
    expect(report.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 3, warnings: 0, skipped: 0 });
  });

  test('key order, document order, files, null fields and the default namespace are no change', () => {
    const before = [
      { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'reviews' }, spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }] } },
      canary(10, 'default'),
    ];
    const after = [
      canary(10, 'default'),
      { spec: { subsets: [{ labels: { version: 'v1' }, name: 'v1' }], trafficPolicy: null, host: 'reviews' }, metadata: { namespace: 'default', name: 'reviews' }, kind: 'DestinationRule', apiVersion: 'networking.istio.io/v1' },
    ];
    const report = diffObjects(docs(before, 'a.yaml'), [...docs([after[0]], 'x/one.yaml'), ...docs([after[1]], 'x/two.yaml')]);
    expect(report.changes).toEqual([]);
    expect(report.summary.unchanged).toBe(2);
  });

  test('status and server-set metadata of a cluster dump are no change', () => {
    const dumped = { ...canary(10), status: { observedGeneration: 3 }, metadata: { name: 'reviews', namespace: 'bookinfo', uid: 'x', resourceVersion: '42', creationTimestamp: '2024-01-01T00:00:00Z', generation: 3 } };
    expect(diffObjects(docs([canary(10)]), docs([dumped])).changes).toEqual([]);
  });

  test('the identity is group/kind/namespace/name: a move from v1beta1 to v1 is one changed resource', () => {
    const old = { ...canary(10), apiVersion: 'networking.istio.io/v1beta1' };
    expect(resourceId(canary(10) as any)).toBe('networking.istio.io/VirtualService/bookinfo/reviews');
    const report = diffObjects(docs([old]), docs([canary(10)]));
    expect(report.changes.map((c) => [c.change, c.apiVersion])).toEqual([['changed', 'networking.istio.io/v1']]);
    expect(messages(report)).toEqual(['apiVersion: networking.istio.io/v1beta1 → networking.istio.io/v1']);
  });

  test('added and removed resources, sorted by group, kind, namespace, name, with their sources', () => {
    const report = diffObjects(docs([canary(10)], 'old.yaml'), docs([dr('reviews', 'bookinfo', ['v1', 'v2'])], 'new.yaml'));
    expect(report.changes.map((c) => [c.change, c.kind, c.oldSource, c.newSource])).toEqual([
      ['added', 'DestinationRule', undefined, { file: 'new.yaml', line: 1 }],
      ['removed', 'VirtualService', { file: 'old.yaml', line: 1 }, undefined],
    ]);
    expect(report.summary).toMatchObject({ added: 1, removed: 1, changed: 0 });
  });

  test('non-Kubernetes documents and kustomization files are skipped and counted; List items are compared', () => {
    const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] };
    const list = { apiVersion: 'v1', kind: 'List', items: [canary(10)] };
    const report = diffObjects(docs([kustomization, 'just a string' as any, list]), docs([canary(25)]));
    expect(report.summary).toMatchObject({ changed: 1, skipped: 2 });
  });

  test('a resource defined twice is noted, and the last definition compared', () => {
    const report = diffObjects(docs([canary(10)]), [...docs([canary(20)], 'a.yaml'), ...docs([canary(25)], 'b.yaml')]);
    expect(report.notes).toEqual(['NEW defines VirtualService bookinfo/reviews twice (a.yaml:1, b.yaml:1): the last one is compared']);
    expect(messages(report)).toEqual(['http[0]: reviews v1 90% → 75%', 'http[0]: reviews v2 10% → 25%']);
  });

  test('kinds without an explainer get a per-field diff', () => {
    const deployment = (replicas: number, image: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'reviews-v2', namespace: 'bookinfo', labels: { app: 'reviews' } },
      spec: { replicas, template: { spec: { containers: [{ name: 'reviews', image }] } } },
    });
    const report = diffObjects(docs([deployment(1, 'reviews:1.0')]), docs([deployment(3, 'reviews:1.1')]));
    expect(report.changes[0].details).toEqual([
      { path: 'spec.replicas', message: 'replicas: 1 → 3', before: 1, after: 3 },
      { path: 'spec.template.spec.containers[name=reviews].image', message: 'template.spec.containers[name=reviews].image: reviews:1.0 → reviews:1.1', before: 'reviews:1.0', after: 'reviews:1.1' },
    ]);
  });

  test('labels and annotations changes are reported under metadata', () => {
    const withLabel = { ...canary(10), metadata: { name: 'reviews', namespace: 'bookinfo', labels: { team: 'a' } } };
    expect(messages(diffObjects(docs([canary(10)]), docs([withLabel])))).toEqual(['metadata.labels: set to {team: a}']);
  });
});

describe('VirtualService', () => {
  test('canary 10 → 25: the weight of each subset, before → after', () => {
    const report = diffObjects(docs([canary(10)]), docs([canary(25)]));
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({ change: 'changed', kind: 'VirtualService', namespace: 'bookinfo', name: 'reviews', warnings: [] });
    expect(report.changes[0].details).toEqual([
      { path: 'spec.http[0].route', message: 'http[0]: reviews v1 90% → 75%', before: 90, after: 75 },
      { path: 'spec.http[0].route', message: 'http[0]: reviews v2 10% → 25%', before: 10, after: 25 },
    ]);
  });

  test('a destination added or removed; a lone destination without weight takes 100%', () => {
    const single = vs('reviews', 'bookinfo', [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }]);
    const split = vs('reviews', 'bookinfo', [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 50 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 50 }] }]);
    const report = diffObjects(docs([single, dr('reviews', 'bookinfo', ['v1', 'v3'])]), docs([split, dr('reviews', 'bookinfo', ['v1', 'v3'])]));
    expect(messages(report)).toEqual(['http[0]: reviews v1 100% → 50%', 'http[0]: reviews v3 0% → 50% (new destination)']);
    expect(messages(diffObjects(docs([split]), docs([single])))).toEqual(['http[0]: reviews v1 50% → 100%', 'http[0]: reviews v3 50% → 0% (destination removed)']);
  });

  test('match rules added and removed, timeouts, retries, fault injection and mirroring', () => {
    const before = vs('reviews', 'bookinfo', [{
      match: [{ headers: { 'end-user': { exact: 'jason' } } }],
      route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      timeout: '10s',
      retries: { attempts: 3, perTryTimeout: '2s' },
    }]);
    const after = vs('reviews', 'bookinfo', [{
      match: [{ uri: { prefix: '/api' } }],
      route: [{ destination: { host: 'reviews', subset: 'v2' } }],
      timeout: '5s',
      retries: { attempts: 5, perTryTimeout: '2s', retryOn: '5xx' },
      fault: { delay: { fixedDelay: '7s', percentage: { value: 10 } }, abort: { httpStatus: 500 } },
      mirror: { host: 'reviews', subset: 'v3' },
      mirrorPercentage: { value: 50 },
    }]);
    expect(messages(diffObjects(docs([before]), docs([after])))).toEqual([
      'http[0]: match added: uri prefix /api',
      'http[0]: match removed: header end-user exact jason',
      'http[0]: timeout 10s → 5s',
      'http[0]: retries.attempts 3 → 5',
      'http[0]: retries.retryOn unset → 5xx',
      'http[0]: fault injection added: delay 7s for 10%, abort with HTTP 500 for 100%',
      'http[0]: mirroring added: reviews v3 at 50%',
    ]);
    expect(messages(diffObjects(docs([after]), docs([before])))).toEqual([
      'http[0]: match added: header end-user exact jason',
      'http[0]: match removed: uri prefix /api',
      'http[0]: timeout 5s → 10s',
      'http[0]: retries.attempts 5 → 3',
      'http[0]: retries.retryOn 5xx → unset',
      'http[0]: fault injection removed (was delay 7s for 10%, abort with HTTP 500 for 100%)',
      'http[0]: mirroring removed (was reviews v3 at 50%)',
    ]);
  });

  test('a match that goes away means the route now takes every request', () => {
    const route = { route: [{ destination: { host: 'reviews', subset: 'v2' } }] };
    const before = vs('reviews', 'bookinfo', [{ ...route, match: [{ uri: { exact: '/login' } }, { method: { exact: 'POST' } }] }]);
    const after = vs('reviews', 'bookinfo', [route]);
    expect(messages(diffObjects(docs([before]), docs([after])))).toEqual(['http[0]: now matches every request (was uri exact /login or method exact POST)']);
  });

  test('routes added, removed and reordered (first match wins), paired by name when named', () => {
    const a = { name: 'jason', match: [{ headers: { 'end-user': { exact: 'jason' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] };
    const b = { name: 'default', route: [{ destination: { host: 'reviews', subset: 'v1' } }] };
    const c = { name: 'canary', match: [{ uri: { prefix: '/v3' } }], route: [{ destination: { host: 'reviews', subset: 'v3' } }] };
    expect(messages(diffObjects(docs([vs('reviews', 'bookinfo', [a, b])]), docs([vs('reviews', 'bookinfo', [b, a])])))).toEqual([
      'http routes reordered (the first matching route wins): http "jason", http "default" → http "default", http "jason"',
    ]);
    expect(messages(diffObjects(docs([vs('reviews', 'bookinfo', [a, b])]), docs([vs('reviews', 'bookinfo', [c, a])])))).toEqual([
      'http "canary": route added: uri prefix /v3 → reviews v3 100%',
      'http "default": route removed (was every request → reviews v1 100%)',
    ]);
  });

  test('unnamed routes pair equal ones first, so an inserted route is one addition', () => {
    const a = { match: [{ uri: { prefix: '/a' } }], route: [{ destination: { host: 'a' } }] };
    const b = { route: [{ destination: { host: 'b' } }] };
    const inserted = { match: [{ uri: { prefix: '/new' } }], route: [{ destination: { host: 'c' } }] };
    expect(messages(diffObjects(docs([vs('x', 'ns', [a, b])]), docs([vs('x', 'ns', [inserted, a, b])])))).toEqual([
      'http[0]: route added: uri prefix /new → c 100%',
    ]);
  });

  test('hosts and gateways are compared as sets', () => {
    const before = vs('reviews', 'bookinfo', [], { hosts: ['reviews', 'reviews.example.com'], gateways: ['mesh'] });
    const after = vs('reviews', 'bookinfo', [], { hosts: ['reviews.example.com', 'reviews'], gateways: ['mesh', 'bookinfo-gateway'] });
    expect(messages(diffObjects(docs([before]), docs([after])))).toEqual(['gateways: added bookinfo-gateway']);
  });

  test('an added VirtualService says what it routes where', () => {
    const report = diffObjects([], docs([canary(10), dr('reviews', 'bookinfo', ['v1', 'v2'])]));
    expect(report.changes.map((c) => c.details.map((d) => d.message))).toEqual([
      ['defines subsets `v1` (version=v1), `v2` (version=v2) for host reviews'],
      ['serves hosts reviews', 'http[0]: every request → reviews v1 90%, reviews v2 10%'],
    ]);
    expect(warningCodes(report)).toEqual([]);
  });
});

describe('DestinationRule and routed subsets', () => {
  test('a removed subset that a VirtualService still routes to: warned on the DestinationRule', () => {
    const report = diffObjects(docs([canary(10), dr('reviews', 'bookinfo', ['v1', 'v2'])]), docs([canary(10), dr('reviews', 'bookinfo', ['v1'])]));
    expect(report.changes).toHaveLength(1);
    expect(report.changes[0]).toMatchObject({ kind: 'DestinationRule', name: 'reviews' });
    expect(messages(report)).toEqual(['subset `v2` (version=v2) removed']);
    expect(report.changes[0].warnings).toEqual([{
      code: 'CIS7001',
      path: 'spec.subsets',
      message: 'subset `v2` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503)',
    }]);
  });

  test('a changed route to a subset that no DestinationRule in NEW defines: warned on the VirtualService', () => {
    const to = (subset: string) => vs('reviews', 'bookinfo', [{ route: [{ destination: { host: 'reviews', subset } }] }]);
    const report = diffObjects(docs([to('v1'), dr('reviews', 'bookinfo', ['v1'])]), docs([to('v3'), dr('reviews', 'bookinfo', ['v1'])]));
    expect(report.changes[0].warnings).toEqual([{
      code: 'CIS7001',
      path: 'spec.http[0].route[0].destination.subset',
      message: 'routes to subset `v3` of reviews.bookinfo.svc.cluster.local that no DestinationRule in NEW defines: those requests fail (503)',
    }]);
  });

  test('a removed DestinationRule whose subsets are still routed to', () => {
    const report = diffObjects(docs([canary(10), dr('reviews', 'bookinfo', ['v1', 'v2'])]), docs([canary(10)]));
    expect(report.changes[0].change).toBe('removed');
    expect(report.changes[0].warnings.map((w) => w.message)).toEqual([
      'subset `v1` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503)',
      'subset `v2` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503)',
    ]);
  });

  test('a route that was already broken in OLD is not this change\'s doing', () => {
    const report = diffObjects(docs([canary(10), dr('reviews', 'bookinfo', ['v1'])]), docs([canary(10), dr('reviews', 'bookinfo', ['v1'], { trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' } } })]));
    expect(warningCodes(report)).toEqual([]);
    expect(messages(report)).toEqual(['trafficPolicy: set to {loadBalancer: {simple: LEAST_REQUEST}}']);
  });

  test('subset labels changed, and client TLS turned off', () => {
    const before = dr('reviews', 'bookinfo', ['v1'], { trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
    const after = { ...dr('reviews', 'bookinfo', [], { trafficPolicy: { tls: { mode: 'DISABLE' } } }) };
    after.spec.subsets = [{ name: 'v1', labels: { version: 'v1', track: 'stable' } }];
    const report = diffObjects(docs([before]), docs([after]));
    expect(messages(report)).toEqual([
      'subset `v1` labels: version=v1 → track=stable, version=v1',
      'trafficPolicy.tls.mode: ISTIO_MUTUAL → DISABLE',
    ]);
    expect(report.changes[0].warnings).toEqual([{
      code: 'CIS7006',
      path: 'spec.trafficPolicy.tls.mode',
      message: 'client TLS to host reviews goes from ISTIO_MUTUAL to DISABLE: the sidecars now send plaintext',
    }]);
  });
});

describe('PeerAuthentication', () => {
  test('an mTLS downgrade: STRICT → PERMISSIVE, with a warning', () => {
    const report = diffObjects(docs([pa('default', 'payments', 'STRICT')]), docs([pa('default', 'payments', 'PERMISSIVE')]));
    expect(report.changes[0].details).toEqual([{ path: 'spec.mtls.mode', message: 'mTLS mode: STRICT → PERMISSIVE', before: 'STRICT', after: 'PERMISSIVE' }]);
    expect(report.changes[0].warnings).toEqual([{
      code: 'CIS7002',
      path: 'spec.mtls.mode',
      message: 'mTLS downgraded from STRICT to PERMISSIVE for namespace payments: plaintext traffic is accepted',
    }]);
  });

  test('an upgrade is no warning; DISABLE and port-level downgrades are', () => {
    expect(warningCodes(diffObjects(docs([pa('default', 'payments', 'PERMISSIVE')]), docs([pa('default', 'payments', 'STRICT')])))).toEqual([]);
    const ports = (mode: string) => pa('db', 'payments', 'STRICT', { selector: { matchLabels: { app: 'db' } }, portLevelMtls: { 5432: { mode } } });
    const report = diffObjects(docs([ports('STRICT')]), docs([ports('DISABLE')]));
    expect(messages(report)).toEqual(['port 5432: mTLS mode STRICT → DISABLE']);
    expect(report.changes[0].warnings.map((w) => w.message)).toEqual([
      'mTLS downgraded from STRICT to DISABLE for workloads app=db in namespace payments on port 5432: mTLS is off and traffic is plaintext',
    ]);
  });

  test('UNSET inherits: a workload policy going from UNSET to PERMISSIVE in a STRICT namespace is a downgrade', () => {
    const workload = (mode?: string) => pa('reviews', 'bookinfo', mode, { selector: { matchLabels: { app: 'reviews' } } });
    const ns = pa('default', 'bookinfo', 'STRICT');
    const report = diffObjects(docs([ns, workload()]), docs([ns, workload('PERMISSIVE')]));
    expect(report.changes[0].warnings.map((w) => w.message)).toEqual([
      'mTLS downgraded from STRICT (inherited) to PERMISSIVE for workloads app=reviews in namespace bookinfo: plaintext traffic is accepted',
    ]);
  });

  test('an added policy relaxing a STRICT namespace, and a removed STRICT policy, are warned', () => {
    const ns = pa('default', 'bookinfo', 'STRICT');
    const relax = pa('legacy', 'bookinfo', 'PERMISSIVE', { selector: { matchLabels: { app: 'legacy' } } });
    expect(diffObjects(docs([ns]), docs([ns, relax])).changes[0].warnings.map((w) => w.message)).toEqual([
      'relaxes the STRICT mTLS of namespace bookinfo to PERMISSIVE for workloads app=legacy in namespace bookinfo: plaintext traffic is accepted',
    ]);
    expect(diffObjects(docs([ns]), docs([])).changes[0].warnings.map((w) => w.message)).toEqual([
      'STRICT mTLS no longer enforced for namespace bookinfo: it falls back to PERMISSIVE, so plaintext traffic is accepted',
    ]);
    // With a mesh-wide STRICT policy left, removing the namespace's is harmless.
    const mesh = pa('default', 'istio-system', 'STRICT');
    expect(warningCodes(diffObjects(docs([mesh, ns]), docs([mesh])))).toEqual([]);
  });
});

describe('AuthorizationPolicy', () => {
  const allowFrontend = (namespaces: string[], extra: Record<string, unknown> = {}) => ap('allow-frontend', 'payments', {
    selector: { matchLabels: { app: 'payments' } },
    rules: [{ from: [{ source: { namespaces } }], to: [{ operation: { methods: ['GET'] } }] }],
    ...extra,
  });

  test('an added allowed namespace: "now also allows namespace `batch`", access widened', () => {
    const report = diffObjects(docs([allowFrontend(['frontend'])]), docs([allowFrontend(['frontend', 'batch'])]));
    expect(report.changes[0].details).toEqual([{
      path: 'spec.rules[0].from[0].source.namespaces',
      message: 'rules[0]: now also allows namespace `batch`',
      after: ['batch'],
      access: 'widened',
    }]);
    expect(report.changes[0].warnings).toEqual([]);
  });

  test('narrowing: values removed, a constraint added; for DENY, matching more narrows access', () => {
    const before = ap('p', 'ns', { rules: [{ from: [{ source: { principals: ['a', 'b'] } }] }] });
    const after = ap('p', 'ns', { rules: [{ from: [{ source: { principals: ['a'] } }], to: [{ operation: { paths: ['/api/*'] } }] }] });
    expect(diffObjects(docs([before]), docs([after])).changes[0].details.map((d) => [d.message, d.access])).toEqual([
      ['rules[0]: no longer allows principal `b`', 'narrowed'],
      ['rules[0]: now only allows requests to path /api/* (was any operation)', 'narrowed'],
    ]);
    const deny = (methods: string[]) => ap('d', 'ns', { action: 'DENY', rules: [{ to: [{ operation: { methods } }] }] });
    expect(diffObjects(docs([deny(['DELETE'])]), docs([deny(['DELETE', 'PUT'])])).changes[0].details.map((d) => [d.message, d.access])).toEqual([
      ['rules[0]: now also denies method `PUT`', 'narrowed'],
    ]);
  });

  test('exclusions (notX) and conditions', () => {
    const before = ap('p', 'ns', { rules: [{ from: [{ source: { notNamespaces: ['untrusted', 'batch'] } }], when: [{ key: 'request.auth.claims[iss]', values: ['a'] }] }] });
    const after = ap('p', 'ns', { rules: [{ from: [{ source: { notNamespaces: ['untrusted'] } }], when: [{ key: 'request.auth.claims[iss]', values: ['a', 'b'] }, { key: 'source.ip', values: ['10.0.0.0/8'] }] }] });
    expect(diffObjects(docs([before]), docs([after])).changes[0].details.map((d) => [d.message, d.access])).toEqual([
      ['rules[0]: now also allows namespace `batch` (no longer excluded)', 'widened'],
      ['rules[0] when request.auth.claims[iss]: now also allows value `b`', 'widened'],
      ['rules[0]: now only allows when source.ip in [10.0.0.0/8]', 'narrowed'],
    ]);
  });

  test('a policy that now allows everything is warned', () => {
    const report = diffObjects(docs([allowFrontend(['frontend'])]), docs([ap('allow-frontend', 'payments', { selector: { matchLabels: { app: 'payments' } }, rules: [{}] })]));
    expect(messages(report)).toEqual(['rules[0]: now allows requests from any source (was namespace frontend)', 'rules[0]: now allows requests to any operation (was method GET)']);
    expect(report.changes[0].warnings).toEqual([{
      code: 'CIS7003',
      path: 'spec.rules',
      message: 'the policy now allows every request to workloads app=payments in namespace payments: a rule without from, to or when matches everything',
    }]);
  });

  test('a DENY removed (the policy, one of its rules, or its action) is warned', () => {
    const deny = ap('deny-admin', 'payments', { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }, { from: [{ source: { namespaces: ['batch'] } }] }] });
    const removed = diffObjects(docs([deny]), docs([]));
    expect(removed.changes[0].warnings).toEqual([{
      code: 'CIS7004',
      message: 'a DENY policy was removed: requests to path /admin/*; requests from namespace batch for namespace payments are no longer denied by it',
    }]);
    const oneRule = diffObjects(docs([deny]), docs([ap('deny-admin', 'payments', { action: 'DENY', rules: [deny.spec.rules[0]] })]));
    expect(oneRule.changes[0].details.map((d) => [d.message, d.access])).toEqual([['rules[1] removed: no longer denies requests from namespace batch', 'widened']]);
    expect(oneRule.changes[0].warnings.map((w) => w.code)).toEqual(['CIS7004']);
    const audit = diffObjects(docs([deny]), docs([ap('deny-admin', 'payments', { ...deny.spec, action: 'AUDIT' })]));
    expect(messages(audit)).toEqual(['action: DENY → AUDIT']);
    expect(audit.changes[0].warnings.map((w) => w.code)).toEqual(['CIS7004']);
  });

  test('removing the last ALLOW policy of a workload is warned; removing one of several is not', () => {
    const other = ap('allow-batch', 'payments', { selector: { matchLabels: { app: 'payments' } }, rules: [{ from: [{ source: { namespaces: ['batch'] } }] }] });
    expect(diffObjects(docs([allowFrontend(['frontend'])]), docs([])).changes[0].warnings.map((w) => w.code)).toEqual(['CIS7005']);
    expect(warningCodes(diffObjects(docs([allowFrontend(['frontend']), other]), docs([other])))).toEqual([]);
  });

  test('an added policy says what it allows', () => {
    const report = diffObjects([], docs([allowFrontend(['frontend'])]));
    expect(messages(report)).toEqual(['ALLOW policy for workloads app=payments in namespace payments', 'rules[0]: allows requests from namespace frontend to method GET']);
  });
});

describe('RequestAuthentication', () => {
  test('issuers and audiences accepted', () => {
    const before = ra('jwt', 'payments', [{ issuer: 'https://a.example.com', jwksUri: 'https://a.example.com/jwks', audiences: ['payments'] }]);
    const after = ra('jwt', 'payments', [
      { issuer: 'https://a.example.com', jwksUri: 'https://a.example.com/keys', audiences: ['payments', 'batch'] },
      { issuer: 'https://b.example.com', jwksUri: 'https://b.example.com/jwks' },
    ]);
    expect(messages(diffObjects(docs([before]), docs([after])))).toEqual([
      'issuer `https://a.example.com`: now also accepts audience `batch`',
      'jwtRules[issuer=https://a.example.com].jwksUri: https://a.example.com/jwks → https://a.example.com/keys',
      'now accepts JWTs from issuer `https://b.example.com` for any audience',
    ]);
    expect(messages(diffObjects(docs([after]), docs([before])))).toEqual([
      'issuer `https://a.example.com`: no longer accepts audience `batch`',
      'jwtRules[issuer=https://a.example.com].jwksUri: https://a.example.com/keys → https://a.example.com/jwks',
      'no longer accepts JWTs from issuer `https://b.example.com`: requests carrying one are rejected',
    ]);
  });
});
