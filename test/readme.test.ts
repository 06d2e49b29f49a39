import { Duration, Testing } from 'cdk8s';
import { DestinationRule, RetryOn, VirtualService } from '../lib';

// The README's L2 snippet, kept compiling and checked.
test('the README L2 example synthesizes a valid 90/10 route with retries', () => {
  const chart = Testing.chart();
  const reviews = new DestinationRule(chart, 'reviews-dr', {
    host: 'reviews',
    trafficPolicy: { outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30) } },
  });
  reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
  reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });

  new VirtualService(chart, 'reviews', { hosts: ['reviews'] }).addHttpRoute({
    route: [{ destination: reviews.subset('v1'), weight: 90 }, { destination: reviews.subset('v2'), weight: 10 }],
    timeout: Duration.seconds(10),
    retries: { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE] },
  });
  const vs = Testing.synth(chart).find((o) => o.kind === 'VirtualService');
  expect(vs.spec.http[0]).toEqual({
    route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }],
    timeout: '10s',
    retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure' },
  });
});
