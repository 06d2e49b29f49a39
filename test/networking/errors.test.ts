import { ApiObject, Duration, Testing } from 'cdk8s';
import { newChart } from './util';
import { errorFindings } from './validate';
import {
  ClientTls, Destination, DestinationRule, Gateway, GatewayTarget, H2UpgradePolicy, Protocol, ServerTls, ServiceEntry,
  ServiceEntryResolution, Sidecar, StringMatch, VirtualService, WorkloadEntry, WorkloadSelector,
} from '../../lib';

// Bad input fails at construction (or at synth, when it depends on what is added later), with a
// message that names the construct and field and says what to do.

const reviewsRoute = (extra: object = {}) => ({ route: [{ destination: Destination.host('reviews') }], ...extra });

describe('weights', () => {
  test.each([101, -1, 12.5])('a weight of %p is rejected when the route is added', (weight) => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute({
      route: [{ destination: Destination.host('reviews', { subset: 'v1' }), weight }, { destination: Destination.host('reviews', { subset: 'v2' }), weight: 10 }],
    })).toThrow(/test\/vs \(VirtualService test-vs-[0-9a-f]+\): spec\.http\[0\]\.route\[0\]\.weight must be a whole number from 0 to 100/);
  });

  test('weights that add up to 0 are rejected', () => {
    expect(() => new VirtualService(newChart(), 'vs', {
      hosts: ['reviews'],
      tcp: [{ route: [{ destination: Destination.host('a'), weight: 0 }, { destination: Destination.host('b'), weight: 0 }] }],
    })).toThrow(/add up to 0/);
  });
});

describe('durations', () => {
  test('a negative duration cannot even be built (cdk8s Duration)', () => {
    expect(() => reviewsRoute({ timeout: Duration.seconds(-1) })).toThrow(/cannot be negative/);
  });

  test.each([
    ['0.5ms', Duration.millis(0.5)],
    ['0s', Duration.seconds(0)],
    ['1.5ms', Duration.millis(1.5)],
  ])('a timeout of %s is rejected', (_label, timeout) => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute(reviewsRoute({ timeout }))).toThrow(/http\[0\]\.timeout: .* is not a valid Istio duration; use a whole number of milliseconds of at least 1ms/);
  });

  test('sub-millisecond durations in a DestinationRule are rejected at construction', () => {
    expect(() => new DestinationRule(newChart(), 'dr', {
      host: 'reviews',
      trafficPolicy: { outlierDetection: { interval: Duration.millis(0.1) } },
    })).toThrow(/trafficPolicy\.outlierDetection\.interval/);
  });

  test('durations render without float noise', () => {
    const chart = newChart();
    new VirtualService(chart, 'vs', { hosts: ['r'] }).addHttpRoute(reviewsRoute({
      timeout: Duration.seconds(1.1),
      retries: { attempts: 2, perTryTimeout: Duration.millis(100) },
    }));
    const http = Testing.synth(chart)[0].spec.http[0];
    expect([http.timeout, http.retries.perTryTimeout]).toEqual(['1100ms', '100ms']);
  });
});

describe('hosts', () => {
  test('an empty destination host', () => {
    expect(() => Destination.host('')).toThrow('Destination host must not be empty.');
  });

  test('an empty VirtualService host', () => {
    expect(() => new VirtualService(newChart(), 'vs', { hosts: [''] })).toThrow(/test\/vs \(VirtualService test-vs-[0-9a-f]+\): spec\.hosts\[0\] must not be empty/);
  });

  test('an empty DestinationRule host', () => {
    expect(() => new DestinationRule(newChart(), 'dr', { host: ' ' })).toThrow(/test\/dr \(DestinationRule test-dr-[0-9a-f]+\): spec\.host must not be empty/);
  });

  test('a gateway server without hosts, or with a malformed namespace/host', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 80, protocol: Protocol.HTTP }, hosts: [] })).toThrow(/needs at least one host/);
    expect(() => gw.addServer({ port: { number: 80, protocol: Protocol.HTTP }, hosts: ['/example.com'] })).toThrow(/not a valid 'namespace\/host'/);
  });

  test('a Sidecar egress host without its namespace', () => {
    expect(() => new Sidecar(newChart(), 'sc', { egress: [{ hosts: ['reviews'] }] })).toThrow(/must have the form 'namespace\/host'/);
  });

  test('a ServiceEntry host of *', () => {
    expect(() => new ServiceEntry(newChart(), 'se', { hosts: ['*'] })).toThrow(/cannot be '\*'/);
  });
});

