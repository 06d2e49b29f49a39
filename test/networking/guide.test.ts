import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { newChart, synth } from './util';
import { expectNoErrors } from './validate';
import {
  ClientTls, Destination, DestinationRule, Gateway, GatewayTarget, LoadBalancer, LoadBalancerAlgorithm, Probe, Protocol,
  RetryOn, ServerTls, ServiceEntry, ServiceEntryLocation, ServiceEntryResolution, Sidecar, StringMatch, Subset, VirtualService,
  WorkloadEntry, WorkloadGroup, WorkloadSelector,
} from '../../lib';

// The networking examples of the operations guide our users learned from (an Istio 1.20-era text,
// ../shared/seed), written with L2 in their corrected form. Each test names what the guide got
// wrong and what L2 emits instead; every output passes our checks.

/** The spec of the only object of a chart built by `build`, after checking it passes our checks. */
function specOf(build: (chart: ReturnType<typeof newChart>) => void, namespace?: string): any {
  const chart = newChart(namespace);
  build(chart);
  const objects = synth(chart);
  expectNoErrors(objects);
  expect(objects).toHaveLength(1);
  expect(objects[0].apiVersion).toBe('networking.istio.io/v1');
  return objects[0].spec;
}

/**
 * The subset v1 of Bookinfo's ratings DestinationRule, which the guide's ratings routes send to: the
 * rule lives in a chart of its own in the same app, so the app's cross-resource checks see it.
 */
function ratingsV1(chart: Chart): Subset {
  const rules = new Chart(chart.node.root as Construct, 'ratings-rules');
  const ratings = new DestinationRule(rules, 'ratings', { metadata: { name: 'ratings' }, host: 'ratings' });
  return ratings.addSubset({ name: 'v1', labels: { version: 'v1' } });
}

describe('guide: Gateway', () => {
  test('basic gateway: HTTP and HTTPS (SIMPLE with a credentialName secret)', () => {
    const spec = specOf((chart) => {
      new Gateway(chart, 'gw', {
        metadata: { name: 'bookinfo-gateway' },
        servers: [
          { port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['bookinfo.example.com'] },
          { port: { number: 443, name: 'https', protocol: Protocol.HTTPS }, hosts: ['bookinfo.example.com'], tls: ServerTls.simple('bookinfo-secret') },
        ],
      });
    }, 'default');
    expect(spec).toEqual(parse(`
      selector: { istio: ingressgateway }
      servers:
      - port: { number: 80, name: http, protocol: HTTP }
        hosts: [bookinfo.example.com]
      - port: { number: 443, name: https, protocol: HTTPS }
        hosts: [bookinfo.example.com]
        tls: { mode: SIMPLE, credentialName: bookinfo-secret }
    `));
  });

  test('multi-host gateway: two HTTP servers on port 80 and a wildcard HTTPS server', () => {
    const spec = specOf((chart) => {
      const gw = new Gateway(chart, 'gw', { metadata: { name: 'multi-host-gateway' } });
      gw.addServer({ port: { number: 80, name: 'http-app1', protocol: Protocol.HTTP }, hosts: ['app1.example.com'] });
      gw.addServer({ port: { number: 80, name: 'http-app2', protocol: Protocol.HTTP }, hosts: ['app2.example.com'] });
      gw.addServer({ port: { number: 443, name: 'https', protocol: Protocol.HTTPS }, hosts: ['*.example.com'], tls: ServerTls.simple('wildcard-secret') });
    });
    expect(spec).toEqual(parse(`
      selector: { istio: ingressgateway }
      servers:
      - { port: { number: 80, name: http-app1, protocol: HTTP }, hosts: [app1.example.com] }
      - { port: { number: 80, name: http-app2, protocol: HTTP }, hosts: [app2.example.com] }
      - port: { number: 443, name: https, protocol: HTTPS }
        hosts: ['*.example.com']
        tls: { mode: SIMPLE, credentialName: wildcard-secret }
    `));
  });

  test('TCP gateway', () => {
    const spec = specOf((chart) => {
      new Gateway(chart, 'gw', {
        metadata: { name: 'tcp-gateway' },
        servers: [{ port: { number: 31400, name: 'tcp', protocol: Protocol.TCP }, hosts: ['*'] }],
      });
    });
    expect(spec).toEqual(parse(`
      selector: { istio: ingressgateway }
      servers: [{ port: { number: 31400, name: tcp, protocol: TCP }, hosts: ['*'] }]
    `));
  });

  test('cross-cluster istiod gateway: TLS PASSTHROUGH on the east-west gateway', () => {
    const spec = specOf((chart) => {
      new Gateway(chart, 'gw', {
        metadata: { name: 'istiod-gateway', namespace: 'istio-system' },
        selector: { istio: 'eastwestgateway' },
        servers: [{ port: { number: 15010, name: 'tls', protocol: Protocol.TLS }, hosts: ['*'], tls: ServerTls.passthrough() }],
      });
    });
    expect(spec).toEqual(parse(`
      selector: { istio: eastwestgateway }
      servers: [{ port: { number: 15010, name: tls, protocol: TLS }, hosts: ['*'], tls: { mode: PASSTHROUGH } }]
    `));
  });
});

