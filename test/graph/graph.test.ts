import { App, Testing } from 'cdk8s';
import { bookinfoApp } from '../../examples/bookinfo/app';
import { patternCharts } from '../../examples/patterns/main';
import { Dataplane } from '../../lib/core/dataplane';
import { AccessOracle, GraphCallerGroup, MeshGraph, ModelAccessOracle, renderGraph } from '../../lib/graph';
import { Decision, MeshModel } from '../../lib/model';

const BOOKINFO = 'bookinfo.svc.cluster.local';
const svc = (name: string, ns = 'bookinfo') => `service:${name}.${ns}.svc.cluster.local`;

function routesBetween(graph: MeshGraph, from: string, to: string) {
  return graph.routes.filter((r) => r.from === from && r.to === to)
    .map((r) => ({ subset: r.subset, weight: r.weight, match: r.match, fault: r.fault }));
}

describe('Bookinfo', () => {
  const graph = MeshGraph.fromApp(bookinfoApp());

  test('a namespace, its gateway, four services with their workloads and subsets', () => {
    expect(graph.namespaces.map((n) => [n.name, n.mtls])).toEqual([['bookinfo', 'PERMISSIVE']]);
    expect(graph.gateways.map((g) => [g.id, g.servers])).toEqual([['gateway:bookinfo/bookinfo-gateway', [{ port: 8080, protocol: 'HTTP', hosts: ['*'] }]]]);
    expect(graph.services.map((s) => s.host)).toEqual(['details', 'productpage', 'ratings', 'reviews'].map((n) => `${n}.${BOOKINFO}`));
    const reviews = graph.services.find((s) => s.name === 'reviews')!;
    expect(reviews.workloads).toEqual(['workload:bookinfo/reviews-v1', 'workload:bookinfo/reviews-v2', 'workload:bookinfo/reviews-v3']);
    expect(reviews.subsets.map((s) => [s.name, s.labels, s.workloads])).toEqual([
      ['v1', 'version=v1', ['workload:bookinfo/reviews-v1']],
      ['v2', 'version=v2', ['workload:bookinfo/reviews-v2']],
      ['v3', 'version=v3', ['workload:bookinfo/reviews-v3']],
    ]);
    expect(graph.workloads.find((w) => w.name === 'reviews-v2')).toMatchObject({ serviceAccount: 'bookinfo-reviews', principal: 'cluster.local/ns/bookinfo/sa/bookinfo-reviews' });
  });

  test('routes: the gateway to productpage on its paths, reviews 90/10 to v1/v2, ratings with a fault for jason', () => {
    expect(routesBetween(graph, 'gateway:bookinfo/bookinfo-gateway', svc('productpage'))).toEqual([
      { subset: undefined, weight: 100, match: '/productpage or /static* or /login or /logout or /api/v1/products*', fault: undefined },
    ]);
    expect(routesBetween(graph, svc('reviews'), svc('reviews'))).toEqual([
      { subset: 'v1', weight: 90, match: '*', fault: undefined },
      { subset: 'v2', weight: 10, match: '*', fault: undefined },
    ]);
    expect(routesBetween(graph, svc('ratings'), svc('ratings'))).toEqual([
      { subset: 'v1', weight: 100, match: 'end-user: jason', fault: 'delay 7s 100%' },
      { subset: 'v1', weight: 100, match: '*', fault: undefined },
    ]);
  });

  test('no AuthorizationPolicy and PERMISSIVE mTLS: every workload admits anyone, one group each', () => {
    for (const w of graph.workloads) expect(w.callers).toEqual([{ kind: 'anyone' }]);
  });
});

