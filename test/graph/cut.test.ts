import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { GraphService, MeshGraph } from '../../lib/graph';
import { loadDocuments } from '../../lib/input';

/**
 * `--namespace` builds the routes touching the namespace only, and works out the mTLS of the namespaces
 * it shows only (what keeps the picture of one namespace of a big mesh fast): the routes, nodes and
 * namespaces of the cut must be those of the whole graph, cut afterwards. Callers and findings are
 * worked out for the part shown by design (`MeshGraph.fromObjects`), so they are not compared here.
 */
function expectCutOfWhole(objects: readonly unknown[]): void {
  const whole = MeshGraph.fromObjects(objects, { findings: [] });
  const nodeNamespaces = new Set([...whole.gateways, ...whole.services, ...whole.workloads].map((n) => n.namespace));
  for (const namespace of nodeNamespaces) {
    const cut = MeshGraph.fromObjects(objects, { namespace, findings: [] });
    const keep = new Set([...whole.gateways, ...whole.services, ...whole.workloads].filter((n) => n.namespace === namespace).map((n) => n.id));
    expect(cut.routes).toEqual(whole.routes.filter((r) => keep.has(r.from) || keep.has(r.to)));
    const namespaces = new Map(whole.namespaces.map((n) => [n.name, n]));
    for (const n of cut.namespaces) expect(n).toEqual(namespaces.get(n.name));
    const services = new Map(whole.services.map((s) => [s.id, s]));
    const node = ({ workloads: _w, subsets, ...s }: GraphService) => ({ ...s, subsets: subsets.map((x) => [x.name, x.labels]) });
    for (const s of cut.services) expect(node(s)).toEqual(node(services.get(s.id)!));
    const gateways = new Map(whole.gateways.map((g) => [g.id, g]));
    for (const g of cut.gateways) expect(g).toEqual(gateways.get(g.id));
  }
  expect(() => MeshGraph.fromObjects(objects, { namespace: 'nope' }))
    .toThrow(`(namespaces: ${whole.namespaces.map((n) => n.name).join(', ') || 'none'})`);
}

const NAMESPACES = ['a', 'b', 'c', 'istio-system'];
const HOSTS = ['x', 'y', 'x.b.svc.cluster.local', 'y.c.svc.cluster.local', 'z.a.svc.cluster.local', 'api.example.com', '*.example.com'];
const meta = (namespace: string, name: string) => ({ name, namespace });

const service = fc.record({ ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom('x', 'y', 'z'), app: fc.constantFrom('x', 'y') })
  .map(({ ns, name, app }) => ({ apiVersion: 'v1', kind: 'Service', metadata: meta(ns, name), spec: { selector: { app }, ports: [{ name: 'http', port: 8080 }] } }));
const deployment = fc.record({ ns: fc.constantFrom(...NAMESPACES), app: fc.constantFrom('x', 'y'), version: fc.constantFrom('v1', 'v2'), sa: fc.constantFrom('x', 'front') })
  .map(({ ns, app, version, sa }) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(ns, `${app}-${version}`),
    spec: { selector: { matchLabels: { app, version } }, template: { metadata: { labels: { app, version } }, spec: { serviceAccountName: sa, containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 8080 }] }] } } },
  }));
const serviceEntry = fc.record({ ns: fc.constantFrom(...NAMESPACES), hosts: fc.subarray(HOSTS.slice(2), { minLength: 1 }), internal: fc.boolean() })
  .map(({ ns, hosts, internal }) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: meta(ns, `se-${hosts.length}`),
    spec: { hosts, ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], resolution: 'DNS', ...(internal ? { location: 'MESH_INTERNAL', workloadSelector: { labels: { app: 'x' } } } : {}) },
  }));