describe('guide: VirtualService', () => {
  test('basic HTTP routing, attached to the Gateway construct', () => {
    const chart = newChart('default');
    const gateway = new Gateway(chart, 'gw', {
      metadata: { name: 'bookinfo-gateway' },
      servers: [{ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['bookinfo.example.com'] }],
    });
    new VirtualService(chart, 'vs', {
      metadata: { name: 'bookinfo' },
      hosts: ['bookinfo.example.com'],
      gateways: [gateway],
      http: [{
        match: ['/productpage', '/login', '/logout'].map((p) => ({ uri: StringMatch.exact(p) }))
          .concat(['/static', '/api/v1/products'].map((p) => ({ uri: StringMatch.prefix(p) }))),
        route: [{ destination: Destination.host('productpage', { port: 9080 }) }],
      }],
    });
    const objects = synth(chart);
    expectNoErrors(objects);
    expect(objects[1].spec).toEqual(parse(`
      hosts: [bookinfo.example.com]
      gateways: [bookinfo-gateway]
      http:
      - match:
        - uri: { exact: /productpage }
        - uri: { exact: /login }
        - uri: { exact: /logout }
        - uri: { prefix: /static }
        - uri: { prefix: /api/v1/products }
        route: [{ destination: { host: productpage, port: { number: 9080 } } }]
    `));
  });

  test('canary: header-based routing for jason, then 75/25 between v1 and v2 (subsets from the DestinationRule)', () => {
    const chart = newChart();
    const reviews = new DestinationRule(chart, 'dr', { metadata: { name: 'reviews' }, host: 'reviews' });
    const v1 = reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
    const v2 = reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });
    new VirtualService(chart, 'vs', { metadata: { name: 'reviews' }, hosts: ['reviews'] })
      .addHttpRoute({ match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ destination: v2 }] })
      .addHttpRoute({ route: [{ destination: v1, weight: 75 }, { destination: v2, weight: 25 }] });
    const objects = synth(chart);
    expectNoErrors(objects);
    expect(objects[1].spec).toEqual(parse(`
      hosts: [reviews]
      http:
      - match: [{ headers: { end-user: { exact: jason } } }]
        route: [{ destination: { host: reviews, subset: v2 } }]
      - route:
        - { destination: { host: reviews, subset: v1 }, weight: 75 }
        - { destination: { host: reviews, subset: v2 }, weight: 25 }
    `));
  });

  test('retries and timeout, with typed retry conditions', () => {
    const spec = specOf((chart) => {
      new VirtualService(chart, 'vs', {
        metadata: { name: 'ratings' },
        hosts: ['ratings'],
        http: [{
          route: [{ destination: ratingsV1(chart) }],
          timeout: Duration.seconds(10),
          retries: {
            attempts: 3,
            perTryTimeout: Duration.seconds(2),
            retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE, RetryOn.REFUSED_STREAM],
          },
        }],
      });
    });
    expect(spec).toEqual(parse(`
      hosts: [ratings]
      http:
      - route: [{ destination: { host: ratings, subset: v1 } }]
        timeout: 10s
        retries: { attempts: 3, perTryTimeout: 2s, retryOn: 'gateway-error,connect-failure,refused-stream' }
    `));
  });

  test('fault injection: 0.1% delayed 5s and 0.1% aborted with 500 for jason', () => {
    const spec = specOf((chart) => {
      const v1 = ratingsV1(chart);
      new VirtualService(chart, 'vs', {
        metadata: { name: 'ratings' },
        hosts: ['ratings'],
        http: [
          {
            match: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
            fault: { delay: { fixedDelay: Duration.seconds(5), percentage: 0.1 }, abort: { httpStatus: 500, percentage: 0.1 } },
            route: [{ destination: v1 }],
          },
          { route: [{ destination: v1 }] },
        ],
      });
    });
    expect(spec).toEqual(parse(`
      hosts: [ratings]
      http:
      - match: [{ headers: { end-user: { exact: jason } } }]
        route: [{ destination: { host: ratings, subset: v1 } }]
        fault:
          delay: { fixedDelay: 5s, percentage: { value: 0.1 } }
          abort: { httpStatus: 500, percentage: { value: 0.1 } }
      - route: [{ destination: { host: ratings, subset: v1 } }]
    `));
  });

  test('comprehensive fault injection: the guide\'s exponentialDelay (not supported by Envoy) becomes a fixed delay', () => {
    const spec = specOf((chart) => {
      const v1 = ratingsV1(chart);
      new VirtualService(chart, 'vs', { metadata: { name: 'fault-injection' }, hosts: ['ratings'] })
        .addHttpRoute({
          match: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
          fault: { delay: { fixedDelay: Duration.seconds(5), percentage: 0.1 }, abort: { httpStatus: 500, percentage: 0.1 } },
          route: [{ destination: v1 }],
        })
        .addHttpRoute({
          match: [{ headers: { 'test-user': StringMatch.regex('.*') } }],
          fault: { delay: { fixedDelay: Duration.seconds(2), percentage: 1 } },
          route: [{ destination: v1 }],
        })
        .addHttpRoute({ route: [{ destination: v1 }] });
    });
    expect(spec.http[1]).toEqual(parse(`
      match: [{ headers: { test-user: { regex: '.*' } } }]
      route: [{ destination: { host: ratings, subset: v1 } }]
      fault: { delay: { fixedDelay: 2s, percentage: { value: 1 } } }
    `));
    expect(spec.http).toHaveLength(3);
  });
});

