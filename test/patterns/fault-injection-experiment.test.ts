import { Duration, Testing } from 'cdk8s';
import { expectValid, find, synth } from './util';
import { DestinationRule } from '../../lib';
import { FaultInjectionExperiment, FaultInjectionExperimentProps } from '../../lib/patterns/fault-injection-experiment';
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
});
