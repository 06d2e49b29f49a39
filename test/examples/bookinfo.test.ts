import { Testing } from 'cdk8s';
import { BookinfoChart } from '../../examples/bookinfo/chart';
import { readSample, withoutApiVersion } from '../networking/util';
import { expectNoErrors } from '../networking/validate';

describe('Bookinfo example', () => {
  const app = Testing.app();
  const chart = new BookinfoChart(app, 'bookinfo');
  const objects = Testing.synth(chart);
  const byKindName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('synthesizes the same YAML as before (snapshot)', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is a networking.istio.io/v1 kind in the bookinfo namespace', () => {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name} ns=${o.metadata.namespace}`).sort()).toEqual([
      'networking.istio.io/v1 DestinationRule/details ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/productpage ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/ratings ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/reviews ns=bookinfo',
      'networking.istio.io/v1 Gateway/bookinfo-gateway ns=bookinfo',
      'networking.istio.io/v1 VirtualService/bookinfo ns=bookinfo',
      'networking.istio.io/v1 VirtualService/reviews ns=bookinfo',
    ]);
  });

  test('the productpage route is bound to the gateway and sends to productpage:9080', () => {
    const vs = byKindName('VirtualService', 'bookinfo');
    expect(vs.spec.gateways).toEqual(['bookinfo-gateway']);
    expect(vs.spec.http[0].route).toEqual([{ destination: { host: 'productpage', port: { number: 9080 } } }]);
  });

  test('reviews is a 90/10 canary between subsets that its DestinationRule defines', () => {
    const route = byKindName('VirtualService', 'reviews').spec.http[0].route;
    expect(route.map((r: any) => [r.destination.subset, r.weight])).toEqual([['v1', 90], ['v2', 10]]);
    const subsets = byKindName('DestinationRule', 'reviews').spec.subsets.map((s: any) => s.name);
    for (const r of route) expect(subsets).toContain(r.destination.subset);
  });

  test('passes our checks', () => {
    expectNoErrors(objects);
  });

  test('is Istio\'s Bookinfo routing (bookinfo-gateway, destination-rule-all, reviews 90-10) in the bookinfo namespace', () => {
    const samples = [
      ...readSample('bookinfo--networking--bookinfo-gateway.yaml'),
      ...readSample('bookinfo--networking--destination-rule-all.yaml'),
      ...readSample('bookinfo--networking--virtual-service-reviews-90-10.yaml'),
    ].map((o) => ({ ...o, metadata: { ...o.metadata, namespace: 'bookinfo' } }));
    expect(objects.map(withoutApiVersion)).toEqual(samples.map(withoutApiVersion));
  });
});