describe('guide: DestinationRule', () => {
  test('subsets with connection pool, load balancer and outlier detection (LEAST_CONN -> LEAST_REQUEST, consecutiveErrors -> consecutive5xxErrors)', () => {
    const spec = specOf((chart) => {
      const reviews = new DestinationRule(chart, 'dr', {
        metadata: { name: 'reviews' },
        host: 'reviews',
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: 10 }, http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 2 } },
          loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.LEAST_REQUEST),
          outlierDetection: {
            consecutive5xxErrors: 3, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50,
          },
        },
      });
      reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
      reviews.addSubset({ name: 'v2', labels: { version: 'v2' }, trafficPolicy: { connectionPool: { tcp: { maxConnections: 20 } } } });
    });
    expect(spec).toEqual(parse(`
      host: reviews
      trafficPolicy:
        connectionPool:
          tcp: { maxConnections: 10 }
          http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 2 }
        loadBalancer: { simple: LEAST_REQUEST }
        outlierDetection: { consecutive5xxErrors: 3, interval: 30s, baseEjectionTime: 30s, maxEjectionPercent: 50 }
      subsets:
      - { name: v1, labels: { version: v1 } }
      - name: v2
        labels: { version: v2 }
        trafficPolicy: { connectionPool: { tcp: { maxConnections: 20 } } }
    `));
  });

  test('circuit breaker (consecutiveErrors -> consecutive5xxErrors; 3m rendered as 180s)', () => {
    const spec = specOf((chart) => {
      new DestinationRule(chart, 'dr', {
        metadata: { name: 'httpbin' },
        host: 'httpbin',
        trafficPolicy: {
          connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
          outlierDetection: {
            consecutive5xxErrors: 1, interval: Duration.seconds(1), baseEjectionTime: Duration.minutes(3), maxEjectionPercent: 100,
          },
        },
      });
    });
    expect(spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 1, interval: '1s', baseEjectionTime: '180s', maxEjectionPercent: 100 });
  });

  test('advanced circuit breaker: the outlier fields the guide put under connectionPool.http go to outlierDetection', () => {
    const spec = specOf((chart) => {
      new DestinationRule(chart, 'dr', {
        metadata: { name: 'circuit-breaker' },
        host: 'httpbin',
        trafficPolicy: {
          connectionPool: {
            tcp: { maxConnections: 1 },
            http: { http1MaxPendingRequests: 1, http2MaxRequests: 1, maxRequestsPerConnection: 1, maxRetries: 3 },
          },
          outlierDetection: {
            consecutive5xxErrors: 1,
            consecutiveGatewayErrors: 5,
            interval: Duration.seconds(1),
            baseEjectionTime: Duration.minutes(3),
            maxEjectionPercent: 100,
            minHealthPercent: 0,
          },
        },
      });
    });
    expect(spec.trafficPolicy).toEqual(parse(`
      connectionPool:
        tcp: { maxConnections: 1 }
        http: { http1MaxPendingRequests: 1, http2MaxRequests: 1, maxRequestsPerConnection: 1, maxRetries: 3 }
      outlierDetection:
        consecutive5xxErrors: 1
        consecutiveGatewayErrors: 5
        interval: 1s
        baseEjectionTime: 180s
        maxEjectionPercent: 100
        minHealthPercent: 0
    `));
  });

  test('TLS origination: SIMPLE with sni and a CA file', () => {
    const spec = specOf((chart) => {
      new DestinationRule(chart, 'dr', {
        metadata: { name: 'external-service' },
        host: 'external-service.example.com',
        trafficPolicy: { tls: ClientTls.simple({ sni: 'external-service.example.com', caCertificates: '/etc/ssl/certs/ca-bundle.crt' }) },
      });
    });
    expect(spec).toEqual(parse(`
      host: external-service.example.com
      trafficPolicy:
        tls: { mode: SIMPLE, sni: external-service.example.com, caCertificates: /etc/ssl/certs/ca-bundle.crt }
    `));
  });
});