describe('routes', () => {
  test('a route with no destination', () => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute({ match: [{ uri: StringMatch.prefix('/') }] }))
      .toThrow(/^test\/vs \(VirtualService test-vs-[0-9a-f]+\): spec\.http\[0\] has no destination: give route \(destinations\), redirect, directResponse or delegate\.$/);
    expect(() => vs.addHttpRoute({ route: [] })).toThrow(/has no destination/);
    expect(() => vs.addTcpRoute({ route: [] })).toThrow(/tcp\[0\] has no destination/);
  });

  test('a route that both forwards and redirects', () => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute(reviewsRoute({ redirect: { uri: '/v2' } }))).toThrow(/has both route and redirect/);
  });

  test('a VirtualService without any route fails at synth', () => {
    const chart = newChart();
    new VirtualService(chart, 'vs', { hosts: ['reviews'] });
    expect(() => Testing.synth(chart)).toThrow(/^test\/vs \(VirtualService test-vs-[0-9a-f]+\): the VirtualService has no routes/);
  });

  test('an abort with both an HTTP and a gRPC status', () => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute(reviewsRoute({ fault: { abort: { httpStatus: 500, grpcStatus: 'UNAVAILABLE' } } }))).toThrow(/exactly one of httpStatus or grpcStatus/);
  });

  test('a fault percentage over 100', () => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute(reviewsRoute({ fault: { abort: { httpStatus: 500, percentage: 150 } } }))).toThrow(/fault\.abort\.percentage must be a percentage from 0 to 100, got 150/);
  });
});

describe('subsets', () => {
  test('two subsets with the same name', () => {
    const dr = new DestinationRule(newChart(), 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    dr.addSubset({ name: 'v1', labels: { version: 'v1' } });
    expect(() => dr.addSubset({ name: 'v1', labels: { version: 'v1b' } }))
      .toThrow("test/dr (DestinationRule reviews): spec.subsets[1].name: the rule already has a subset named 'v1'. Give each subset its own name.");
  });

  test('a misspelt subset cannot synthesize; the message lists the defined subsets', () => {
    const chart = newChart();
    const dr = new DestinationRule(chart, 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    dr.addSubset({ name: 'v1', labels: { version: 'v1' } });
    dr.addSubset({ name: 'v2', labels: { version: 'v2' } });
    new VirtualService(chart, 'vs', { hosts: ['reviews'], http: [{ route: [{ destination: dr.subset('v3') }] }] });
    expect(() => Testing.synth(chart)).toThrow("test/dr (DestinationRule reviews): spec.subsets: host 'reviews' has no subset 'v3'; defined subsets: v1, v2. Add the subset with addSubset(), or route to a defined one.");
  });

  test('a subset added after the route is used is accepted', () => {
    const chart = newChart();
    const dr = new DestinationRule(chart, 'dr', { host: 'reviews' });
    new VirtualService(chart, 'vs', { hosts: ['reviews'], http: [{ route: [{ destination: dr.subset('v1') }] }] });
    dr.addSubset({ name: 'v1', labels: { version: 'v1' } });
    expect(Testing.synth(chart)[1].spec.http[0].route[0].destination).toEqual({ host: 'reviews', subset: 'v1' });
  });
});

describe('regular expressions', () => {
  test.each(['(?=lookahead)', '(a', '\\1'])('%p is not RE2', (pattern) => {
    expect(() => StringMatch.regex(pattern)).toThrow(/is not a valid RE2 regular expression/);
  });

  test('a regex rewrite with a lookbehind', () => {
    const vs = new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });
    expect(() => vs.addHttpRoute(reviewsRoute({ rewrite: { uriRegexRewrite: { match: '(?<=/api)/v1', rewrite: '/v2' } } })))
      .toThrow(/rewrite\.uriRegexRewrite\.match: .* is not a valid RE2/);
  });

  test('valid RE2 is accepted', () => {
    expect(StringMatch.regex('^/api/v[0-9]+/.*$').toJson()).toEqual({ regex: '^/api/v[0-9]+/.*$' });
  });
});

