import { Chart, Duration, Testing } from 'cdk8s';
import { addWorkload } from './util';
import {
  Backend, CanaryRoute, ClientCertificates, Dataplane, Destination, EgressGatewayRoute, EgressProtocol, ExternalServiceWithBreaker,
  FaultInjectionExperiment, IngressRoute, JwksSource, JwtProtectedApp, LoadBalancer, MeshNamespace, OpenGateways, PathMatch, RoutingApi,
  StrictMtlsNamespace, Waypoint, WorkloadSelector, ZeroTrustMesh,
} from '../../lib';

/**
 * Snapshots of every L3 pattern's synthesized objects in its main configurations (issue 15): sidecar and ambient,
 * Istio API and Gateway API, options off and on. They catch change; each pattern's own tests assert what is right.
 */
function objects(build: (chart: Chart) => void, options: { ambient?: boolean } = {}): unknown[] {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  if (options.ambient) new MeshNamespace(chart, 'ns', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT });
  build(chart);
  return Testing.synth(chart);
}

const waypointOf = (c: Chart) => new Waypoint(c, 'waypoint');
const versions = { host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' } };
const jason = { name: 'end-user', value: 'jason' };
const issuers = [{ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }];
const frontendSa = { name: 'frontend', metadata: { namespace: 'web' } };
const orders = WorkloadSelector.labels({ app: 'orders' });

describe('pattern snapshots', () => {
  test.each(([
    ['CanaryRoute', (c) => new CanaryRoute(c, 'reviews', { ...versions, canaryWeight: 10 })],
    ['CanaryRoute with every option', (c) => new CanaryRoute(c, 'reviews', {
      ...versions,
      otherVersions: [{ name: 'v3' }],
      rollout: { steps: [5, 25, 50], step: 1 },
      override: { header: { name: 'x-canary', value: 'always' } },
      stableOverride: { cookie: { name: 'canary', value: 'never' } },
      mirrorPercent: 5,
      mirrorVersion: 'v3',
      timeout: Duration.seconds(3),
      retries: { attempts: 2 },
      stickySession: LoadBalancer.consistentHashCookie({ name: 'session', ttl: Duration.hours(1) }),
    })],
    ['CanaryRoute Gateway API', (c) => {
      addWorkload(c, 'shop', 'reviews', { port: 9080 });
      new CanaryRoute(c, 'reviews', { ...versions, canaryWeight: 10, api: RoutingApi.GATEWAY_API, port: 9080 });
    }],
    ['CanaryRoute ambient', (c) => new CanaryRoute(c, 'reviews', { ...versions, canaryWeight: 10, waypoint: waypointOf(c) }), true],
    ['FaultInjectionExperiment for a user', (c) => new FaultInjectionExperiment(c, 'ratings', { host: 'ratings', header: jason, delay: { fixedDelay: Duration.seconds(7) } })],
    ['FaultInjectionExperiment for a share', (c) => new FaultInjectionExperiment(c, 'ratings', { host: 'ratings', abort: { httpStatus: 503, percentage: 5 } })],
    ['FaultInjectionExperiment with a canary', (c) => new FaultInjectionExperiment(c, 'reviews-delay', {
      host: 'reviews', header: jason, abort: { httpStatus: 500 }, canary: new CanaryRoute(c, 'reviews', { ...versions, canaryWeight: 10 }),
    })],
    ['FaultInjectionExperiment ambient', (c) => new FaultInjectionExperiment(c, 'ratings', { host: 'ratings', header: jason, abort: { httpStatus: 500 }, waypoint: waypointOf(c) }), true],
    ['JwtProtectedApp', (c) => new JwtProtectedApp(c, 'orders', { selector: orders, issuers, publicPaths: ['/healthz'] })],
    ['JwtProtectedApp ambient', (c) => new JwtProtectedApp(c, 'orders', { selector: orders, issuers, publicPaths: ['/healthz'], waypoint: waypointOf(c) }), true],
    ['StrictMtlsNamespace', (c) => new StrictMtlsNamespace(c, 'ns', {
      name: 'shop', permissiveExceptions: [{ name: 'legacy', selector: orders, port: 9000, plaintextFrom: ['10.20.0.0/16'] }],
    }).allow('frontend-to-orders', { from: { serviceAccounts: [frontendSa] }, to: { selector: orders, ports: [8080], methods: ['GET'] } })],
    ['StrictMtlsNamespace ambient with a waypoint', (c) => new StrictMtlsNamespace(c, 'ns', { name: 'shop', dataplane: Dataplane.AMBIENT, waypoint: waypointOf(c) })
      .allow('frontend-to-orders', { from: { serviceAccounts: [frontendSa] }, to: { selector: orders, ports: [8080] } })],
    ['ZeroTrustMesh', (c) => new ZeroTrustMesh(c, 'mesh')],
    ['ZeroTrustMesh with open egress, an allow and an exception', (c) => {
      const mesh = new ZeroTrustMesh(c, 'mesh', { openGateways: [OpenGateways.ingressGateway(), OpenGateways.egressGateway()] });
      mesh.allow('frontend-to-orders', 'shop', { from: { serviceAccounts: [frontendSa] }, to: { selector: orders } });
      mesh.addPermissiveException('shop', { name: 'legacy', selector: orders, port: 9000, plaintextFrom: ['10.0.0.0/8'] });
    }],
    ['ExternalServiceWithBreaker', (c) => new ExternalServiceWithBreaker(c, 'stripe', { host: 'api.stripe.com' })],
    ['ExternalServiceWithBreaker with TLS origination, timeout and retries', (c) => new ExternalServiceWithBreaker(c, 'stripe', {
      host: 'api.stripe.com', tlsOrigination: {}, timeout: Duration.seconds(5), retries: { attempts: 2 },
    })],
    ['ExternalServiceWithBreaker through the egress gateway with mTLS and origination', (c) => new ExternalServiceWithBreaker(c, 'stripe', {
      host: 'api.stripe.com', tlsOrigination: {}, egressGateway: { mutualTls: true, allowedCallers: { serviceAccounts: [frontendSa] } },
    })],
    ['ExternalServiceWithBreaker ambient', (c) => new ExternalServiceWithBreaker(c, 'stripe', { host: 'api.stripe.com', waypoint: waypointOf(c) }), true],
    ['EgressGatewayRoute TLS passthrough', (c) => new EgressGatewayRoute(c, 'github', { host: 'api.github.com' })],
    ['EgressGatewayRoute TLS with mTLS and callers', (c) => new EgressGatewayRoute(c, 'github', {
      host: 'api.github.com', mutualTls: true, allowedCallers: { namespaces: ['ci'] },
    })],
    ['EgressGatewayRoute HTTP with mTLS and origination', (c) => new EgressGatewayRoute(c, 'cnn', {
      host: 'edition.cnn.com', protocol: EgressProtocol.HTTP, mutualTls: true, tlsOrigination: {},
    })],
    ['EgressGatewayRoute ambient', (c) => new EgressGatewayRoute(c, 'github', { host: 'api.github.com', waypoint: waypointOf(c) }), true],
    ['IngressRoute HTTPS', (c) => new IngressRoute(c, 'shop', {
      hosts: ['shop.example.com'], tls: { credentialName: 'shop-cert' }, routes: [{ route: [{ destination: Destination.host('frontend') }] }],
    })],
    ['IngressRoute HTTPS with client certificates', (c) => new IngressRoute(c, 'shop', {
      hosts: ['shop.example.com'],
      tls: { credentialName: 'shop-cert', clientCertificates: ClientCertificates.REQUIRED },
      routeNamespaces: ['shop'],
      routes: [{ route: [{ destination: Destination.host('frontend') }] }],
    })],
    ['IngressRoute plain HTTP', (c) => new IngressRoute(c, 'shop', {
      hosts: ['*'], plainHttp: { port: 8080 }, routes: [{ route: [{ destination: Destination.host('frontend') }] }],
    })],
    ['IngressRoute Gateway API', (c) => new IngressRoute(c, 'shop', {
      api: RoutingApi.GATEWAY_API,
      hosts: ['shop.example.com'],
      tls: { credentialName: 'shop-cert' },
      gatewayApiRules: [{ matches: [{ path: PathMatch.prefix('/') }], backends: [Backend.reference({ name: 'frontend', port: 8080 })] }],
    })],
  ] as Array<[string, (chart: Chart) => void, boolean?]>)
  // Every row has three values: jest passes `done` for a missing one.
    .map(([name, build, ambient]) => [name, build, ambient ?? false] as const))('%s', (_name, build, ambient) => {
    expect(objects(build, { ambient })).toMatchSnapshot();
  });
});