describe('the patterns', () => {
  const app = Testing.app();
  patternCharts(app);
  const graph = MeshGraph.fromApp(app);
  const callers = (name: string): GraphCallerGroup[] => graph.workloads.find((w) => w.name.startsWith(name))!.callers;

  test('StrictMtlsNamespace and ZeroTrustMesh: STRICT namespaces, callers by namespace and by principal', () => {
    expect(graph.namespaces.filter((n) => ['payments', 'web', 'shop'].includes(n.name)).map((n) => n.mtls)).toEqual(['STRICT', 'STRICT', 'STRICT']);
    expect(callers('strict-mtls-payments-api')).toEqual([{ kind: 'namespace', namespace: 'shop' }]);
    // The example's payments-api pods run as the account the ledger's policy names.
    expect(callers('strict-mtls-ledger')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/payments/sa/payments-api', workloads: ['workload:payments/strict-mtls-payments-api-v1-c8678c27'] }]);
    expect(callers('zero-trust-frontend')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account', workloads: [] }]);
  });

  test('CanaryRoute: 90/10 with the tester header pinned to the canary; IngressRoute: the gateway to frontend and api', () => {
    expect(routesBetween(graph, svc('reviews', 'shop'), svc('reviews', 'shop'))).toEqual([
      { subset: 'v2', weight: 100, match: 'x-canary: always', fault: undefined },
      { subset: 'v1', weight: 90, match: '*', fault: undefined },
      { subset: 'v2', weight: 10, match: '*', fault: undefined },
    ]);
    expect(graph.routes.filter((r) => r.from === 'gateway:shop/shop-gateway').map((r) => [r.to, r.match])).toEqual([
      [svc('api', 'shop'), '/api/*'], [svc('frontend', 'shop'), '*'],
    ]);
  });

  test('ExternalServiceWithBreaker and EgressGatewayRoute: external hosts, routed through the egress gateway', () => {
    expect(graph.services.filter((s) => s.external).map((s) => s.host)).toEqual(['api.github.com', 'api.stripe.com', 'pypi.org']);
    expect(graph.routes.filter((r) => r.from === 'service:pypi.org').map((r) => r.to)).toEqual([svc('istio-egressgateway', 'istio-system')]);
  });

  test('findings sit on the node of their object', () => {
    // The DestinationRule for api.stripe.com has SIMPLE TLS without caCertificates (IST0129), among others.
    expect(graph.services.find((s) => s.host === 'api.stripe.com')!.findings.map((f) => f.code)).toContain('IST0129');
  });
});

describe('callers', () => {
  const objects = (policies: object[], mode = 'STRICT', namespaceLabels: Record<string, string> = { 'istio-injection': 'enabled' }) => [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: namespaceLabels } },
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'shop' }, spec: { mtls: { mode } } },
    ...['frontend', 'orders', 'reviews'].map((name) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { serviceAccountName: name, containers: [{ name, image: name, ports: [{ containerPort: 8080 }] }] },
        },
      },
    })),
    ...policies,
  ];
  const allow = (name: string, app: string, source: object) => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace: 'shop' },
    spec: { selector: { matchLabels: { app } }, action: 'ALLOW', rules: [{ from: [{ source }] }] },
  });
  const groups = (graph: MeshGraph, name: string) => graph.workloads.find((w) => w.name === name)!.callers;

  test('a principal allowed by name is one group, with the workloads that run as it', () => {
    const graph = MeshGraph.fromObjects(objects([allow('orders', 'orders', { principals: ['cluster.local/ns/shop/sa/frontend'] })]));
    expect(groups(graph, 'orders')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['workload:shop/frontend'] }]);
    expect(groups(graph, 'reviews')).toEqual([{ kind: 'mesh' }]);
  });

  test('drawn for one host, the graph brings the callers of its workloads (and works out no other callers)', () => {
    const graph = MeshGraph.fromObjects([
      ...objects([allow('orders', 'orders', { principals: ['cluster.local/ns/shop/sa/frontend'] })]),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders', namespace: 'shop' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 8080 }] } },
    ], { focus: 'orders' });
    expect(graph.workloads.map((w) => w.id)).toEqual(['workload:shop/frontend', 'workload:shop/orders']);
    expect(groups(graph, 'orders')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['workload:shop/frontend'] }]);
    expect(() => MeshGraph.fromObjects(objects([]), { focus: 'orders', namespace: 'shop' })).toThrow("no service with host 'orders'");
  });

  test('a namespace allowed is one group, not one per identity in it', () => {
    const graph = MeshGraph.fromObjects(objects([allow('orders', 'orders', { namespaces: ['shop'] })]));
    expect(groups(graph, 'orders')).toEqual([{ kind: 'namespace', namespace: 'shop' }]);
  });

  test('PERMISSIVE without a policy admits anyone; STRICT only mesh identities', () => {
    expect(groups(MeshGraph.fromObjects(objects([], 'PERMISSIVE')), 'orders')).toEqual([{ kind: 'anyone' }]);
    expect(groups(MeshGraph.fromObjects(objects([], 'STRICT')), 'orders')).toEqual([{ kind: 'mesh' }]);
  });

  test('allow-nothing admits nobody', () => {
    const graph = MeshGraph.fromObjects(objects([{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: 'shop' }, spec: {} }]));
    expect(groups(graph, 'orders')).toEqual([{ kind: 'nobody' }]);
  });

  // Where the behaviour model and the old AuthorizationPolicy evaluator of lib/patterns disagree: the graph
  // now says what `cdk8s-istio explain` (MeshModel.access) says.
  test('a namespace without a proxy enforces nothing: anyone, whatever its policies say (as explain answers)', () => {
    const denyAll = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'deny-all', namespace: 'shop' }, spec: {} };
    const input = objects([denyAll], 'STRICT', {});
    expect(groups(MeshGraph.fromObjects(input), 'orders')).toEqual([{ kind: 'anyone' }]);
    expect(MeshModel.fromObjects(input).access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'orders' } } }).reason).toMatch(/has no proxy: no policy is enforced/);
  });

  test('a DENY of one identity: any mesh identity except it, not "any mesh identity"', async () => {
    const deny = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'no-frontend', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'orders' } }, action: 'DENY', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }] }] },
    };
    const graph = MeshGraph.fromObjects(objects([deny]));
    expect(groups(graph, 'orders')).toEqual([{ kind: 'mesh', except: { namespaces: [], principals: ['cluster.local/ns/shop/sa/frontend'] } }]);
    await expect(renderGraph(graph, 'mermaid')).resolves.toContain('any mesh identity except shop/frontend');
  });

  test('an ambient namespace: ztunnel drops the HTTP rules of an ALLOW policy, so nobody is admitted', () => {
    const policy = allow('orders', 'orders', { principals: ['cluster.local/ns/shop/sa/frontend'] });
    const l7 = { ...policy, spec: { ...policy.spec, rules: [{ ...policy.spec.rules[0], to: [{ operation: { methods: ['GET'] } }] }] } };
    expect(groups(MeshGraph.fromObjects(objects([l7])), 'orders')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['workload:shop/frontend'] }]);
    expect(groups(MeshGraph.fromObjects(objects([l7], 'STRICT', { 'istio.io/dataplane-mode': 'ambient' })), 'orders')).toEqual([{ kind: 'nobody' }]);
    // A namespace the objects do not define, assumed ambient (--namespace-dataplane shop=ambient).
    const undefinedNs = objects([l7]).filter((o) => (o as { kind?: string }).kind !== 'Namespace');
    expect(groups(MeshGraph.fromObjects(undefinedNs, { namespaceDataplanes: { shop: Dataplane.AMBIENT } }), 'orders')).toEqual([{ kind: 'nobody' }]);
  });

  test('a policy attached to a waypoint: ambient callers pass it, sidecar callers bypass it (tests/integration/ambient/baseline_test.go)', () => {
    const waypointObjects = [
      ...objects([{
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'orders-callers', namespace: 'shop' },
        spec: {
          targetRefs: [{ kind: 'Service', group: '', name: 'orders' }],
          action: 'ALLOW',
          rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], to: [{ operation: { methods: ['GET'] } }] }],
        },
      }], 'STRICT', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders', namespace: 'shop' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 8080 }] } },
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'waypoint', namespace: 'shop' },
        spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
      },
    ];
    // Every caller ambient (--dataplane ambient): the waypoint's policy decides, with L7 rules.
    const ambient = MeshGraph.fromObjects(waypointObjects, { defaultDataplane: Dataplane.AMBIENT });
    expect(groups(ambient, 'orders')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['workload:shop/frontend'] }]);
    // Callers of other namespaces assumed to have sidecars go straight to the pods: the waypoint's policy is not on their path.
    expect(groups(MeshGraph.fromObjects(waypointObjects), 'orders')).toEqual([
      { kind: 'mesh', except: { namespaces: ['shop'], principals: [] } },
      { kind: 'principal', principal: 'cluster.local/ns/shop/sa/frontend', workloads: ['workload:shop/frontend'] },
    ]);
    const model = MeshModel.fromObjects(waypointObjects);
    expect(model.access({ from: 'shop/frontend', to: 'shop/orders:8080' }).decision).toBe(Decision.ALLOW);
    expect(model.access({ from: 'shop/reviews', to: 'shop/orders:8080' }).decision).toBe(Decision.DENY);
  });

  test('the answers come from the access oracle given: the seam the behaviour model plugs into', () => {
    const asked: Array<[string | undefined, string]> = [];
    const access: AccessOracle = {
      mayCall: (principal, target) => {
        asked.push([principal, target.labels.app]);
        return principal === 'cluster.local/ns/shop/sa/reviews';
      },
    };
    const graph = MeshGraph.fromObjects(objects([]), { access });
    expect(groups(graph, 'orders')).toEqual([{ kind: 'principal', principal: 'cluster.local/ns/shop/sa/reviews', workloads: ['workload:shop/reviews'] }]);
    expect(asked.filter(([, app]) => app === 'orders').map(([p]) => p)).toContain(undefined);
  });

  test('the model oracle: a caller that is not a mesh identity cannot be asked, and says why', () => {
    const oracle = new ModelAccessOracle(MeshModel.fromObjects(objects([])));
    expect(oracle.mayCall('spiffe://cluster.local/ns/shop', { namespace: 'shop', labels: { app: 'orders' } })).toEqual({
      unknown: '"spiffe://cluster.local/ns/shop" is not a mesh identity (TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICEACCOUNT)',
    });
    // An identity no object defines is asked about as a workload of its namespace (STRICT, no policy: allowed).
    expect(oracle.mayCall('cluster.local/ns/elsewhere/sa/anyone', { namespace: 'shop', labels: { app: 'orders' }, port: 8080 })).toBe(true);
    expect(oracle.mayCall(undefined, { namespace: 'shop', labels: { app: 'orders' }, port: 8080 })).toBe(false);
  });

  test('an oracle that cannot answer is shown as unknown, with its reason', () => {
    const graph = MeshGraph.fromObjects(objects([]), { access: { mayCall: () => ({ unknown: 'CUSTOM policy' }) } });
    expect(groups(graph, 'orders')).toEqual([{ kind: 'unknown', reason: 'CUSTOM policy' }]);
  });
});

