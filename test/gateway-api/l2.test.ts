import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import * as fc from 'fast-check';
import {
  AllowedRoutes, Backend, GatewayApiChannel, GrpcRoute, HttpRoute, HttpRouteFilter, IstioSettings, IstioTesting, KubernetesGateway,
  ListenerProtocol, ListenerTlsMode, PathMatch, Protocol, ServiceEntryResolution, PathModifier, RedirectStatusCode, ReferenceGrant,
  RouteParent, ServiceEntry, TcpRoute, TlsRoute,
} from '../../lib';

const chart = () => Testing.chart();

function shopGateway(c = chart()) {
  const gw = new KubernetesGateway(c, 'gw', { metadata: { name: 'shop-gw', namespace: 'ingress' } });
  gw.addListener({ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'shop.example.com', allowedRoutes: AllowedRoutes.allNamespaces() });
  gw.addListener({
    name: 'https',
    port: 443,
    protocol: ListenerProtocol.HTTPS,
    hostname: 'shop.example.com',
    tls: { certificates: [{ name: 'shop-cert', metadata: { namespace: 'certs' } }] },
    allowedRoutes: AllowedRoutes.namespacesWithLabels({ shop: 'true' }, ['HTTPRoute']),
  });
  return { c, gw };
}

describe('KubernetesGateway', () => {
  test('class istio by default, listeners, TLS certificateRefs (namespace only when another) and allowedRoutes', () => {
    const { c } = shopGateway();
    const [gw] = IstioTesting.synth(c);
    expect(gw.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gw.spec).toEqual({
      gatewayClassName: 'istio',
      listeners: [
        { name: 'http', hostname: 'shop.example.com', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } },
        {
          name: 'https',
          hostname: 'shop.example.com',
          port: 443,
          protocol: 'HTTPS',
          tls: { certificateRefs: [{ name: 'shop-cert', namespace: 'certs' }] },
          allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { shop: 'true' } } }, kinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }] },
        },
      ],
    });
  });

  test('what the API cannot express is an error naming the construct, the field and the fix', () => {
    const c = chart();
    const gw = new KubernetesGateway(c, 'gw', { metadata: { name: 'gw' } });
    gw.addListener({ name: 'http', port: 80, protocol: ListenerProtocol.HTTP });
    expect(() => gw.addListener({ name: 'http', port: 8080, protocol: ListenerProtocol.HTTP }))
      .toThrow(/test\/gw \(Gateway gw\): spec\.listeners\[1\]\.name: a listener named 'http' already exists/);
    expect(() => gw.addListener({ name: 'secure', port: 443, protocol: ListenerProtocol.HTTPS }))
      .toThrow(/spec\.listeners\[1\]\.tls: a HTTPS listener needs tls/);
    expect(() => gw.addListener({ name: 'db', port: 5432, protocol: ListenerProtocol.TCP, hostname: 'db.example.com' }))
      .toThrow(/a TCP listener cannot match a hostname\. Remove hostname, or use protocol TLS/);
    expect(() => gw.addListener({ name: 'pass', port: 443, protocol: ListenerProtocol.HTTPS, tls: { mode: ListenerTlsMode.PASSTHROUGH } }))
      .toThrow(/an HTTPS listener terminates TLS/);
    expect(() => gw.addListener({ name: 'http2', port: 80, protocol: ListenerProtocol.HTTP }))
      .toThrow(/listener 'http' already serves port 80 HTTP/);
    expect(() => gw.listener('nope')).toThrow(/Gateway gw has no listener 'nope' \(listeners: http\)/);
    // A failed constructor leaves nothing behind.
    expect(() => new KubernetesGateway(c, 'bad', { listeners: [{ name: 'UPPER', port: 80, protocol: ListenerProtocol.HTTP }] })).toThrow(/not a valid listener name/);
    expect(c.node.tryFindChild('bad')).toBeUndefined();
  });
});

