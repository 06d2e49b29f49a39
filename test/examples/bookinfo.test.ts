import { Testing } from 'cdk8s';
import { BookinfoChart } from '../../examples/bookinfo/chart';
import { IstioChecks } from '../../lib';
import { readSample, withoutApiVersion } from '../networking/util';

describe('Bookinfo example', () => {
  const app = Testing.app();
  const chart = new BookinfoChart(app, 'bookinfo');
  const objects = Testing.synth(chart);
  const istio = objects.filter((o) => o.apiVersion.includes('istio.io'));
  const byKindName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const inNamespace = (o: any) => ({ ...o, metadata: { ...o.metadata, namespace: 'bookinfo' } });

  test('synthesizes the same YAML as before (snapshot)', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every Istio object is a v1 kind in the bookinfo namespace', () => {
    expect(istio.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name} ns=${o.metadata.namespace}`).sort()).toEqual([
      'networking.istio.io/v1 DestinationRule/details ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/productpage ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/ratings ns=bookinfo',
      'networking.istio.io/v1 DestinationRule/reviews ns=bookinfo',
      'networking.istio.io/v1 Gateway/bookinfo-gateway ns=bookinfo',
      'networking.istio.io/v1 VirtualService/bookinfo ns=bookinfo',
      'networking.istio.io/v1 VirtualService/ratings ns=bookinfo',
      'networking.istio.io/v1 VirtualService/reviews ns=bookinfo',
    ]);
  });

  test('the namespace joins the mesh, and every routed service has a Service and pods', () => {
    expect(byKindName('Namespace', 'bookinfo').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort()).toEqual(['details', 'productpage', 'ratings', 'reviews']);
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort())
      .toEqual(['details-v1', 'productpage-v1', 'ratings-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
  });

  test('productpage is Istio\'s ingress sample: bookinfo-gateway on 8080 and the bookinfo VirtualService', () => {
    expect(withoutApiVersion(byKindName('Gateway', 'bookinfo-gateway'))).toEqual(withoutApiVersion(inNamespace(readSample('bookinfo--networking--bookinfo-gateway.yaml')[0])));
    expect(withoutApiVersion(byKindName('VirtualService', 'bookinfo'))).toEqual(withoutApiVersion(inNamespace(readSample('bookinfo--networking--bookinfo-gateway.yaml')[1])));
  });

  test('reviews is Istio\'s 90/10 canary of v1 and v2, with v3 defined but not routed', () => {
    expect(withoutApiVersion(byKindName('VirtualService', 'reviews')))
      .toEqual(withoutApiVersion(inNamespace(readSample('bookinfo--networking--virtual-service-reviews-90-10.yaml')[0])));
    expect(byKindName('DestinationRule', 'reviews').spec.subsets.map((s: any) => s.name)).toEqual(['v1', 'v2', 'v3']);
  });

  test('ratings carries Istio\'s delay test: 7 s for the user jason', () => {
    expect(withoutApiVersion(byKindName('VirtualService', 'ratings')))
      .toEqual(withoutApiVersion(inNamespace(readSample('bookinfo--networking--virtual-service-ratings-test-delay.yaml')[0])));
  });

  test('passes every check with no finding at all (per object and cross-resource)', () => {
    expect(IstioChecks.findings(app)).toEqual([]);
  });
});
