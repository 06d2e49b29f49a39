import { Chart, Duration, Testing } from 'cdk8s';
import { bookinfoIngress, expectValid, find } from './util';
import { CanaryRoute, DestinationRule, FaultInjectionExperiment } from '../../lib';
import { KubeObject } from '../../lib/vocab/object';
import { readSample, withoutApiVersion } from '../networking/util';

/** Bookinfo's routing written with the patterns: productpage behind an IngressRoute, reviews as a CanaryRoute. */
function bookinfoWithPatterns(chart: Chart): DestinationRule {
  bookinfoIngress(chart);
  const rule = (host: string, versions: string[]) => new DestinationRule(chart, `${host}-rule`, {
    metadata: { name: host }, host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })),
  });
  rule('productpage', ['v1']);
  new CanaryRoute(chart, 'reviews', { host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, otherVersions: [{ name: 'v3' }], canaryWeight: 10 });
  const ratings = rule('ratings', ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm']);
  rule('details', ['v1', 'v2']);
  return ratings;
}

const key = (o: KubeObject) => `${o.kind}/${o.metadata?.name}`;
const byKey = (objects: KubeObject[]) => Object.fromEntries(objects.map((o) => [key(o), o]));

describe('Bookinfo with patterns', () => {
  test('writes exactly Istio\'s Bookinfo routing samples (gateway, destination-rule-all, reviews 90-10)', () => {
    const withPatterns = new Chart(Testing.app(), 'bookinfo', { namespace: 'bookinfo' });
    bookinfoWithPatterns(withPatterns);
    const objects = Testing.synth(withPatterns) as KubeObject[];
    const samples = [
      ...readSample('bookinfo--networking--bookinfo-gateway.yaml'),
      ...readSample('bookinfo--networking--destination-rule-all.yaml'),
      ...readSample('bookinfo--networking--virtual-service-reviews-90-10.yaml'),
    ].map((o) => withoutApiVersion({ ...o, metadata: { ...o.metadata, namespace: 'bookinfo' } }) as KubeObject);
    expect(byKey(objects.map((o) => withoutApiVersion(o) as KubeObject))).toEqual(byKey(samples));
    expectValid(objects);
  });

  test('ratings: the FaultInjectionExperiment adds Bookinfo\'s delay test on top', () => {
    const chart = new Chart(Testing.app(), 'bookinfo', { namespace: 'bookinfo' });
    const ratings = bookinfoWithPatterns(chart);
    new FaultInjectionExperiment(chart, 'ratings-delay', {
      host: 'ratings', destination: ratings.subset('v1'), delay: { fixedDelay: Duration.seconds(7) }, header: { name: 'end-user', value: 'jason' },
    });
    const objects = Testing.synth(chart) as KubeObject[];
    const { metadata, ...sample } = withoutApiVersion(readSample('bookinfo--networking--virtual-service-ratings-test-delay.yaml')[0]);
    expect(withoutApiVersion(find(objects, 'VirtualService', 'ratings'))).toEqual({ ...sample, metadata: { ...metadata, namespace: 'bookinfo' } });
    expectValid(objects);
  });
});
