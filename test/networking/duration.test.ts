import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { renderIstioDuration } from '../../lib';

describe('Istio durations from cdk8s Durations', () => {
  test('any whole number of milliseconds renders exactly, without float noise, however it was built', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10 ** 9 }), (ms) => {
      for (const d of [Duration.millis(ms), Duration.seconds(ms / 1000)]) {
        const text = renderIstioDuration(d, 'd');
        expect(text).toMatch(/^[1-9][0-9]*(ms|s)$/);
        const back = text.endsWith('ms') ? Number(text.slice(0, -2)) : Number(text.slice(0, -1)) * 1000;
        expect(back).toBe(ms);
      }
    }));
  });

  test.each([
    [Duration.seconds(1.5), '1500ms'],
    [Duration.millis(100), '100ms'],
    [Duration.seconds(7), '7s'],
    [Duration.minutes(3), '180s'],
    [Duration.hours(1), '3600s'],
  ])('%s renders as %s', (d, text) => {
    expect(renderIstioDuration(d, 'd')).toBe(text);
  });

  test.each([Duration.millis(0), Duration.millis(0.999), Duration.millis(2.5)])('%s is rejected', (d) => {
    expect(() => renderIstioDuration(d, 'spec.timeout')).toThrow(/^spec\.timeout: .* is not a valid Istio duration/);
  });
});
