import { Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import type { VirtualServiceSpec } from '../../imports/networking.istio.io';
import { IstioResource, IstioResourceProps, IstioSettings, NETWORKING_API, NetworkingApiVersion } from '../../lib';

/** A minimal L2 construct: its model is a list of hosts, added after construction, answered directly. */
class Hosts extends IstioResource<VirtualServiceSpec> {
  private readonly hosts: string[] = [];
  public constructor(scope: Construct, id: string, props: IstioResourceProps = {}) {
    super(scope, id, { api: NETWORKING_API, kind: 'VirtualService' }, props);
  }
  public addHost(host: string): this {
    this.hosts.push(host);
    return this;
  }
  protected renderSpec() {
    return { hosts: [...this.hosts], http: [{ directResponse: { status: 204 } }] };
  }
}

describe('IstioResource', () => {
  test('renders the model at synth, so methods called after construction are included', () => {
    const chart = Testing.chart();
    const r = new Hosts(chart, 'vs', { metadata: { name: 'reviews', namespace: 'shop' } });
    r.addHost('reviews');
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { hosts: ['reviews'], http: [{ directResponse: { status: 204 } }] },
    }]);
    expect([r.name, r.namespace, r.kind]).toEqual(['reviews', 'shop', 'VirtualService']);
  });

  test('emits the API version the chart chooses, even when chosen after the construct was added', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'old-mesh');
    const r = new Hosts(chart, 'vs').addHost('a');
    IstioSettings.apply(chart, { networkingApiVersion: NetworkingApiVersion.V1BETA1 });
    expect(Testing.synth(chart)[0].apiVersion).toBe('networking.istio.io/v1beta1');
    // The property is the version in force when the construct was created (cdk8s's ApiObject field).
    expect(r.apiVersion).toBe('networking.istio.io/v1');
  });

  test('the L2 construct is its ApiObject: one construct per Istio object', () => {
    const chart = Testing.chart();
    const r = new Hosts(chart, 'vs').addHost('a');
    expect(r.apiObject).toBe(r);
    expect(chart.node.findAll().filter((c) => c !== chart).map((c) => c.node.path)).toEqual(['test/vs']);
  });

  test('the apiObject escape hatch patches what L2 does not model', () => {
    const chart = Testing.chart();
    const r = new Hosts(chart, 'vs').addHost('a');
    r.apiObject.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']));
    expect(Testing.synth(chart)[0].spec).toEqual({ hosts: ['a'], http: [{ directResponse: { status: 204 } }], exportTo: ['.'] });
  });
});
