import * as fc from 'fast-check';
import { app, model, ns } from './helpers';
import { sortHttpRoutes } from '../../lib/model/http-routes';

const CART = 'cart.shop.svc.cluster.local';

function httpRoute(namespace: string, name: string, spec: object, created?: string): string {
  const metadata = { name, namespace, ...(created ? { creationTimestamp: created } : {}) };
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: ${JSON.stringify(metadata)}\nspec: ${JSON.stringify(spec)}\n`;
}

function gateway(listeners: object[]): string {
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: infra}\nspec: ${JSON.stringify({ gatewayClassName: 'istio', listeners })}\n`;
}

const BASE = [ns('shop'), app('shop', 'cart'), app('shop', 'cart-v2'), ns('client'), app('client', 'web'), ns('infra')];
const HTTP = { name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } };
const toGateway = (rules: object[], extra: object = {}) => ({ parentRefs: [{ name: 'web', namespace: 'infra' }], rules, ...extra });
const backend = (name: string, weight?: number) => ({ name, port: 80, ...(weight === undefined ? {} : { weight }) });

describe('HTTPRoutes at a Gateway API gateway', () => {
  // pilot/pkg/config/kube/gateway/conversion.go `sortHTTPRoutes`: exact > prefix > regex, longer first, method, headers, query
  // parameters; conformance test HTTPRouteMatchingAcrossRoutes (routes of several HTTPRoutes for one host are merged).
  test('merged routes are sorted by match specificity, whatever the rule order', () => {
    const m = model([...BASE, gateway([HTTP]),
      httpRoute('shop', 'a', toGateway([
        { matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [backend('cart')] },
        { matches: [{ path: { type: 'RegularExpression', value: '/v[0-9]+/.*' } }], backendRefs: [backend('cart-v2')] },
      ]), '2026-01-01T00:00:00Z'),
      httpRoute('shop', 'b', toGateway([
        { matches: [{ path: { type: 'PathPrefix', value: '/v1' }, method: 'POST' }], backendRefs: [backend('cart-v2')] },
        { matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: [backend('cart')] },
      ]), '2026-01-02T00:00:00Z')]);
    const ask = (path: string, method = 'GET') => m.route({ from: 'gateway:infra/web', host: 'any.example.com', port: 80, path, method });
    expect(ask('/v1/x', 'POST')).toMatchObject({ virtualService: 'shop/b', destinations: [{ host: 'cart-v2.shop.svc.cluster.local' }] });
    expect(ask('/v1/x')).toMatchObject({ virtualService: 'shop/b', destinations: [{ host: CART }] });
    // A prefix (even `/`) ranks above any regex: the regex rule is never reached.
    expect(ask('/v2/x')).toMatchObject({ virtualService: 'shop/a', destinations: [{ host: CART }] });
  });

  // conversion.go `createURIMatch` (a trailing / is ignored) and route.go (PathSeparatedPrefix for Gateway semantics).
  test('a path prefix matches whole segments', () => {
    const m = model([...BASE, gateway([HTTP]), httpRoute('shop', 'a', toGateway([{ matches: [{ path: { value: '/api/' } }], backendRefs: [backend('cart')] }]))]);
    const ask = (path: string) => m.route({ from: 'gateway:infra/web', host: 'x', path }).destinations.length;
    expect([ask('/api'), ask('/api/'), ask('/api/x'), ask('/apix')]).toEqual([1, 1, 1, 0]);
  });

  // conversion.go `buildHTTPDestination` (weights default 1, 0 dropped) and `convertHTTPRoute` (no backends: 404, all 0: 500).
  test('relative weights as shares; empty and zero-weight rules answer directly', () => {
    const m = model([...BASE, gateway([HTTP]), httpRoute('shop', 'a', toGateway([
      { matches: [{ path: { value: '/w' } }], backendRefs: [backend('cart', 3), backend('cart-v2'), backend('web', 0)] },
      { matches: [{ path: { value: '/none' } }] },
      { matches: [{ path: { value: '/zero' } }], backendRefs: [backend('cart', 0)] },
    ]))]);
    const ask = (path: string) => m.route({ from: 'gateway:infra/web', host: 'x', path });
    expect(ask('/w').destinations.map((d) => d.weight)).toEqual([75, 25]);
    expect(ask('/none').directResponse).toEqual({ status: 404 });
    expect(ask('/zero').directResponse).toEqual({ status: 500 });
  });

  // route_collections.go (parentRef sectionName/port) and conversion.go `referenceAllowed`: listeners admit routes by namespace.
  test('listeners admit routes by section, namespace and hostname', () => {
    const listeners = [HTTP, { name: 'internal', port: 8080, protocol: 'HTTP', hostname: 'internal.example.com' }];
    const routeTo = (section: string, hostnames: string[]) => httpRoute('shop', `r-${section}`, {
      parentRefs: [{ name: 'web', namespace: 'infra', sectionName: section }], hostnames, rules: [{ backendRefs: [backend('cart')] }],
    });
    const m = model([...BASE, gateway(listeners), routeTo('internal', ['internal.example.com']), routeTo('http', ['shop.example.com'])]);
    expect(m.route({ from: 'gateway:infra/web', host: 'internal.example.com', port: 8080 }).virtualService).toBeUndefined();
    expect(m.route({ from: 'gateway:infra/web', host: 'shop.example.com', port: 80 }).virtualService).toBe('shop/r-http');
    expect(m.route({ from: 'gateway:infra/web', host: 'internal.example.com', port: 80 }).virtualService).toBeUndefined();
  });

  // conversion.go `buildDestination` with enforceRefGrant: a backend in another namespace needs a ReferenceGrant at a gateway.
  test('a cross-namespace backend needs a ReferenceGrant at a gateway', () => {
    const r = httpRoute('client', 'cross', toGateway([{ backendRefs: [{ name: 'cart', namespace: 'shop', port: 80 }] }]));
    const grant = 'apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: shop}\n'
      + 'spec: {from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: client}], to: [{group: "", kind: Service}]}\n';
    const ask = (docs: string[]) => model([...BASE, gateway([HTTP]), r, ...docs]).route({ from: 'gateway:infra/web', host: 'x' });
    expect(ask([])).toMatchObject({ virtualService: 'client/cross', destinations: [], directResponse: { status: 500 } });
    expect(ask([grant]).destinations).toEqual([{ host: CART, port: 80, weight: 100 }]);
  });
});