describe('HttpRoute', () => {
  test('parents from a Gateway listener in another namespace, weighted Services, filters and timeouts; the output passes the CRD checks', () => {
    const { c, gw } = shopGateway();
    const cart = new kplus.Service(c, 'cart', { metadata: { name: 'cart', namespace: 'shop' }, ports: [{ port: 8080 }] });
    const cartV2 = new kplus.Service(c, 'cart-v2', { metadata: { name: 'cart-v2', namespace: 'shop' }, ports: [{ port: 8080 }] });
    const route = new HttpRoute(c, 'cart-route', {
      metadata: { name: 'cart', namespace: 'shop' },
      parents: [gw.listener('https')],
      hostnames: ['shop.example.com'],
      rules: [{
        matches: [{ path: PathMatch.prefix('/cart'), headers: [{ name: 'x-beta', value: 'yes' }] }],
        filters: [
          HttpRouteFilter.requestHeaders({ set: { 'x-b': '2', 'x-a': '1' }, remove: ['cookie'] }),
          HttpRouteFilter.mirror(Backend.service(cartV2), { percent: 10 }),
        ],
        backends: [Backend.service(cart, { weight: 90 }), Backend.service(cartV2, { weight: 10 })],
        timeouts: { request: Duration.seconds(10), backendRequest: Duration.millis(2500) },
      }],
    });
    route.addRule({ matches: [{ path: PathMatch.prefix('/old') }], filters: [HttpRouteFilter.redirect({ path: PathModifier.replacePrefix('/new'), statusCode: RedirectStatusCode.MOVED_PERMANENTLY })] });
    const out = IstioTesting.synth(c).find((o) => o.kind === 'HTTPRoute');
    expect(out.spec.parentRefs).toEqual([{ name: 'shop-gw', namespace: 'ingress', sectionName: 'https' }]);
    expect(out.spec.rules[0].backendRefs).toEqual([{ name: 'cart', port: 8080, weight: 90 }, { name: 'cart-v2', port: 8080, weight: 10 }]);
    expect(out.spec.rules[0].filters[0]).toEqual({ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }, { name: 'x-b', value: '2' }], remove: ['cookie'] } });
    expect(out.spec.rules[0].filters[1]).toEqual({ type: 'RequestMirror', requestMirror: { backendRef: { name: 'cart-v2', port: 8080 }, percent: 10 } });
    expect(out.spec.rules[0].timeouts).toEqual({ request: '10s', backendRequest: '2500ms' });
    expect(out.spec.rules[1].filters[0].requestRedirect).toEqual({ path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' }, statusCode: 301 });
  });

  test('a ServiceEntry backend is Istio\'s Hostname kind; a Service parent routes mesh traffic', () => {
    const c = chart();
    const se = new ServiceEntry(c, 'ext', { metadata: { name: 'ext', namespace: 'shop' }, hosts: ['api.partner.com'], ports: [{ number: 443, name: 'https', protocol: Protocol.HTTPS }], resolution: ServiceEntryResolution.DNS });
    const svc = new kplus.Service(c, 'reviews', { metadata: { name: 'reviews', namespace: 'shop' }, ports: [{ port: 9080 }] });
    new HttpRoute(c, 'r', { metadata: { name: 'r', namespace: 'shop' }, parents: [RouteParent.service(svc)], rules: [{ backends: [Backend.serviceEntry(se, { port: 443 })] }] });
    const route = Testing.synth(c).find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews' }]);
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: 'networking.istio.io', kind: 'Hostname', name: 'api.partner.com', port: 443 }]);
  });

  test('rules the API rejects are errors at the call', () => {
    const c = chart();
    const route = new HttpRoute(c, 'r', { metadata: { name: 'r' } });
    const svc = Backend.reference({ name: 'a', port: 80 });
    expect(() => route.addRule({ filters: [HttpRouteFilter.redirect({ scheme: 'https' })], backends: [svc] }))
      .toThrow(/spec\.rules\[0\]: a redirect answers the request itself, so the rule cannot also have backends/);
    expect(() => route.addRule({ matches: [{ path: PathMatch.exact('/a') }], filters: [HttpRouteFilter.rewrite({ path: PathModifier.replacePrefix('/b') })], backends: [svc] }))
      .toThrow(/URLRewrite with replacePrefix needs the rule to have exactly one match, with a path prefix/);
    expect(() => route.addRule({ filters: [HttpRouteFilter.requestHeaders({ set: { a: '1' } }), HttpRouteFilter.requestHeaders({ add: { b: '2' } })], backends: [svc] }))
      .toThrow(/a second RequestHeaderModifier filter/);
    expect(() => route.addRule({ backends: [svc], timeouts: { request: Duration.seconds(1), backendRequest: Duration.seconds(2) } }))
      .toThrow(/the backend timeout is longer than the request timeout/);
    expect(() => Backend.service(new kplus.Service(c, 's', { ports: [{ port: 80 }, { port: 81 }] }))).toThrow(/needs a port: .* it has 2 \(80, 81\); pass \{ port \}/);
    expect(() => Backend.reference({ name: 'a', port: 80, weight: 2_000_000 })).toThrow(/whole number from 0 to 1,000,000/);
  });

  // apis/v1/shared_types.go `Hostname`: the pattern and maxLength 253, for routes, listeners and BackendTLSPolicy alike.
  test('a route host name is a Gateway API Hostname: lower case, a leading *. only, at most 253 characters', () => {
    const at = (hostnames: string[]) => () => new HttpRoute(chart(), 'r', { metadata: { name: 'r' }, hostnames });
    const long = `${'a'.repeat(63)}.`.repeat(4).slice(0, 254);
    expect(at(['*.example.com', long.slice(0, 253)])).not.toThrow();
    expect(at([long])).toThrow(/spec\.hostnames\[0\]: 'a+\.[a.]+' is not a host name/);
    expect(at(['Shop.example.com'])).toThrow(/spec\.hostnames\[0\]: 'Shop\.example\.com' is not a host name/);
    expect(at(['shop.*.com'])).toThrow(/is not a host name/);
  });

  test('property: any weights 0..1,000,000 render as given and pass the CRD checks', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 4 }), (weights) => {
      const c = Testing.chart();
      new HttpRoute(c, 'r', {
        metadata: { name: 'r' },
        rules: [{ backends: weights.map((w, i) => Backend.reference({ name: `v${i}`, port: 80, weight: w })) }],
      });
      const [out] = IstioTesting.synth(c);
      expect(out.spec.rules[0].backendRefs.map((b: any) => b.weight)).toEqual(weights);
    }), { numRuns: 15 });
  });
});