describe('cuts', () => {
  const app = new App();
  patternCharts(app);
  const graph = MeshGraph.fromApp(app);

  test('--namespace keeps the namespace and the nodes its edges reach', () => {
    const cut = graph.inNamespace('bookinfo');
    // The zero-trust chart allows shop/reviews to call bookinfo's ratings: that edge reaches shop.
    expect(cut.namespaces.map((n) => n.name)).toEqual(['bookinfo', 'shop']);
    expect(cut.services.map((s) => s.name)).toEqual(['ratings', 'reviews']);
    expect(() => graph.inNamespace('nope')).toThrow(/no gateway, service or workload in namespace 'nope' \(namespaces: bookinfo, istio-system, payments, shop, web\)/);
  });

  test('--focus keeps the host, what routes to it and where it routes', () => {
    const cut = graph.focus('pypi.org');
    expect(cut.services.map((s) => s.host).sort()).toEqual(['istio-egressgateway.istio-system.svc.cluster.local', 'pypi.org']);
    expect(cut.gateways.map((g) => g.id)).toEqual(['gateway:shop/pypi-org-egress']);
    // reviews, its caller (the shop frontend) and what it calls (bookinfo's ratings).
    expect(graph.focus('reviews.shop').services.map((s) => s.host)).toEqual(['frontend.shop.svc.cluster.local', 'ratings.bookinfo.svc.cluster.local', 'reviews.shop.svc.cluster.local']);
    expect(() => graph.focus('pypi')).toThrow(/no service with host 'pypi' \(did you mean pypi.org\?\)/);
  });
});

describe('workloads behind a service', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'old' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { matchLabels: { app: 'new' } }, template: { metadata: { labels: { app: 'new' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
  const service = (app: string, namespace = 'shop') => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: app, namespace }, spec: { selector: { app }, ports: [{ port: 80 }] } });
  const workloadsOf = (objects: object[], app: string, namespace = 'shop') =>
    MeshGraph.fromObjects(objects, { findings: [] }).services.find((s) => s.id === svc(app, namespace))?.workloads;

  test('are the workloads of its namespace its selector matches', () => {
    expect(workloadsOf([deployment, service('new')], 'new')).toEqual(['workload:shop/web']);
    expect(workloadsOf([{ ...deployment, metadata: { name: 'web', namespace: 'other' } }, service('new')], 'new')).toEqual([]);
  });

  test('a Pod and a workload of the same name are one node: the last one defines its labels', () => {
    expect(workloadsOf([pod, deployment, service('old'), service('new')], 'old')).toEqual([]);
    expect(workloadsOf([pod, deployment, service('old'), service('new')], 'new')).toEqual(['workload:shop/web']);
    expect(workloadsOf([deployment, pod, service('old'), service('new')], 'old')).toEqual(['workload:shop/web']);
  });
});
