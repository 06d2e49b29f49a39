import { Chart, Duration, Testing } from 'cdk8s';
import { addWorkload, expectValid, find, synth } from './util';
import { DestinationRule, StringMatch } from '../../lib';
import { IstioChecks } from '../../lib/checks';
import { MeshModel } from '../../lib/model';
import { CanaryRoute } from '../../lib/patterns/canary-route';
import { FaultInjectionExperiment, FaultInjectionExperimentProps } from '../../lib/patterns/fault-injection-experiment';
import { RoutingApi } from '../../lib/patterns/routing-api';
import { readSample, withoutApiVersion } from '../networking/util';

const jason = { name: 'end-user', value: 'jason' };

/** The ratings VirtualService of an experiment, routed to the v1 subset of a ratings DestinationRule. */
function ratings(props: Partial<FaultInjectionExperimentProps>) {
  const chart = Testing.chart();
  const rule = new DestinationRule(chart, 'dr', { metadata: { name: 'ratings' }, host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  new FaultInjectionExperiment(chart, 'ratings', { host: 'ratings', destination: rule.subset('v1'), ...props });
  const objects = synth(chart);
  return { objects, vs: find(objects, 'VirtualService', 'ratings') };
}

describe('FaultInjectionExperiment', () => {
  test.each([
    ['delay', { delay: { fixedDelay: Duration.seconds(7) } }, 'bookinfo--networking--virtual-service-ratings-test-delay.yaml'],
    ['abort', { abort: { httpStatus: 500 } }, 'bookinfo--networking--virtual-service-ratings-test-abort.yaml'],
  ])('reproduces Bookinfo\'s ratings %s test for the user jason', (_, fault, sample) => {
    const { objects, vs } = ratings({ ...fault, header: jason });
    expect(withoutApiVersion(vs)).toEqual(withoutApiVersion(readSample(sample)[0]));
    expectValid(objects);
  });

  test('without a header, the fault hits the given share of every request', () => {
    const { objects, vs } = ratings({ delay: { fixedDelay: Duration.millis(500), percentage: 10 }, abort: { httpStatus: 503, percentage: 0.5 } });
    expect(vs.spec.http).toEqual([{
      route: [{ destination: { host: 'ratings', subset: 'v1' } }],
      fault: { delay: { fixedDelay: '500ms', percentage: { value: 10 } }, abort: { httpStatus: 503, percentage: { value: 0.5 } } },
    }]);
    expectValid(objects);
  });

  test('invalid input fails with a clear error', () => {
    expect(() => ratings({ header: jason })).toThrow('test/ratings: give a delay, an abort, or both');
    expect(() => ratings({ abort: { httpStatus: 500 } })).toThrow(/abort.percentage is required without a header/);
    expect(() => ratings({ abort: { httpStatus: 500, percentage: 150 }, header: jason })).toThrow(/percentage/);
    expect(() => ratings({ abort: { httpStatus: 99 }, header: jason })).toThrow(/httpStatus must be an HTTP status code/);
  });

  describe('with a CanaryRoute of the same host (issue 14: one VirtualService per host)', () => {
    function shop() {
      const app = Testing.app();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      addWorkload(chart, 'shop', 'frontend');
      addWorkload(chart, 'shop', 'reviews', { labels: { version: 'v1' } });
      addWorkload(chart, 'shop', 'reviews-v2', { labels: { app: 'reviews', version: 'v2' }, service: false });
      const canary = new CanaryRoute(chart, 'reviews', {
        host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, canaryWeight: 10, override: { header: { name: 'x-canary', value: 'always' } },
      });
      return { app, chart, canary };
    }

    // The model routes as Istio 1.30 does: rules in order, the first match wins (pilot/pkg/networking/core/route/route.go).
    test('canary: the fault is a rule of the canary\'s VirtualService, after the overrides and before the weighted split', () => {
      const { app, chart, canary } = shop();
      const experiment = new FaultInjectionExperiment(chart, 'reviews-delay', { host: 'reviews', canary, header: jason, delay: { fixedDelay: Duration.seconds(7) } });
      expect(experiment.virtualService).toBe(canary.virtualService);
      const objects = synth(chart);
      expect(objects.filter((o) => o.kind === 'VirtualService').map((o) => o.metadata?.name)).toEqual(['reviews']);
      const split = [{ host: 'reviews.shop.svc.cluster.local', subset: 'v1', weight: 90 }, { host: 'reviews.shop.svc.cluster.local', subset: 'v2', weight: 10 }];
      const model = MeshModel.fromApp(app);
      const route = (headers: Record<string, string>) => model.route({ from: 'shop/frontend', host: 'reviews', headers });
      expect(route({ 'end-user': 'jason' })).toMatchObject({ rule: '1', fault: { delay: { fixedDelay: '7s', percentage: { value: 100 } } }, destinations: split });
      expect(route({})).toMatchObject({ rule: '2', destinations: split });
      expect(route({}).fault).toBeUndefined();
      expect(route({ 'end-user': 'jason', 'x-canary': 'always' })).toMatchObject({ rule: '0', destinations: [{ subset: 'v2', weight: 100 }] });
      expect(route({ 'end-user': 'jason', 'x-canary': 'always' }).fault).toBeUndefined();
      expectValid(objects);
    });

    test('without canary, two VirtualServices for one host fail the synth with CIS5014 and the hint to compose', () => {
      const { app, chart } = shop();
      new FaultInjectionExperiment(chart, 'reviews-delay', { host: 'reviews', header: jason, delay: { fixedDelay: Duration.seconds(7) } });
      IstioChecks.enable(app);
      const found = IstioChecks.findings(app).filter((f) => f.code === 'CIS5014');
      expect(found.map((f) => [f.constructPath, f.message])).toEqual([[
        'shop/reviews-delay/VirtualService',
        expect.stringContaining('by [shop/reviews/VirtualService] and by [shop/reviews-delay/VirtualService]'),
      ]]);
      expect(found[0].hint).toMatch(/FaultInjectionExperiment's canary/);
    });

    test('invalid combinations fail with a clear error', () => {
      const make = (props: Partial<FaultInjectionExperimentProps>) => () => {
        const { chart, canary } = shop();
        new FaultInjectionExperiment(chart, 'f', { host: 'reviews', canary, header: jason, abort: { httpStatus: 503 }, ...props });
      };
      expect(make({ header: undefined, abort: { httpStatus: 503, percentage: 5 } })).toThrow(/canary is set without header/);
      expect(make({ name: 'x', namespace: 'shop' })).toThrow(/name, namespace are set with canary/);
      expect(make({ host: 'ratings' })).toThrow(/host 'ratings' is not the host of shop\/reviews/);
      const gatewayApi = new CanaryRoute(Testing.chart(), 'r', { host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, api: RoutingApi.GATEWAY_API, port: 80 });
      expect(() => gatewayApi.addRuleBeforeSplit({ match: [{ uri: StringMatch.prefix('/') }] })).toThrow(/emits the Gateway API/);
      expect(() => shop().canary.addRuleBeforeSplit({ match: [] })).toThrow(/has no match/);
    });
  });
});
