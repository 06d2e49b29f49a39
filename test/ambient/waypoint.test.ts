import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  Dataplane, dataplaneOf, IstioSettings, MeshMembership, MeshNamespace, Principal, useWaypoint, Waypoint, WaypointNamespaces, WaypointTraffic,
} from '../../lib';

function chart(namespace = 'shop'): Chart {
  return new Chart(Testing.app(), 'c', { namespace });
}

describe('data plane per namespace', () => {
  test('dataplane writes the label Istio reads (pkg/config/constants DataplaneModeAmbient; analyzers/util/in_mesh.go)', () => {
    const c = chart();
    const amb = new MeshNamespace(c, 'a', { metadata: { name: 'a' }, dataplane: Dataplane.AMBIENT });
    const side = new MeshNamespace(c, 'b', { metadata: { name: 'b' }, dataplane: Dataplane.SIDECAR });
    const dflt = new MeshNamespace(c, 'd', { metadata: { name: 'd' } });
    const rev = new MeshNamespace(c, 'r', { metadata: { name: 'r' }, membership: MeshMembership.revision('canary') });
    const labels = Testing.synth(c).map((o) => o.metadata.labels);
    expect(labels).toEqual([{ 'istio.io/dataplane-mode': 'ambient' }, { 'istio-injection': 'enabled' }, { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }]);
    expect([amb.dataplane, side.dataplane, dflt.dataplane, rev.dataplane])
      .toEqual([Dataplane.AMBIENT, Dataplane.SIDECAR, Dataplane.SIDECAR, Dataplane.SIDECAR]);
  });

  test('dataplane and membership must agree', () => {
    expect(() => new MeshNamespace(chart(), 'a', { metadata: { name: 'a' }, dataplane: Dataplane.SIDECAR, membership: MeshMembership.ambient() }))
      .toThrow(/metadata.labels: membership \(istio.io\/dataplane-mode=ambient\) contradicts dataplane sidecar.*Set only one of dataplane and membership/);
  });

  test('a namespace the app defines decides; else the app setting per namespace, else the default', () => {
    const c = chart();
    expect(dataplaneOf(c, 'shop')).toBe(Dataplane.SIDECAR);
    IstioSettings.apply(c.node.root, { dataplane: Dataplane.AMBIENT, namespaceDataplanes: { legacy: Dataplane.SIDECAR } });
    expect(dataplaneOf(c, 'shop')).toBe(Dataplane.AMBIENT);
    expect(dataplaneOf(c, 'legacy')).toBe(Dataplane.SIDECAR);
    new MeshNamespace(c, 'ns', { metadata: { name: 'shop' }, dataplane: Dataplane.SIDECAR });
    expect(dataplaneOf(c, 'shop')).toBe(Dataplane.SIDECAR);
    IstioSettings.apply(c, { namespaceDataplanes: { other: Dataplane.AMBIENT } });
    expect(IstioSettings.of(c).namespaceDataplanes).toEqual({ legacy: Dataplane.SIDECAR, other: Dataplane.AMBIENT });
  });
});

describe('Waypoint', () => {
  test('a Gateway of class istio-waypoint with the HBONE listener on 15008 (pilot/pkg/serviceregistry/ambient/waypoints.go makeAllowedRoutes)', () => {
    const c = chart();
    const wp = new Waypoint(c, 'wp');
    expect(Testing.synth(c)).toEqual([{
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'waypoint', namespace: 'shop', labels: { 'istio.io/waypoint-for': 'service' } },
      spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    }]);
    // The waypoint's pods run as a service account named after the Gateway (gatewaycommon: DisableNameSuffix for istio-waypoint).
    expect(Principal.fromServiceAccount(wp.serviceAccount)).toBe('cluster.local/ns/shop/sa/waypoint');
  });

  test('traffic type, namespaces allowed to use it, service account', () => {
    const c = chart('istio-system');
    const wp = new Waypoint(c, 'wp', {
      metadata: { name: 'shared' }, traffic: WaypointTraffic.ALL, allowedNamespaces: WaypointNamespaces.withLabels({ mesh: 'shared' }), serviceAccountName: 'wp-sa',
    });
    const [gw] = Testing.synth(c);
    expect(gw.metadata.labels).toEqual({ 'istio.io/waypoint-for': 'all' });
    expect(gw.metadata.annotations).toEqual({ 'gateway.istio.io/service-account': 'wp-sa' });
    expect(gw.spec.listeners[0].allowedRoutes).toEqual({ namespaces: { from: 'Selector', selector: { matchLabels: { mesh: 'shared' } } } });
    expect(wp.serviceAccount.name).toBe('wp-sa');
  });

  test('the traffic label cannot contradict traffic', () => {
    expect(() => new Waypoint(chart(), 'wp', { metadata: { labels: { 'istio.io/waypoint-for': 'workload' } } }))
      .toThrow(/metadata.labels\[istio.io\/waypoint-for\]: 'workload' conflicts with traffic 'service'/);
  });
});