describe('GRPCRoute, TLSRoute, TCPRoute, ReferenceGrant', () => {
  test('render and pass the checks (TCPRoute on the experimental channel)', () => {
    const c = chart();
    IstioSettings.apply(c, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    const gw = new KubernetesGateway(c, 'gw', { metadata: { name: 'gw', namespace: 'shop' } });
    const grpc = gw.addListener({ name: 'grpc', port: 80, protocol: ListenerProtocol.HTTP });
    const tls = gw.addListener({ name: 'tls', port: 443, protocol: ListenerProtocol.TLS, tls: { mode: ListenerTlsMode.PASSTHROUGH } });
    const tcp = gw.addListener({ name: 'tcp', port: 5432, protocol: ListenerProtocol.TCP });
    new GrpcRoute(c, 'g', { metadata: { name: 'g', namespace: 'shop' }, parents: [grpc], rules: [{ matches: [{ service: 'com.example.Store', method: 'Get' }], backends: [Backend.reference({ name: 'store', port: 9000 })] }] });
    new TlsRoute(c, 't', { metadata: { name: 't', namespace: 'shop' }, parents: [tls], hostnames: ['db.example.com'], backends: [Backend.reference({ name: 'db', port: 443 })] });
    new TcpRoute(c, 'p', { metadata: { name: 'p', namespace: 'shop' }, parents: [tcp], backends: [Backend.reference({ name: 'pg', port: 5432, namespace: 'data' })] });
    new ReferenceGrant(c, 'grant', { metadata: { name: 'shop-to-pg', namespace: 'data' }, from: [{ kind: 'TCPRoute', namespace: 'shop' }], to: [{ kind: 'Service', name: 'pg' }] });
    const out = IstioTesting.synth(c);
    expect(out.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([
      'gateway.networking.k8s.io/v1 Gateway', 'gateway.networking.k8s.io/v1 GRPCRoute', 'gateway.networking.k8s.io/v1 TLSRoute',
      'gateway.networking.k8s.io/v1alpha2 TCPRoute', 'gateway.networking.k8s.io/v1beta1 ReferenceGrant',
    ]);
    expect(out[1].spec.rules[0].matches).toEqual([{ method: { service: 'com.example.Store', method: 'Get' } }]);
    expect(out[3].spec).toEqual({ parentRefs: [{ name: 'gw', sectionName: 'tcp' }], rules: [{ backendRefs: [{ name: 'pg', namespace: 'data', port: 5432 }] }] });
    expect(out[4].spec).toEqual({ from: [{ group: 'gateway.networking.k8s.io', kind: 'TCPRoute', namespace: 'shop' }], to: [{ group: '', kind: 'Service', name: 'pg' }] });
  });

  test('a TCPRoute on a standard-channel cluster fails the synth naming the setting', () => {
    const c = chart();
    new TcpRoute(c, 'p', { metadata: { name: 'p' }, backends: [Backend.reference({ name: 'pg', port: 5432 })] });
    expect(() => IstioTesting.synth(c)).toThrow(/CIS1016.*gatewayApiChannel: experimental/s);
  });

  test('a GRPCRoute cannot redirect', () => {
    const c = chart();
    expect(() => new GrpcRoute(c, 'g', { rules: [{ filters: [HttpRouteFilter.redirect({ scheme: 'https' })] }] }))
      .toThrow(/a GRPCRoute cannot use a RequestRedirect filter\. Use an HTTPRoute/);
  });
});
