import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { newChart, synth } from './util';
import { expectNoErrors } from './validate';
import {
  Destination, DestinationRule, Gateway, GrpcStatus, HttpMethod, IstioSettings, MESH, NetworkingApiVersion, Protocol,
  RedirectPortSelection, RetryOn, ServerTls, StringMatch, UnmatchedPreflights, VirtualService,
} from '../../lib';

function onlySpec(chart: Chart): any {
  const objects = synth(chart);
  expectNoErrors(objects);
  return objects.find((o) => o.kind === 'VirtualService').spec;
}

describe('VirtualService', () => {
  test('insertHttpRoute puts a rule before another (rules are tried in order); a bad index is refused', () => {
    const chart = newChart();
    const vs = new VirtualService(chart, 'reviews', { hosts: ['reviews'] });
    vs.addHttpRoute({ route: [{ destination: Destination.host('reviews') }] });
    vs.insertHttpRoute(0, { name: 'first', match: [{ uri: StringMatch.prefix('/a') }], route: [{ destination: Destination.host('reviews') }] });
    expect(vs.httpRouteCount).toBe(2);
    expect(onlySpec(chart).http.map((r: any) => r.name)).toEqual(['first', undefined]);
    expect(() => vs.insertHttpRoute(3, { route: [{ destination: Destination.host('reviews') }] })).toThrow(/test\/reviews \(VirtualService [^)]+\): spec\.http has 2 routes, so a route cannot be inserted at 3\. Give an index in 0\.\.2\./);
  });

  test('insertHttpRoute refuses an invalid route as addHttpRoute does: construct, resource and the field at its index', () => {
    const vs = new VirtualService(newChart(), 'reviews', { hosts: ['reviews'] });
    vs.addHttpRoute({ route: [{ destination: Destination.host('reviews') }] });
    expect(() => vs.insertHttpRoute(0, { route: [] })).toThrow(/^test\/reviews \(VirtualService [^)]+\): spec\.http\[0\] has no destination/);
    expect(vs.httpRouteCount).toBe(1);
  });

  test('HTTP matches: uri, headers, query params, method, authority, port, sourceLabels, gateways, withoutHeaders', () => {
    // GIVEN
    const chart = newChart('shop');
    const gw = new Gateway(chart, 'gw', {
      metadata: { name: 'public' },
      servers: [{ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['shop.example.com'] }],
    });
    // WHEN
    new VirtualService(chart, 'vs', {
      hosts: ['shop.example.com', 'cart'],
      gateways: [gw, MESH],
      http: [{
        name: 'api',
        match: [{
          name: 'v2-api',
          uri: StringMatch.regex('^/api/v2/.*'),
          ignoreUriCase: true,
          headers: { 'x-canary': StringMatch.exact('true') },
          withoutHeaders: { 'x-legacy': StringMatch.exact('true') },
          queryParams: { debug: StringMatch.exact('1') },
          method: StringMatch.exact(HttpMethod.GET),
          authority: StringMatch.prefix('shop'),
          scheme: StringMatch.exact('https'),
          port: 80,
          gateways: [gw],
        }, {
          sourceLabels: { app: 'frontend' },
          sourceNamespace: 'web',
          gateways: [MESH],
        }],
        route: [{ destination: Destination.host('cart', { port: 8080 }) }],
      }],
    });
    // THEN
    expect(onlySpec(chart)).toEqual({
      hosts: ['shop.example.com', 'cart'],
      gateways: ['public', 'mesh'],
      http: [{
        name: 'api',
        match: [{
          name: 'v2-api',
          uri: { regex: '^/api/v2/.*' },
          scheme: { exact: 'https' },
          method: { exact: 'GET' },
          authority: { prefix: 'shop' },
          headers: { 'x-canary': { exact: 'true' } },
          withoutHeaders: { 'x-legacy': { exact: 'true' } },
          queryParams: { debug: { exact: '1' } },
          ignoreUriCase: true,
          port: 80,
          gateways: ['public'],
        }, {
          sourceLabels: { app: 'frontend' },
          sourceNamespace: 'web',
          gateways: ['mesh'],
        }],
        route: [{ destination: { host: 'cart', port: { number: 8080 } } }],
      }],
    });
  });

  test('redirect, direct response, rewrite, and delegate', () => {
    const chart = newChart('shop');
    const delegate = new VirtualService(chart, 'delegate', {
      metadata: { name: 'shop-api', namespace: 'api' },
      http: [{ route: [{ destination: Destination.host('api.api.svc.cluster.local') }] }],
    });
    new VirtualService(chart, 'vs', { metadata: { name: 'shop' }, hosts: ['shop.example.com'] })
      .addHttpRoute({ match: [{ uri: StringMatch.exact('/old') }], redirect: { uri: '/new', scheme: 'https', derivePort: RedirectPortSelection.FROM_PROTOCOL_DEFAULT, redirectCode: 308 } })
      .addHttpRoute({ match: [{ uri: StringMatch.exact('/healthz') }], directResponse: { status: 200, body: 'ok' } })
      .addHttpRoute({ match: [{ uri: StringMatch.prefix('/api') }], delegate })
      .addHttpRoute({
        route: [{ destination: Destination.host('web') }],
        rewrite: { uriRegexRewrite: { match: '^/shop(/|$)(.*)', rewrite: '/\\2' }, authority: 'web.internal' },
      });
    const objects = synth(chart);
    expectNoErrors(objects);
    expect(objects[1].spec.http).toEqual([
      { match: [{ uri: { exact: '/old' } }], redirect: { uri: '/new', derivePort: 'FROM_PROTOCOL_DEFAULT', scheme: 'https', redirectCode: 308 } },
      { match: [{ uri: { exact: '/healthz' } }], directResponse: { status: 200, body: { string: 'ok' } } },
      { match: [{ uri: { prefix: '/api' } }], delegate: { name: 'shop-api', namespace: 'api' } },
      { route: [{ destination: { host: 'web' } }], rewrite: { uriRegexRewrite: { match: '^/shop(/|$)(.*)', rewrite: '/\\2' }, authority: 'web.internal' } },
    ]);
    expect(objects[0].spec.hosts).toBeUndefined();
  });

  test('a fault without a percentage is written at 100%: Istio leaves it unset and Envoy reads unset as 0% (route.go TranslateFault)', () => {
    const chart = newChart();
    new VirtualService(chart, 'vs', { hosts: ['ratings'] }).addHttpRoute({
      route: [{ destination: Destination.host('ratings') }],
      fault: { abort: { httpStatus: 503 }, delay: { fixedDelay: Duration.seconds(2) } },
    });
    expect(onlySpec(chart).http[0].fault).toEqual({
      abort: { httpStatus: 503, percentage: { value: 100 } }, delay: { fixedDelay: '2s', percentage: { value: 100 } },
    });
  });

  test('timeout, retries with status codes, fault, mirror with percentage, CORS and header manipulation', () => {
    const chart = newChart();
    const reviews = new DestinationRule(chart, 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    const v1 = reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
    const v2 = reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });
    new VirtualService(chart, 'vs', { hosts: ['reviews'] }).addHttpRoute({
      route: [{ destination: v1, weight: 100, headers: { response: { add: { 'x-version': 'v1' } } } }],
      timeout: Duration.millis(1500),
      retries: {
        attempts: 3,
        perTryTimeout: Duration.millis(500),
        retryOn: [RetryOn.FIVE_XX, RetryOn.RETRIABLE_STATUS_CODES, RetryOn.GRPC_UNAVAILABLE],
        retryOnStatusCodes: [409],
        retryRemoteLocalities: true,
        backoff: Duration.millis(50),
      },
      fault: { abort: { grpcStatus: GrpcStatus.UNAVAILABLE, percentage: 5 } },
      mirror: { destination: v2, percentage: 12.5 },
      corsPolicy: {
        allowOrigins: [StringMatch.exact('https://shop.example.com'), StringMatch.regex('https://.*\\.example\\.com')],
        allowMethods: [HttpMethod.GET, HttpMethod.POST],
        allowHeaders: ['authorization'],
        exposeHeaders: ['x-request-id'],
        maxAge: Duration.hours(24),
        allowCredentials: true,
        unmatchedPreflights: UnmatchedPreflights.IGNORE,
      },
      headers: { request: { set: { 'x-env': 'prod' }, remove: ['x-debug'] } },
    });
    expect(onlySpec(chart).http[0]).toEqual({
      route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100, headers: { response: { add: { 'x-version': 'v1' } } } }],
      timeout: '1500ms',
      retries: { attempts: 3, perTryTimeout: '500ms', retryOn: '5xx,retriable-status-codes,unavailable,409', retryRemoteLocalities: true, backoff: '50ms' },
      fault: { abort: { grpcStatus: 'UNAVAILABLE', percentage: { value: 5 } } },
      mirror: { host: 'reviews', subset: 'v2' },
      mirrorPercentage: { value: 12.5 },
      corsPolicy: {
        allowOrigins: [{ exact: 'https://shop.example.com' }, { regex: 'https://.*\\.example\\.com' }],
        allowMethods: [HttpMethod.GET, HttpMethod.POST],
        allowHeaders: ['authorization'],
        exposeHeaders: ['x-request-id'],
        maxAge: '86400s',
        allowCredentials: true,
        unmatchedPreflights: 'IGNORE',
      },
      headers: { request: { set: { 'x-env': 'prod' }, remove: ['x-debug'] } },
    });
  });

  test('a delay fault always emits its percentage (Istio delays nothing without one)', () => {
    const chart = newChart();
    new VirtualService(chart, 'vs', { hosts: ['r'] }).addHttpRoute({
      route: [{ destination: Destination.host('r') }],
      fault: { delay: { fixedDelay: Duration.seconds(2) } },
    });
    expect(onlySpec(chart).http[0].fault).toEqual({ delay: { fixedDelay: '2s', percentage: { value: 100 } } });
  });

  test('TCP and TLS routes', () => {
    const chart = newChart();
    const tcpEcho = new DestinationRule(chart, 'dr', { host: 'tcp-echo', subsets: ['v1', 'v2'].map((v) => ({ name: v, labels: { version: v } })) });
    const gw = new Gateway(chart, 'gw', {
      metadata: { name: 'edge' },
      servers: [
        { port: { number: 31400, name: 'tcp', protocol: Protocol.TCP }, hosts: ['*'] },
        { port: { number: 443, name: 'tls', protocol: Protocol.TLS }, hosts: ['*.example.com'], tls: ServerTls.passthrough() },
      ],
    });
    new VirtualService(chart, 'vs', {
      hosts: ['*.example.com', 'tcp-echo'],
      gateways: [gw],
      tcp: [{
        match: [{ port: 31400 }],
        route: [{ destination: tcpEcho.subset('v1', { port: 9000 }), weight: 80 }, { destination: tcpEcho.subset('v2', { port: 9000 }), weight: 20 }],
      }],
      tls: [{
        match: [{ port: 443, sniHosts: ['a.example.com'] }],
        route: [{ destination: Destination.host('a.default.svc.cluster.local', { port: 443 }) }],
      }],
    });
    const spec = onlySpec(chart);
    expect(spec.tcp).toEqual([{
      match: [{ port: 31400 }],
      route: [
        { destination: { host: 'tcp-echo', subset: 'v1', port: { number: 9000 } }, weight: 80 },
        { destination: { host: 'tcp-echo', subset: 'v2', port: { number: 9000 } }, weight: 20 },
      ],
    }]);
    expect(spec.tls).toEqual([{
      match: [{ sniHosts: ['a.example.com'], port: 443 }],
      route: [{ destination: { host: 'a.default.svc.cluster.local', port: { number: 443 } } }],
    }]);
  });

  test('a gateway of another namespace is referenced as namespace/name', () => {
    const app = Testing.app();
    const ingress = new Chart(app, 'ingress', { namespace: 'istio-system' });
    const shop = new Chart(app, 'shop', { namespace: 'shop' });
    const gw = new Gateway(ingress, 'gw', {
      metadata: { name: 'public' },
      servers: [{ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['shop/*'] }],
    });
    new VirtualService(shop, 'vs', { hosts: ['shop.example.com'], gateways: [gw], http: [{ route: [{ destination: Destination.host('web') }] }] });
    expect(Testing.synth(shop)[0].spec.gateways).toEqual(['istio-system/public']);
  });

  test('a cdk8s-plus Service as destination: short name in its namespace, FQDN from another', () => {
    // GIVEN a Service in namespace backend
    const app = Testing.app();
    const backend = new Chart(app, 'backend', { namespace: 'backend' });
    const svc = new kplus.Service(backend, 'svc', { metadata: { name: 'ratings' }, ports: [{ port: 9080 }] });
    // WHEN routed to from its own namespace, and from another (a VirtualService for an alias host)
    new VirtualService(backend, 'same', { hosts: ['ratings'], http: [{ route: [{ destination: Destination.service(svc) }] }] });
    const frontend = new Chart(app, 'frontend', { namespace: 'frontend' });
    new VirtualService(frontend, 'other', { hosts: ['ratings.example.com'], http: [{ route: [{ destination: Destination.service(svc, { port: 9080 }) }] }] });
    // THEN
    const inBackend = Testing.synth(backend).find((o) => o.kind === 'VirtualService');
    expect(inBackend.spec.http[0].route[0].destination).toEqual({ host: 'ratings' });
    expect(Testing.synth(frontend)[0].spec.http[0].route[0].destination).toEqual({ host: 'ratings.backend.svc.cluster.local', port: { number: 9080 } });
  });

  test('emits networking.istio.io/v1beta1 when the chart targets an older mesh', () => {
    const chart = newChart();
    IstioSettings.apply(chart, { networkingApiVersion: NetworkingApiVersion.V1BETA1 });
    new VirtualService(chart, 'vs', { hosts: ['r'], http: [{ route: [{ destination: Destination.host('r') }] }] });
    const objects = synth(chart);
    expect(objects[0].apiVersion).toBe('networking.istio.io/v1beta1');
    expectNoErrors(objects);
  });

  test('emits keys in a stable (alphabetical) order, whatever order the props were written in', () => {
    const chart = newChart();
    new VirtualService(chart, 'vs', {
      exportTo: ['.'],
      http: [{ timeout: Duration.seconds(1), route: [{ weight: 100, destination: Destination.host('r') }], match: [{ uri: StringMatch.prefix('/') }] }],
      hosts: ['r'],
    });
    const spec = onlySpec(chart);
    expect(Object.keys(spec)).toEqual(['exportTo', 'hosts', 'http']);
    expect(Object.keys(spec.http[0])).toEqual(['match', 'route', 'timeout']);
    expect(Object.keys(spec.http[0].route[0])).toEqual(['destination', 'weight']);
  });
});
