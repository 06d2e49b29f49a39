import { app, model, ns, policy } from './helpers';

const BASE = [ns('shop'), app('shop', 'frontend'), app('shop', 'reviews', { labels: { version: 'v1' } }), ns('other'), app('other', 'client')];
const REVIEWS = 'reviews.shop.svc.cluster.local';

function route(docs: string[], request: object = {}) {
  return model([...BASE, ...docs]).route({ from: 'shop/frontend', host: 'reviews', port: 80, ...request });
}

const vs = (spec: object, name = 'reviews', namespace = 'shop') => policy(namespace, name, spec, 'VirtualService');

describe('route: which VirtualService', () => {
  // pilot/pkg/networking/core/route/route.go `BuildSidecarVirtualHostWrapper`: no VirtualService, the Service's own route.
  test('no VirtualService: the Service itself', () => {
    expect(route([])).toMatchObject({ destinations: [], service: { host: REVIEWS, port: 80 } });
    expect(route([]).virtualService).toBeUndefined();
  });

  // pilot/pkg/model/config.go `ResolveShortnameToFQDN`: hosts and destinations resolve in the VirtualService's namespace.
  test('short names resolve in the VirtualService namespace; the caller resolves its own short names by DNS search', () => {
    const r = route([vs({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] })]);
    expect(r).toMatchObject({ virtualService: 'shop/reviews', rule: '0', destinations: [{ host: REVIEWS, subset: 'v1', weight: 100 }] });
    const elsewhere = vs({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }, 'reviews', 'other');
    expect(route([elsewhere]).virtualService).toBeUndefined();
    expect(model([...BASE, elsewhere]).route({ from: 'other/client', host: 'reviews.shop', port: 80 }).virtualService).toBeUndefined();
  });

  // pilot/pkg/model/virtualservice.go `SelectVirtualServices`: exportTo; pkg/config/host `Matches` for wildcards.
  test('exportTo hides a VirtualService from other namespaces; wildcard hosts match', () => {
    const priv = vs({ hosts: [REVIEWS], exportTo: ['.'], http: [{ route: [{ destination: { host: REVIEWS } }] }] });
    expect(route([priv]).virtualService).toBe('shop/reviews');
    expect(model([...BASE, priv]).route({ from: 'other/client', host: 'reviews.shop', port: 80 }).virtualService).toBeUndefined();
    const wild = vs({ hosts: ['*.shop.svc.cluster.local'], http: [{ route: [{ destination: { host: 'frontend' } }] }] }, 'wild');
    expect(route([wild]).destinations).toEqual([{ host: 'frontend.shop.svc.cluster.local', weight: 100 }]);
    const exact = vs({ hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }] }] }, 'z-exact');
    expect(route([wild, exact]).virtualService).toBe('shop/z-exact');
  });

  // route.go `sourceMatchHTTP`: gateways binding; `mesh` is the sidecars.
  test('a VirtualService bound to a gateway does not route sidecars unless it names mesh', () => {
    const gw = vs({ hosts: ['reviews'], gateways: ['edge'], http: [{ route: [{ destination: { host: 'reviews' } }] }] });
    expect(route([gw]).virtualService).toBeUndefined();
    const both = vs({ hosts: ['reviews'], gateways: ['edge', 'mesh'], http: [{ route: [{ destination: { host: 'reviews' } }] }] });
    expect(route([both]).virtualService).toBe('shop/reviews');
  });

  // route.go `BuildHTTPRoutesForVirtualService`: a VirtualService that builds no route for this caller does not apply.
  test('a VirtualService whose every match is for other sources or ports does not apply', () => {
    const spec = { hosts: ['reviews'], http: [{ match: [{ sourceLabels: { app: 'nobody' } }, { port: 9999 }], route: [{ destination: { host: 'reviews' } }] }] };
    expect(route([vs(spec)]).virtualService).toBeUndefined();
  });
});

