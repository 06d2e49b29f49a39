import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { newChart, synth } from './util';
import { expectNoErrors } from './validate';
import {
  ClientTls, DestinationRule, H2UpgradePolicy, LoadBalancer, LoadBalancerAlgorithm, VirtualService, WorkloadSelector,
} from '../../lib';

function specOf(build: (chart: ReturnType<typeof newChart>) => void): any {
  const chart = newChart('bookinfo');
  build(chart);
  const objects = synth(chart);
  expectNoErrors(objects);
  return objects.find((o) => o.kind === 'DestinationRule').spec;
}

describe('DestinationRule', () => {
  test('emits only the host when nothing else is set', () => {
    expect(specOf((chart) => new DestinationRule(chart, 'dr', { host: 'reviews' }))).toEqual({ host: 'reviews' });
  });

  test.each([
    ['simple', LoadBalancer.simple(LoadBalancerAlgorithm.LEAST_REQUEST), { simple: 'LEAST_REQUEST' }],
    ['header hash', LoadBalancer.consistentHashHeader('x-user'), { consistentHash: { httpHeaderName: 'x-user' } }],
    ['cookie hash', LoadBalancer.consistentHashCookie({ name: 'session', path: '/', ttl: Duration.hours(1) }),
      { consistentHash: { httpCookie: { name: 'session', path: '/', ttl: '3600s' } } }],
    ['source IP hash', LoadBalancer.consistentHashSourceIp(), { consistentHash: { useSourceIp: true } }],
    ['query parameter hash', LoadBalancer.consistentHashQueryParameter('user'), { consistentHash: { httpQueryParameterName: 'user' } }],
    ['locality failover', LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN, {
      localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }] },
    }), { simple: 'ROUND_ROBIN', localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }] } }],
    ['locality distribution', LoadBalancer.locality({ distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] }),
      { localityLbSetting: { distribute: [{ from: 'us-west/zone1/*', to: { 'us-west/zone1/*': 80, 'us-west/zone2/*': 20 } }] } }],
  ])('load balancer: %s', (_name, loadBalancer, expected) => {
    const spec = specOf((chart) => new DestinationRule(chart, 'dr', { host: 'reviews', trafficPolicy: { loadBalancer } }));
    expect(spec.trafficPolicy.loadBalancer).toEqual(expected);
  });

  test('locality distribution weights must add up to 100', () => {
    expect(() => LoadBalancer.locality({ distribute: [{ from: 'a/*', to: { 'a/*': 50, 'b/*': 20 } }] })).toThrow(/add up to 70, they must add up to 100/);
  });

  test('connection pool with the right field names, outlier detection, TLS and port-level settings', () => {
    const spec = specOf((chart) => new DestinationRule(chart, 'dr', {
      host: 'ratings',
      trafficPolicy: {
        connectionPool: {
          tcp: {
            maxConnections: 100,
            connectTimeout: Duration.millis(30),
            maxConnectionDuration: Duration.minutes(10),
            tcpKeepalive: { probes: 3, time: Duration.seconds(7200), interval: Duration.seconds(75) },
          },
          http: {
            http1MaxPendingRequests: 10,
            http2MaxRequests: 100,
            maxRequestsPerConnection: 10,
            maxRetries: 3,
            idleTimeout: Duration.seconds(30),
            h2UpgradePolicy: H2UpgradePolicy.UPGRADE,
          },
        },
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          interval: Duration.seconds(10),
          baseEjectionTime: Duration.seconds(30),
          maxEjectionPercent: 30,
          minHealthPercent: 50,
        },
        tls: ClientTls.istioMutual({ sni: 'ratings.bookinfo.svc.cluster.local', subjectAltNames: ['spiffe://cluster.local/ns/bookinfo/sa/ratings'] }),
        portLevelSettings: [
          { port: 9080, loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.RANDOM) },
          { port: 9443, tls: ClientTls.mutual({ clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', subjectAltNames: ['ratings.example.com'] }) },
        ],
      },
    }));
    expect(spec.trafficPolicy).toEqual({
      connectionPool: {
        tcp: { maxConnections: 100, connectTimeout: '30ms', maxConnectionDuration: '600s', tcpKeepalive: { probes: 3, time: '7200s', interval: '75s' } },
        http: { http1MaxPendingRequests: 10, http2MaxRequests: 100, maxRequestsPerConnection: 10, maxRetries: 3, idleTimeout: '30s', h2UpgradePolicy: 'UPGRADE' },
      },
      outlierDetection: { consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 30, minHealthPercent: 50 },
      tls: { mode: 'ISTIO_MUTUAL', sni: 'ratings.bookinfo.svc.cluster.local', subjectAltNames: ['spiffe://cluster.local/ns/bookinfo/sa/ratings'] },
      portLevelSettings: [
        { port: { number: 9080 }, loadBalancer: { simple: 'RANDOM' } },
        { port: { number: 9443 }, tls: { mode: 'MUTUAL', clientCertificate: '/etc/certs/client.pem', privateKey: '/etc/certs/key.pem', caCertificates: '/etc/certs/ca.pem', subjectAltNames: ['ratings.example.com'] } },
      ],
    });
  });

  test.each([
    ['DISABLE', ClientTls.disable(), { mode: 'DISABLE' }],
    ['SIMPLE from a secret', ClientTls.simple({ credentialName: 'api-ca', sni: 'api.example.com' }), { mode: 'SIMPLE', credentialName: 'api-ca', sni: 'api.example.com' }],
    ['MUTUAL from a secret', ClientTls.mutual({ credentialName: 'client-cert' }), { mode: 'MUTUAL', credentialName: 'client-cert' }],
  ])('TLS: %s', (_name, tls, expected) => {
    expect(specOf((chart) => new DestinationRule(chart, 'dr', { host: 'api.example.com', trafficPolicy: { tls } })).trafficPolicy.tls).toEqual(expected);
  });

  test('per-subset policies and subsets from a cdk8s-plus Deployment', () => {
    const spec = specOf((chart) => {
      const v2 = new kplus.Deployment(chart, 'reviews-v2', { select: false, containers: [{ image: 'reviews:v2', portNumber: 9080 }] });
      v2.select(kplus.LabelSelector.of({ labels: { app: 'reviews', version: 'v2' } }));
      v2.podMetadata.addLabel('app', 'reviews');
      v2.podMetadata.addLabel('version', 'v2');
      const dr = new DestinationRule(chart, 'dr', { host: 'reviews' });
      dr.addSubset({ name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.RANDOM) } });
      dr.addSubset({ name: 'v2', workload: v2 });
    });
    expect(spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' }, trafficPolicy: { loadBalancer: { simple: 'RANDOM' } } },
      { name: 'v2', labels: { app: 'reviews', version: 'v2' } },
    ]);
  });

  test('workloadSelector and exportTo', () => {
    const spec = specOf((chart) => new DestinationRule(chart, 'dr', {
      host: 'reviews',
      exportTo: ['.'],
      workloadSelector: WorkloadSelector.labels({ app: 'productpage' }),
      trafficPolicy: { tls: ClientTls.istioMutual() },
    }));
    expect(spec).toEqual({ host: 'reviews', exportTo: ['.'], workloadSelector: { matchLabels: { app: 'productpage' } }, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });

  test('a subset knows its host and port', () => {
    const chart = newChart();
    const dr = new DestinationRule(chart, 'dr', { host: 'reviews.bookinfo.svc.cluster.local', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    new VirtualService(chart, 'vs', { hosts: ['reviews'], http: [{ route: [{ destination: dr.subset('v1', { port: 9080 }) }] }] });
    expect(Testing.synth(chart)[1].spec.http[0].route[0].destination).toEqual({ host: 'reviews.bookinfo.svc.cluster.local', subset: 'v1', port: { number: 9080 } });
  });

  test('a subset cannot take both labels and a workload', () => {
    const chart = newChart();
    const d = new kplus.Deployment(chart, 'd', { containers: [{ image: 'x' }] });
    expect(() => new DestinationRule(chart, 'dr', { host: 'r', subsets: [{ name: 'v1', labels: { a: 'b' }, workload: d }] })).toThrow(/labels or workload, not both/);
  });

  test('a port listed twice in portLevelSettings', () => {
    expect(() => new DestinationRule(newChart(), 'dr', {
      host: 'r',
      trafficPolicy: { portLevelSettings: [{ port: 80, tls: ClientTls.disable() }, { port: 80, tls: ClientTls.simple() }] },
    })).toThrow(/port 80 appears twice/);
  });

  test('an outlier maxEjectionPercent over 100', () => {
    expect(() => new DestinationRule(newChart(), 'dr', { host: 'r', trafficPolicy: { outlierDetection: { maxEjectionPercent: 120 } } }))
      .toThrow(/maxEjectionPercent must be a percentage from 0 to 100/);
  });
});
