import { ApiObject, Chart, Testing } from 'cdk8s';
import { find, synth } from './util';
import { Dataplane, MeshMembership, Waypoint } from '../../lib';
import { analyze } from '../../lib/analysis';
import { StrictMtlsNamespace, StrictMtlsNamespaceProps } from '../../lib/patterns/strict-mtls-namespace';

/** A StrictMtlsNamespace `shop` with an `orders` Service and Deployment. */
function build(props: (chart: Chart) => Partial<StrictMtlsNamespaceProps>) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  const ns = new StrictMtlsNamespace(chart, 'ns', { name: 'shop', ...props(chart) });
  new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 80 }] } });
  new ApiObject(chart, 'deploy', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: { selector: { matchLabels: { app: 'orders' } }, template: { metadata: { labels: { app: 'orders' } }, spec: { serviceAccountName: 'orders', containers: [{ name: 'o', image: 'o' }] } } },
  });
  return { ns, chart };
}

describe('StrictMtlsNamespace in ambient mode', () => {
  test('dataplane: AMBIENT labels the namespace; a waypoint is used by it and admitted at L4 past deny-by-default', () => {
    const { ns, chart } = build((c) => ({ dataplane: Dataplane.AMBIENT, waypoint: new Waypoint(c, 'wp') }));
    const objects = synth(chart);
    expect(find(objects, 'Namespace', 'shop').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(find(objects, 'AuthorizationPolicy', 'allow-waypoint').spec).toEqual({ rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }] });
    expect(ns.namespace.dataplane).toBe(Dataplane.AMBIENT);
    expect(analyze(objects).filter((f) => f.code.startsWith('CIS50'))).toEqual([]);
  });

  test('without the L4 allow, the analysis says the waypoint\'s requests are denied (CIS5024)', () => {
    const { chart } = build((c) => {
      const wp = new Waypoint(c, 'wp');
      return { dataplane: Dataplane.AMBIENT, waypoint: wp };
    });
    const objects = synth(chart).filter((o) => o.metadata?.name !== 'allow-waypoint');
    expect(analyze(objects).map((f) => `${f.code} ${f.resource?.name}`)).toContain('CIS5024 deny-by-default');
  });

  test('dataplane and membership agree or fail; a waypoint needs ambient', () => {
    expect(() => build(() => ({ dataplane: Dataplane.SIDECAR, membership: MeshMembership.ambient() }))).toThrow(/contradicts dataplane sidecar/);
    expect(() => build((c) => ({ waypoint: new Waypoint(c, 'wp') }))).toThrow(/waypoint is for an ambient namespace/);
  });
});