describe('guide: ServiceEntry', () => {
  test('external HTTP service', () => {
    const spec = specOf((chart) => {
      new ServiceEntry(chart, 'se', {
        metadata: { name: 'external-service' },
        hosts: ['httpbin.org'],
        ports: [{ number: 80, name: 'http', protocol: Protocol.HTTP }, { number: 443, name: 'https', protocol: Protocol.HTTPS }],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: ServiceEntryResolution.DNS,
      });
    });
    expect(spec).toEqual(parse(`
      hosts: [httpbin.org]
      ports:
      - { number: 80, name: http, protocol: HTTP }
      - { number: 443, name: https, protocol: HTTPS }
      location: MESH_EXTERNAL
      resolution: DNS
    `));
  });

  test('external database over TCP', () => {
    const spec = specOf((chart) => {
      new ServiceEntry(chart, 'se', {
        metadata: { name: 'external-database' },
        hosts: ['database.example.com'],
        ports: [{ number: 3306, name: 'mysql', protocol: Protocol.TCP }],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: ServiceEntryResolution.DNS,
      });
    });
    expect(spec).toEqual(parse(`
      hosts: [database.example.com]
      ports: [{ number: 3306, name: mysql, protocol: TCP }]
      location: MESH_EXTERNAL
      resolution: DNS
    `));
  });

  test('static IP external service', () => {
    const spec = specOf((chart) => {
      const se = new ServiceEntry(chart, 'se', {
        metadata: { name: 'static-external' },
        hosts: ['static-service.local'],
        ports: [{ number: 443, name: 'https', protocol: Protocol.HTTPS }],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: ServiceEntryResolution.STATIC,
      });
      se.addEndpoint({ address: '192.168.1.100' }).addEndpoint({ address: '192.168.1.101' });
    });
    expect(spec).toEqual(parse(`
      hosts: [static-service.local]
      ports: [{ number: 443, name: https, protocol: HTTPS }]
      location: MESH_EXTERNAL
      resolution: STATIC
      endpoints: [{ address: 192.168.1.100 }, { address: 192.168.1.101 }]
    `));
  });

  test('external API with a circuit breaker: the DestinationRule takes its host from the ServiceEntry', () => {
    const chart = newChart();
    const api = new ServiceEntry(chart, 'se', {
      metadata: { name: 'external-api' },
      hosts: ['api.external.com'],
      ports: [{ number: 443, name: 'https', protocol: Protocol.HTTPS }],
      location: ServiceEntryLocation.MESH_EXTERNAL,
      resolution: ServiceEntryResolution.DNS,
    });
    new DestinationRule(chart, 'dr', {
      metadata: { name: 'external-api-cb' },
      host: api.hosts[0],
      trafficPolicy: {
        connectionPool: { tcp: { maxConnections: 10 }, http: { http1MaxPendingRequests: 10, maxRequestsPerConnection: 2 } },
        outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30) },
      },
    });
    const objects = synth(chart);
    expectNoErrors(objects);
    expect(objects[1].spec.host).toBe('api.external.com');
    expect(objects[1].spec.trafficPolicy.outlierDetection).toEqual({ consecutive5xxErrors: 3, interval: '30s', baseEjectionTime: '30s' });
  });
});