describe('HTTPRoutes bound to a Service (mesh, GAMMA)', () => {
  const producer = httpRoute('shop', 'split', { parentRefs: [{ kind: 'Service', group: '', name: 'cart', port: 80 }], rules: [{ backendRefs: [backend('cart-v2')] }] });
  // route_collections.go `augmentPortMatch`: a parentRef port only routes that port.
  test('a producer route applies to every sidecar caller, on its parent port', () => {
    const m = model([...BASE, producer]);
    expect(m.route({ from: 'client/web', host: 'cart.shop', port: 80 })).toMatchObject({ virtualService: 'shop/split', destinations: [{ host: 'cart-v2.shop.svc.cluster.local' }] });
    expect(m.route({ from: 'client/web', host: 'cart.shop', port: 81 }).virtualService).toBeUndefined();
  });

  // pilot/pkg/networking/core/route/route.go: Gateway semantics admit routes from the proxy's or the destination's namespace only.
  test('a route in a third namespace routes only its own namespace; a Service parent needs group ""', () => {
    const consumer = httpRoute('client', 'mine', { parentRefs: [{ kind: 'Service', group: '', name: 'cart', namespace: 'shop' }], rules: [{ backendRefs: [{ ...backend('cart-v2'), namespace: 'shop' }] }] });
    const m = model([...BASE, ns('third'), app('third', 'other'), consumer, producer]);
    expect(m.route({ from: 'client/web', host: 'cart.shop', port: 80 }).virtualService).toBe('client/mine');
    expect(m.route({ from: 'third/other', host: 'cart.shop', port: 80 }).virtualService).toBe('shop/split');
    // parentRefs' group defaults to gateway.networking.k8s.io: `kind: Service` alone names no Service (NormalizeReference).
    const noGroup = httpRoute('client', 'mine', { parentRefs: [{ kind: 'Service', name: 'cart', namespace: 'shop' }], rules: [{ backendRefs: [backend('web')] }] });
    expect(model([...BASE, noGroup]).route({ from: 'client/web', host: 'cart.shop', port: 80 }).virtualService).toBeUndefined();
  });
});

describe('sortHttpRoutes', () => {
  const arb = fc.record({
    kind: fc.constantFrom('exact', 'prefix', 'regex'),
    value: fc.stringMatching(/^\/[a-z]{0,4}$/),
    method: fc.boolean(),
    headers: fc.nat(2),
  }).map(({ kind, value, method, headers }) => ({
    match: [{
      uri: { [kind]: value },
      ...(method ? { method: { exact: 'GET' } } : {}),
      ...(headers > 0 ? { headers: Object.fromEntries([...Array(headers).keys()].map((i) => [`h${i}`, { exact: 'x' }])) } : {}),
    }],
  }));
  // conversion.go `sortHTTPRoutes` is a stable sort: sorting twice changes nothing, and ranks never decrease along the list.
  test('is stable, idempotent and orders by rank then length', () => {
    fc.assert(fc.property(fc.array(arb, { maxLength: 8 }), (routes) => {
      const once = sortHttpRoutes(routes);
      expect(sortHttpRoutes(once)).toEqual(once);
      const rank = (r: typeof routes[number]) => ({ exact: 3, prefix: 2, regex: 1 } as Record<string, number>)[Object.keys(r.match[0].uri)[0]];
      const ranks = once.map((r) => rank(r as typeof routes[number]));
      expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    }), { numRuns: 50 });
  });
});