describe('gateway TLS', () => {
  test('an HTTPS server without tls', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 443, protocol: Protocol.HTTPS }, hosts: ['*'] })).toThrow(/a HTTPS server needs tls/);
  });

  test('tls on a plain HTTP server', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 80, protocol: Protocol.HTTP }, hosts: ['*'], tls: ServerTls.simple('cert') })).toThrow(/plain text and takes no tls/);
  });

  test('an empty credentialName', () => {
    expect(() => ServerTls.simple('')).toThrow(/credentialName must not be empty/);
  });

  test('two servers with the same port name', () => {
    const gw = new Gateway(newChart(), 'gw');
    gw.addServer({ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['a.example.com'] });
    expect(() => gw.addServer({ port: { number: 8080, name: 'http', protocol: Protocol.HTTP }, hosts: ['b.example.com'] })).toThrow(/port name 'http' is already used/);
  });

  test('a port out of range', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 70000, protocol: Protocol.HTTP }, hosts: ['*'] })).toThrow(/port\.number must be a port number from 1 to 65535, got 70000/);
  });

  test('mutual client TLS without a certificate', () => {
    expect(() => ClientTls.mutual({})).toThrow(/needs credentialName, or both clientCertificate and privateKey/);
  });
});

describe('service entries and workload entries', () => {
  test('endpoints with resolution NONE', () => {
    expect(() => new ServiceEntry(newChart(), 'se', { hosts: ['db.example.com'], endpoints: [{ address: '10.0.0.1' }] }))
      .toThrow(/resolution NONE takes no endpoints/);
  });

  test('DNS_ROUND_ROBIN with two endpoints', () => {
    const se = new ServiceEntry(newChart(), 'se', { hosts: ['db.example.com'], resolution: ServiceEntryResolution.DNS_ROUND_ROBIN });
    se.addEndpoint({ address: 'a.example.com' });
    expect(() => se.addEndpoint({ address: 'b.example.com' })).toThrow(/at most one endpoint/);
  });

  test('a duplicated ServiceEntry port', () => {
    const se = new ServiceEntry(newChart(), 'se', { hosts: ['db.example.com'] });
    se.addPort({ number: 3306, protocol: Protocol.TCP });
    expect(() => se.addPort({ number: 3306, name: 'mysql', protocol: Protocol.TCP })).toThrow(/port 3306 is declared twice/);
  });

  test('a duplicated ServiceEntry port name', () => {
    const se = new ServiceEntry(newChart(), 'se', { hosts: ['db.example.com'] });
    se.addPort({ number: 3306, name: 'db', protocol: Protocol.TCP });
    expect(() => se.addPort({ number: 3307, name: 'db', protocol: Protocol.TCP })).toThrow(/port name 'db' is used twice/);
  });

  test('a WorkloadEntry without an address', () => {
    expect(() => new WorkloadEntry(newChart(), 'we', { ports: { http: 8080 } })).toThrow(/give the workload's address/);
  });

  test('a WorkloadEntry port name that is not a DNS label', () => {
    expect(() => new WorkloadEntry(newChart(), 'we', { address: '10.0.0.1', ports: { http_web: 8080 } })).toThrow(/not a valid port name/);
  });
});

describe('what Istio\'s webhook rejects is rejected by L2 first', () => {
  const vs = () => new VirtualService(newChart(), 'vs', { hosts: ['reviews'] });

  test('an empty prefix on a header, an empty or oversized regex', () => {
    expect(() => vs().addHttpRoute(reviewsRoute({ match: [{ headers: { 'x-a': StringMatch.prefix('') } }] }))).toThrow(/headers\.x-a: an empty prefix/);
    expect(() => StringMatch.regex('')).toThrow(/pattern must not be empty/);
    expect(() => StringMatch.regex('a'.repeat(1025))).toThrow(/at most 1024/);
    expect(vs().addHttpRoute(reviewsRoute({ match: [{ uri: StringMatch.prefix('') }] }))).toBeDefined();
  });

  test('pseudo-headers and Host in header operations', () => {
    expect(() => vs().addHttpRoute(reviewsRoute({ headers: { request: { set: { ':path': '/x' } } } }))).toThrow(/pseudo-header ':path'/);
    expect(() => vs().addHttpRoute(reviewsRoute({ headers: { response: { set: { host: 'x' } } } }))).toThrow(/header 'host' cannot be changed here/);
  });

  test('retry settings with attempts 0, a redirect to an ftp scheme, CORS maxAge below a second', () => {
    expect(() => vs().addHttpRoute(reviewsRoute({ retries: { attempts: 0, perTryTimeout: Duration.seconds(1) } }))).toThrow(/attempts 0 disables retries/);
    expect(() => vs().addHttpRoute({ redirect: { scheme: 'ftp' } })).toThrow(/scheme must be 'http' or 'https'/);
    expect(() => vs().addHttpRoute(reviewsRoute({ corsPolicy: { maxAge: Duration.millis(1500) } }))).toThrow(/whole seconds/);
  });

  test('duplicate hosts, * for the mesh, and a delegate with gateways', () => {
    const synthOf = (props: object) => {
      const chart = newChart();
      new VirtualService(chart, 'vs', { http: [reviewsRoute()], ...props });
      return () => Testing.synth(chart);
    };
    expect(synthOf({ hosts: ['a', 'a'] })).toThrow(/host 'a' is listed twice/);
    expect(synthOf({ hosts: ['*'] })).toThrow(/host '\*' is not allowed for the mesh/);
    expect(synthOf({ gateways: [GatewayTarget.fromName('gw')] })).toThrow(/without hosts is a delegate/);
  });

  test('subset names that are not DNS labels', () => {
    const dr = new DestinationRule(newChart(), 'dr', { host: 'reviews' });
    expect(() => dr.addSubset({ name: 'V1.0' })).toThrow(/subset name 'V1.0' must be a DNS label/);
    expect(() => dr.subset('v_2')).toThrow(/must be a DNS label/);
  });

  test('a port-level setting that sets nothing; useClientProtocol with UPGRADE; exportTo beyond the namespace with a workloadSelector', () => {
    expect(() => new DestinationRule(newChart(), 'a', { host: 'r', trafficPolicy: { portLevelSettings: [{ port: 80 }] } })).toThrow(/sets nothing/);
    expect(() => new DestinationRule(newChart(), 'b', {
      host: 'r', trafficPolicy: { connectionPool: { http: { useClientProtocol: true, h2UpgradePolicy: H2UpgradePolicy.UPGRADE } } },
    })).toThrow(/useClientProtocol cannot be combined/);
    expect(() => new DestinationRule(newChart(), 'c', { host: 'r', workloadSelector: WorkloadSelector.labels({ app: 'a' }), exportTo: ['*'] }))
      .toThrow(/only be exported to its own namespace/);
  });
});

describe('our checks on what the guide got wrong, written with raw objects instead of L2', () => {
  const rawRule = (spec: object) => {
    const chart = newChart();
    return new ApiObject(chart, 'raw', { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'circuit-breaker' }, spec }).toJson();
  };

  test('outlier fields under connectionPool.http are unknown fields', () => {
    expect(errorFindings([rawRule({ host: 'httpbin', trafficPolicy: { connectionPool: { http: { consecutiveGatewayErrors: 5 } } } })]).join('\n'))
      .toMatch(/consecutiveGatewayErrors/);
  });
});