const destinationRule = fc.record({ ns: fc.constantFrom(...NAMESPACES), host: fc.constantFrom(...HOSTS), subsets: fc.subarray(['v1', 'v2']) })
  .map(({ ns, host, subsets }) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta(ns, `dr-${host.replace(/[^a-z]/g, '')}`),
    spec: { host, subsets: subsets.map((v) => ({ name: v, labels: { version: v } })) },
  }));
const destination = fc.record({ host: fc.constantFrom(...HOSTS.filter((h) => !h.startsWith('*'))), subset: fc.option(fc.constantFrom('v1', 'v2'), { nil: undefined }), weight: fc.option(fc.nat(100), { nil: undefined }) })
  .map(({ host, subset, weight }) => ({ destination: { host, ...(subset ? { subset } : {}) }, ...(weight !== undefined ? { weight } : {}) }));
const httpRule = fc.record({
  match: fc.option(fc.array(fc.record({ uri: fc.constant({ prefix: '/api' }), gateways: fc.option(fc.constant(['b/gw']), { nil: undefined }) }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  route: fc.array(destination, { minLength: 1, maxLength: 3 }),
  timeout: fc.option(fc.constant('3s'), { nil: undefined }),
  mirror: fc.option(fc.constant({ host: 'y' }), { nil: undefined }),
}).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
const virtualService = fc.record({
  ns: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom('v1', 'v2', 'v3'),
  hosts: fc.subarray(HOSTS.filter((h) => !h.startsWith('*')), { minLength: 1, maxLength: 2 }),
  gateways: fc.option(fc.subarray(['mesh', 'gw', 'b/gw', 'c/edge'], { minLength: 1 }), { nil: undefined }),
  http: fc.array(httpRule, { maxLength: 2 }),
  tcp: fc.array(fc.record({ route: fc.array(destination, { minLength: 1, maxLength: 2 }) }), { maxLength: 1 }),
}).map(({ ns, name, hosts, gateways, http, tcp }) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: meta(ns, name),
  spec: { hosts, ...(gateways ? { gateways } : {}), http, tcp },
}));
const gateway = fc.record({ ns: fc.constantFrom(...NAMESPACES), name: fc.constantFrom('gw', 'edge') })
  .map(({ ns, name }) => ({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: meta(ns, name), spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] } }));
const peerAuthentication = fc.record({ ns: fc.constantFrom(...NAMESPACES), mode: fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE') })
  .map(({ ns, mode }) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta(ns, 'default'), spec: { mtls: { mode } } }));
const authorizationPolicy = fc.record({ ns: fc.constantFrom(...NAMESPACES), app: fc.constantFrom('x', 'y'), from: fc.constantFrom({ principals: ['cluster.local/ns/b/sa/front'] }, { namespaces: ['c'] }, { notNamespaces: ['a'] }) })
  .map(({ ns, app, from }) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(ns, `allow-${app}`), spec: { selector: { matchLabels: { app } }, rules: [{ from: [{ source: from }] }] } }));
const namespace = fc.record({ name: fc.constantFrom(...NAMESPACES), ambient: fc.boolean() })
  .map(({ name, ambient }) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: ambient ? { 'istio.io/dataplane-mode': 'ambient' } : { 'istio-injection': 'enabled' } } }));
const object = fc.oneof(
  service, deployment, serviceEntry, destinationRule, virtualService, virtualService, gateway, peerAuthentication, authorizationPolicy, namespace,
);
const mesh = fc.array(object, { minLength: 1, maxLength: 14 });

describe('--namespace: the cut of the whole graph', () => {
  test('on generated meshes', () => {
    fc.assert(fc.property(mesh, (objects) => expectCutOfWhole(objects)), { numRuns: 40 });
  });

  const examples = path.join(__dirname, '..', '..', 'examples');
  test.each(fs.readdirSync(examples).filter((e) => fs.existsSync(path.join(examples, e, 'dist'))))('on the output of examples/%s', (example) => {
    expectCutOfWhole(loadDocuments([path.join(examples, example, 'dist')]).map((d) => d.object));
  });
});
