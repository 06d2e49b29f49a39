import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CustomTag, IstioMetric, IstioSettings, PolicyTarget, TagOverride, Telemetry, TelemetryApiVersion, WorkloadMode,
} from '../../lib';

describe('Telemetry', () => {
  test('metrics: providers and overrides in one entry, with match, disabled and tag overrides', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new Telemetry(chart, 't', { selector: { app: 'reviews' } }).addMetrics({
      providers: ['prometheus'],
      reportingInterval: Duration.seconds(15),
      overrides: [
        { metric: IstioMetric.REQUEST_COUNT, mode: WorkloadMode.SERVER, tagOverrides: { z_tag: TagOverride.remove(), host: TagOverride.upsert('request.host') } },
        { customMetric: 'my_metric', disabled: true },
        { disabled: false },
      ],
    });
    // THEN
    expect(Testing.synth(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      metrics: [{
        providers: [{ name: 'prometheus' }],
        overrides: [
          { match: { metric: 'REQUEST_COUNT', mode: 'SERVER' }, tagOverrides: { host: { value: 'request.host' }, z_tag: { operation: 'REMOVE' } } },
          { match: { customMetric: 'my_metric' }, disabled: true },
          { disabled: false },
        ],
        reportingInterval: '15s',
      }],
    });
  });

  test('tracing: provider, sampling and every custom tag source', () => {
    const chart = Testing.chart();
    new Telemetry(chart, 't').addTracing({
      providers: ['jaeger'],
      randomSamplingPercentage: 12.5,
      mode: WorkloadMode.CLIENT,
      disableSpanReporting: false,
      customTags: {
        my_tag: CustomTag.literal('custom_value'),
        request_id: CustomTag.header('x-request-id'),
        user: CustomTag.header('x-user', 'anonymous'),
        pod: CustomTag.environment('POD_NAME', 'unknown'),
        path: CustomTag.formatter('%REQ(:PATH)%'),
      },
    });
    expect(Testing.synth(chart)[0].spec.tracing).toEqual([{
      match: { mode: 'CLIENT' },
      providers: [{ name: 'jaeger' }],
      randomSamplingPercentage: 12.5,
      disableSpanReporting: false,
      customTags: {
        my_tag: { literal: { value: 'custom_value' } },
        path: { formatter: { value: '%REQ(:PATH)%' } },
        pod: { environment: { name: 'POD_NAME', defaultValue: 'unknown' } },
        request_id: { header: { name: 'x-request-id' } },
        user: { header: { name: 'x-user', defaultValue: 'anonymous' } },
      },
    }]);
  });

  test('access logging: providers, filter and disabled', () => {
    const chart = Testing.chart();
    new Telemetry(chart, 't', {
      accessLogging: [{ providers: ['envoy'], filter: 'response.code >= 400' }, { mode: WorkloadMode.CLIENT, disabled: true }],
    });
    expect(Testing.synth(chart)[0].spec.accessLogging).toEqual([
      { providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } },
      { match: { mode: 'CLIENT' }, disabled: true },
    ]);
  });

  test('meshWide goes to the root namespace; targetRefs for waypoints', () => {
    const chart = Testing.chart();
    const mesh = Telemetry.meshWide(chart, 'mesh', { tracing: [{ randomSamplingPercentage: 1 }] });
    new Telemetry(chart, 'wp', { targetRefs: [PolicyTarget.service('reviews')], accessLogging: [{ providers: ['otel'] }] });
    expect([mesh.name, mesh.namespace]).toEqual(['mesh-default', 'istio-system']);
    expect(Testing.synth(chart)[1].spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews' }]);
  });

  test('a second tracing entry is a clear error (the guide split providers and tags)', () => {
    const chart = Testing.chart();
    const t = new Telemetry(chart, 't', { tracing: [{ providers: ['jaeger'] }] });
    expect(() => t.addTracing({ customTags: { a: CustomTag.literal('b') } })).toThrow(/test\/t \(Telemetry\): spec\.tracing\[1\]: Istio supports one tracing entry/);
  });

  test('invalid values are clear errors', () => {
    const chart = Testing.chart();
    const t = new Telemetry(chart, 't');
    expect(() => t.addTracing({ randomSamplingPercentage: 101 })).toThrow(/randomSamplingPercentage: 101 is not in 0-100/);
    expect(() => t.addTracing({ providers: ['a', 'b'] })).toThrow(/one tracing provider/);
    expect(() => t.addTracing({ customTags: { a: CustomTag.header('') } })).toThrow(/customTags\[a\]\.header\.name: empty name/);
    expect(() => t.addMetrics({ providers: [''] })).toThrow(/providers\[0\]\.name: empty provider name/);
    expect(() => t.addMetrics({ overrides: [{ metric: IstioMetric.REQUEST_COUNT, customMetric: 'x' }] })).toThrow(/both metric and customMetric/);
    expect(() => t.addMetrics({ reportingInterval: Duration.millis(0) })).toThrow(/reportingInterval/);
    expect(() => new Telemetry(chart, 'w', { selector: { app: '*' } })).toThrow(/wildcard/);
    expect(Testing.synth(chart)[0].spec).toEqual({});
  });

  test('emits telemetry.istio.io/v1alpha1 when asked', () => {
    const chart = new Chart(Testing.app(), 'old');
    IstioSettings.apply(chart, { telemetryApiVersion: TelemetryApiVersion.V1ALPHA1 });
    new Telemetry(chart, 't');
    expect(Testing.synth(chart)[0].apiVersion).toBe('telemetry.istio.io/v1alpha1');
  });

  test('property: any sampling percentage in [0, 100] is rendered as given, any outside is rejected', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, min: -1000, max: 1000 }), (pct) => {
      const chart = Testing.chart();
      const t = new Telemetry(chart, 't');
      if (pct >= 0 && pct <= 100) {
        t.addTracing({ randomSamplingPercentage: pct });
        expect(Testing.synth(chart)[0].spec.tracing[0].randomSamplingPercentage).toBe(pct);
      } else {
        expect(() => t.addTracing({ randomSamplingPercentage: pct })).toThrow(/is not in 0-100/);
      }
    }));
  });
});