describe('route: which rule', () => {
  const rules = vs({
    hosts: ['reviews'],
    http: [
      { name: 'canary', match: [{ headers: { 'x-canary': { exact: 'yes' } }, uri: { prefix: '/api' } }, { queryParams: { canary: { regex: '1|true' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }] },
      { name: 'ns', match: [{ sourceNamespace: 'other' }], route: [{ destination: { host: 'reviews', subset: 'other' } }] },
      { name: 'moved', match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new' } },
      { name: 'teapot', match: [{ method: { exact: 'BREW' } }], directResponse: { status: 418 } },
      { name: 'regex', match: [{ uri: { regex: '/v[0-9]+/.*' }, ignoreUriCase: true }], route: [{ destination: { host: 'reviews', subset: 'versioned' } }], fault: { delay: { fixedDelay: '1s' } } },
      { name: 'split', match: [{ uri: { prefix: '/split' } }], route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 25 }, { destination: { host: 'reviews', subset: 'v3' }, weight: 0 }] },
    ],
  });

  // route.go `TranslateRouteMatch`: conditions of a block ANDed, blocks ORed, first rule wins.
  test.each([
    [{ path: '/api/x', headers: { 'X-Canary': 'yes' } }, 'canary'],
    [{ path: '/api/x' }, undefined],
    [{ path: '/other?canary=true' }, 'canary'],
    [{ path: '/other?canary=yes' }, undefined],
    [{ path: '/old' }, 'moved'],
    [{ method: 'BREW' }, 'teapot'],
    [{ path: '/V2/items' }, undefined],
    [{ path: '/v2/items' }, 'regex'],
    [{ path: '/split/a' }, 'split'],
  ])('%j → rule %s', (request, rule) => {
    const r = route([rules], request);
    expect(r.virtualService).toBe('shop/reviews');
    expect(r.rule).toBe(rule);
  });

  test('redirects, direct responses and faults are reported; weights of 0 are dropped', () => {
    expect(route([rules], { path: '/old' })).toMatchObject({ destinations: [], redirect: { uri: '/new' } });
    expect(route([rules], { method: 'BREW' })).toMatchObject({ destinations: [], directResponse: { status: 418 } });
    expect(route([rules], { path: '/v1/a' }).fault).toEqual({ delay: { fixedDelay: '1s' } });
    expect(route([rules], { path: '/split' }).destinations.map((d) => [d.subset, d.weight])).toEqual([['v1', 75], ['v2', 25]]);
    expect(model([...BASE, rules]).route({ from: 'other/client', host: 'reviews.shop', port: 80 }).rule).toBe('ns');
  });

  // route.go `TranslateRoute`: withoutHeaders inverts; a missing header counts as empty.
  test('withoutHeaders', () => {
    const w = vs({ hosts: ['reviews'], http: [{ match: [{ withoutHeaders: { 'x-debug': { exact: '1' } } }], route: [{ destination: { host: 'reviews', subset: 'prod' } }] }] });
    expect(route([w]).destinations[0].subset).toBe('prod');
    expect(route([w], { headers: { 'x-debug': '1' } }).destinations).toEqual([]);
  });

  test('a delegating rule routes by the delegate', () => {
    const root = vs({ hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/v2' } }], delegate: { name: 'reviews-v2', namespace: 'other' } }] });
    const delegate = vs({ http: [{ match: [{ uri: { prefix: '/v2/beta' } }], route: [{ destination: { host: 'reviews', subset: 'beta' } }] }] }, 'reviews-v2', 'other');
    const r = route([root, delegate], { path: '/v2/beta/x' });
    expect(r).toMatchObject({ virtualService: 'shop/reviews', destinations: [{ host: 'reviews.other.svc.cluster.local', subset: 'beta', weight: 100 }] });
    expect(route([root, delegate], { path: '/v2/stable' }).destinations).toEqual([]);
  });
});

describe('route: gateways', () => {
  const gateway = policy('edge', 'public', { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*.example.com'] }] }, 'Gateway');
  const www = vs({ hosts: ['www.example.com'], gateways: ['edge/public'], http: [{ match: [{ uri: { prefix: '/reviews' }, gateways: ['edge/public'] }], route: [{ destination: { host: 'reviews' } }] }, { route: [{ destination: { host: 'frontend' } }] }] }, 'www');
  const ask = (request: object) => model([...BASE, gateway, www]).route({ from: 'gateway:edge/public', host: 'www.example.com', ...request });

  // pilot/pkg/networking/core/gateway.go: VirtualServices naming the gateway, intersecting the server hosts.
  test('routes by the VirtualServices bound to the gateway', () => {
    expect(ask({ path: '/reviews/1' }).destinations).toEqual([{ host: REVIEWS, weight: 100 }]);
    expect(ask({ path: '/' }).destinations).toEqual([{ host: 'frontend.shop.svc.cluster.local', weight: 100 }]);
    expect(ask({ host: 'api.example.com' })).toMatchObject({ destinations: [] });
    expect(ask({ host: 'api.example.com' }).virtualService).toBeUndefined();
    expect(ask({ port: 443 }).destinations).toEqual([]);
  });

  test('an unknown gateway lists the known ones', () => {
    expect(() => model([...BASE, gateway]).route({ from: 'gateway:edge/private', host: 'x' })).toThrow(/unknown gateway "edge\/private"; known: gateway:edge\/public/);
  });
});
