import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { addWorkload, find, synth } from './util';
import {
  CanaryRoute, Dataplane, EgressGatewayRoute, EgressProtocol, ExternalServiceWithBreaker, FaultInjectionExperiment, IstioSettings,
  MeshNamespace, RoutingApi, useWaypoint, Waypoint, WaypointTraffic,
} from '../../lib';
import { analyze } from '../../lib/analysis';
import { MeshModel } from '../../lib/model';

/**
 * An ambient `shop` namespace with the reviews Service (v1 and v2 pods), a frontend, and a waypoint the Service uses.
 * Istio 1.30.3 pilot/pkg/serviceregistry/ambient/waypoints.go: a Service uses the waypoint its `istio.io/use-waypoint`
 * label names, and only that waypoint applies the host's VirtualServices, HTTPRoutes and DestinationRules' L7 settings.
 */
function ambientShop(options: { useWaypoint?: boolean } = {}) {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  new MeshNamespace(chart, 'ns', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT });
  const waypoint = new Waypoint(chart, 'waypoint');
  addWorkload(chart, 'shop', 'frontend');
  addWorkload(chart, 'shop', 'reviews', { labels: { version: 'v1' } });
  addWorkload(chart, 'shop', 'reviews-v2', { labels: { app: 'reviews', version: 'v2' }, service: false });
  if (options.useWaypoint !== false) useWaypoint(ApiObject.of(chart.node.findChild('Service-shop-reviews')), waypoint);
  return { app, chart, waypoint };
}

const versions = { stable: { name: 'v1' }, canary: { name: 'v2' }, canaryWeight: 20 };

describe('routing patterns in an ambient namespace (issue 18)', () => {
  test('CanaryRoute: the same VirtualService, served by the waypoint the Service uses; the model routes through it', () => {
    const { app, chart, waypoint } = ambientShop();
    const canary = new CanaryRoute(chart, 'reviews', { host: 'reviews', ...versions, waypoint });
    expect(canary.dataplane).toBe(Dataplane.AMBIENT);
    const objects = synth(chart);
    expect(find(objects, 'Service', 'reviews').metadata.labels).toEqual({ 'istio.io/use-waypoint': 'waypoint' });
    const route = MeshModel.fromApp(app).route({ from: 'shop/frontend', host: 'reviews' });
    expect(route.destinations.map((d) => [d.subset, d.weight])).toEqual([['v1', 80], ['v2', 20]]);
    expect(analyze(objects).filter((f) => f.severity === 'error').map((f) => f.code)).toEqual([]);
  });

  test('CanaryRoute with the Gateway API: an HTTPRoute bound to the Service, applied by its waypoint', () => {
    const { chart, waypoint } = ambientShop();
    new CanaryRoute(chart, 'reviews', { host: 'reviews', ...versions, waypoint, api: RoutingApi.GATEWAY_API, port: 80 });
    const route = find(synth(chart), 'HTTPRoute', 'reviews');
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 80 }]);
  });

  test('the analysis warns when the Service does not use the waypoint (CIS5025)', () => {
    const { chart, waypoint } = ambientShop({ useWaypoint: false });
    new CanaryRoute(chart, 'reviews', { host: 'reviews', ...versions, waypoint });
    expect(analyze(synth(chart)).map((f) => f.code)).toContain('CIS5025');
  });

  test('without a waypoint, or with one for workloads, the routing patterns refuse an ambient namespace', () => {
    const { chart } = ambientShop();
    expect(() => new CanaryRoute(chart, 'c', { host: 'reviews', ...versions }))
      .toThrow(/shop\/c: namespace shop is ambient: ztunnel applies no HTTP routing, only a waypoint the host uses does\. Pass waypoint/);
    expect(() => new FaultInjectionExperiment(chart, 'f', { host: 'reviews', header: { name: 'end-user', value: 'jason' }, delay: { fixedDelay: Duration.seconds(7) } }))
      .toThrow(/ztunnel applies no fault injection/);
    const workloadWaypoint = new Waypoint(chart, 'wl', { traffic: WaypointTraffic.WORKLOAD });
    expect(() => new CanaryRoute(chart, 'w', { host: 'reviews', ...versions, waypoint: workloadWaypoint })).toThrow(/takes workload traffic/);
    const sidecar = new Chart(Testing.app(), 'web', { namespace: 'web' });
    expect(() => new CanaryRoute(sidecar, 's', { host: 'reviews', ...versions, waypoint: new Waypoint(sidecar, 'wp') }))
      .toThrow(/waypoint is for an ambient namespace, and web is sidecar/);
  });

  test('ExternalServiceWithBreaker and EgressGatewayRoute: the ServiceEntry uses the waypoint, which applies the breaker and routes', () => {
    const app = Testing.app();
    IstioSettings.apply(app, { dataplane: Dataplane.AMBIENT });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const waypoint = new Waypoint(chart, 'waypoint');
    new ExternalServiceWithBreaker(chart, 'stripe', { host: 'api.stripe.com', tlsOrigination: {}, waypoint });
    new EgressGatewayRoute(chart, 'cnn', { host: 'edition.cnn.com', name: 'cnn', protocol: EgressProtocol.HTTP, waypoint });
    new ExternalServiceWithBreaker(chart, 'github', { host: 'api.github.com', egressGateway: {}, waypoint });
    const objects = synth(chart);
    for (const name of ['api-stripe-com', 'cnn', 'api-github-com']) {
      expect(find(objects, 'ServiceEntry', name).metadata.labels).toEqual({ 'istio.io/use-waypoint': 'waypoint' });
    }
    expect(() => new ExternalServiceWithBreaker(chart, 'x', { host: 'x.example.com' })).toThrow(/ztunnel applies no connection pool/);
    expect(() => new EgressGatewayRoute(chart, 'y', { host: 'y.example.com' })).toThrow(/ztunnel applies no routing to the egress gateway/);
  });
});