describe('useWaypoint', () => {
  test('labels a namespace, a Service and a workload\'s pods (label.IoIstioUseWaypoint)', () => {
    const c = chart();
    const wp = new Waypoint(c, 'wp', { traffic: WaypointTraffic.ALL });
    const ns = new MeshNamespace(c, 'ns', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT });
    const svc = new kplus.Service(c, 'svc', { metadata: { name: 'orders' }, ports: [{ port: 80 }] });
    const deploy = new kplus.Deployment(c, 'deploy', { containers: [{ image: 'orders', portNumber: 8080, securityContext: { ensureNonRoot: false } }] });
    const raw = new ApiObject(c, 'raw', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template: { metadata: { labels: { app: 'db' } } } } });
    for (const t of [ns, svc, deploy, raw]) useWaypoint(t, wp);
    const out = Testing.synth(c);
    const byKind = (k: string) => out.find((o) => o.kind === k);
    expect(byKind('Namespace').metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    expect(byKind('Service').metadata.labels).toEqual({ 'istio.io/use-waypoint': 'waypoint' });
    expect(byKind('Deployment').spec.template.metadata.labels['istio.io/use-waypoint']).toBe('waypoint');
    expect(byKind('Deployment').metadata.labels?.['istio.io/use-waypoint']).toBeUndefined();
    expect(byKind('StatefulSet').spec.template.metadata.labels).toEqual({ 'app': 'db', 'istio.io/use-waypoint': 'waypoint' });
  });

  test('a waypoint in another namespace adds use-waypoint-namespace; none opts out', () => {
    const c = chart();
    const shared = Waypoint.fromName('shared', 'istio-system', { allowedNamespaces: WaypointNamespaces.all() });
    const svc = new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' } });
    const other = new ApiObject(c, 'other', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'legacy' } });
    useWaypoint(svc, shared);
    useWaypoint(other, 'none');
    const [a, b] = Testing.synth(c);
    expect(a.metadata.labels).toEqual({ 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'istio-system' });
    expect(b.metadata.labels).toEqual({ 'istio.io/use-waypoint': 'none' });
  });

  test('refuses what Istio would not attach (waypoints.go fetchWaypointForService/Workload, AllowsAttachmentFromNamespace)', () => {
    const c = chart();
    const svc = new ApiObject(c, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' } });
    const pod = new ApiObject(c, 'pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
    const cm = new ApiObject(c, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    expect(() => useWaypoint(svc, new Waypoint(c, 'w1', { metadata: { name: 'w1' }, traffic: WaypointTraffic.WORKLOAD })))
      .toThrow(/c\/svc \(Service orders\): waypoint shop\/w1 takes workload traffic, so it would not serve this Service. Create the waypoint with traffic: WaypointTraffic.SERVICE or ALL/);
    expect(() => useWaypoint(pod, new Waypoint(c, 'w2', { metadata: { name: 'w2' } }))).toThrow(/takes service traffic, so it would not serve this Pod/);
    expect(() => useWaypoint(svc, Waypoint.fromName('w', 'other', { allowedNamespaces: WaypointNamespaces.same() })))
      .toThrow(/waypoint other\/w does not allow namespace shop. Create it with allowedNamespaces: WaypointNamespaces.all\(\)/);
    expect(() => useWaypoint(cm, 'none')).toThrow(/a ConfigMap cannot use a waypoint/);
  });
});