describe('guide: Sidecar', () => {
  test('default sidecar: egress limited to its namespace, istio-system and production', () => {
    const spec = specOf((chart) => {
      new Sidecar(chart, 'sc', { metadata: { name: 'default' }, egress: [{ hosts: ['./*', 'istio-system/*', 'production/*'] }] });
    }, 'default');
    expect(spec).toEqual({ egress: [{ hosts: ['./*', 'istio-system/*', 'production/*'] }] });
  });

  test('restricted sidecar: a workload, an ingress listener and an egress listener on port 9080', () => {
    const spec = specOf((chart) => {
      const sidecar = new Sidecar(chart, 'sc', {
        metadata: { name: 'productpage-sidecar' },
        workloadSelector: WorkloadSelector.labels({ app: 'productpage' }),
      });
      sidecar.addIngress({ port: { number: 9080, name: 'http', protocol: Protocol.HTTP }, defaultEndpoint: '127.0.0.1:9080' });
      sidecar.addEgress({
        port: { number: 9080, name: 'http', protocol: Protocol.HTTP },
        hosts: ['./reviews.default.svc.cluster.local', './details.default.svc.cluster.local'],
      });
    }, 'default');
    expect(spec).toEqual(parse(`
      workloadSelector: { labels: { app: productpage } }
      ingress:
      - port: { number: 9080, name: http, protocol: HTTP }
        defaultEndpoint: 127.0.0.1:9080
      egress:
      - port: { number: 9080, name: http, protocol: HTTP }
        hosts: [./reviews.default.svc.cluster.local, ./details.default.svc.cluster.local]
    `));
  });

  test('performance: a namespace-wide sidecar listing only the hosts used', () => {
    const spec = specOf((chart) => {
      new Sidecar(chart, 'sc', {
        metadata: { name: 'performance-optimization' },
        egress: [{ hosts: ['./app1.production.svc.cluster.local', './app2.production.svc.cluster.local', 'istio-system/*'] }],
      });
    }, 'production');
    expect(spec.egress[0].hosts).toHaveLength(3);
  });
});

describe('guide: VM workloads', () => {
  test('WorkloadEntry', () => {
    const spec = specOf((chart) => {
      new WorkloadEntry(chart, 'we', {
        metadata: { name: 'vm-workload' },
        address: '192.168.1.10',
        ports: { http: 8080, grpc: 9090 },
        labels: { app: 'vm-app', version: 'v1' },
      });
    }, 'default');
    expect(spec).toEqual({ address: '192.168.1.10', ports: { http: 8080, grpc: 9090 }, labels: { app: 'vm-app', version: 'v1' } });
  });

  test('WorkloadGroup: networking.istio.io (the guide put it in security.istio.io), with a readiness probe', () => {
    const spec = specOf((chart) => {
      new WorkloadGroup(chart, 'wg', {
        metadata: { name: 'vm-workloads' },
        workloadMetadata: { labels: { app: 'vm-app', version: 'v1' } },
        template: { ports: { http: 8080 }, serviceAccount: 'vm-service-account' },
        probe: Probe.httpGet({ port: 8080, path: '/ready', period: Duration.seconds(5) }),
      });
    }, 'default');
    expect(spec).toEqual(parse(`
      metadata: { labels: { app: vm-app, version: v1 } }
      template: { ports: { http: 8080 }, serviceAccount: vm-service-account }
      probe: { periodSeconds: 5, httpGet: { path: /ready, port: 8080 } }
    `));
  });
});

describe('guide: gateways referenced by name', () => {
  test('a gateway of another namespace given by name', () => {
    const spec = specOf((chart) => {
      // The gateway is managed elsewhere (here: another chart of the app), and named as 'namespace/name'.
      const ingress = new Chart(chart.node.root as Construct, 'ingress', { namespace: 'istio-system' });
      new Gateway(ingress, 'gw', {
        metadata: { name: 'public' },
        servers: [{ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['*/api.example.com'] }],
      });
      new VirtualService(chart, 'vs', {
        hosts: ['api.example.com'],
        gateways: [GatewayTarget.fromName('istio-system/public')],
        http: [{ route: [{ destination: Destination.host('api') }] }],
      });
    });
    expect(spec.gateways).toEqual(['istio-system/public']);
  });
});