describe('workload selectors name the field of the kind they are in', () => {
  const synthError = (build: (chart: ReturnType<typeof newChart>) => void): string => {
    const chart = newChart();
    build(chart);
    try {
      Testing.synth(chart);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  test('Sidecar and ServiceEntry: spec.workloadSelector.labels; DestinationRule: spec.workloadSelector.matchLabels', () => {
    expect(synthError((c) => new Sidecar(c, 'sc', { workloadSelector: WorkloadSelector.labels({ app: 'a*' }) })))
      .toMatch(/test\/sc \(Sidecar [^)]+\): spec\.workloadSelector\.labels\[app\]: 'app=a\*' is not a label/);
    expect(synthError((c) => new ServiceEntry(c, 'se', {
      hosts: ['db.example.com'],
      resolution: ServiceEntryResolution.STATIC,
      ports: [{ number: 5432, name: 'tcp', protocol: Protocol.TCP }],
      workloadSelector: WorkloadSelector.labels({}),
    }))).toMatch(/test\/se \(ServiceEntry [^)]+\): spec\.workloadSelector\.labels: A workload selector needs at least one label/);
    expect(synthError((c) => new DestinationRule(c, 'dr', { host: 'reviews', workloadSelector: WorkloadSelector.labels({ app: 'x'.repeat(64) }) })))
      .toMatch(/test\/dr \(DestinationRule [^)]+\): spec\.workloadSelector\.matchLabels\[app\] has a value longer than 63 characters/);
  });
});
