import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CustomTag, IstioMetric, IstioSettings, PolicyTarget, TagOverride, Telemetry, TelemetryApiVersion, WorkloadMode, WorkloadSelector,
} from '../../lib';
import { synthValid } from '../security/validate';

describe('Telemetry', () => {
  test('metrics: providers and overrides in one entry, with match, disabled and tag overrides', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new Telemetry(chart, 't', { selector: WorkloadSelector.labels({ app: 'reviews' }) }).addMetrics({
      providers: ['prometheus'],
      reportingInterval: Duration.seconds(15),
      overrides: [
        { metric: IstioMetric.REQUEST_COUNT, mode: WorkloadMode.SERVER, tagOverrides: { z_tag: TagOverride.remove(), host: TagOverride.upsert('request.host') } },
        { customMetric: 'my_metric', disabled: true },
        { disabled: false },
      ],
    });
    // THEN
    expect(synthValid(chart)[0].spec).toEqual({
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
    expect(synthValid(chart)[0].spec.tracing).toEqual([{
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
    expect(synthValid(chart)[0].spec.accessLogging).toEqual([
      { providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } },
      { match: { mode: 'CLIENT' }, disabled: true },
    ]);
  });

  test('meshWide goes to the root namespace; targetRefs for waypoints', () => {
    const chart = Testing.chart();
    const mesh = Telemetry.meshWide(chart, 'mesh', { tracing: [{ randomSamplingPercentage: 1 }] });
    new Telemetry(chart, 'wp', { targetRefs: [PolicyTarget.service('reviews')], accessLogging: [{ providers: ['otel'] }] });
    expect([mesh.name, mesh.namespace]).toEqual(['mesh-default', 'istio-system']);
    expect(synthValid(chart)[1].spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews' }]);
  });

  test('a second tracing entry is a clear error (the guide split providers and tags)', () => {
    const chart = Testing.chart();
    const t = new Telemetry(chart, 't', { tracing: [{ providers: ['jaeger'] }] });
    expect(() => t.addTracing({ customTags: { a: CustomTag.literal('b') } })).toThrow(/test\/t \(Telemetry test-[a-z0-9-]+\): spec\.tracing\[1\]: Istio supports one tracing entry/);
  });

  test('tag values and filters that are not CEL (the guide\'s Mixer templates and Envoy formats) are clear errors', () => {
    const chart = Testing.chart();
    const t = new Telemetry(chart, 't');
    expect(() => t.addMetrics({ overrides: [{ tagOverrides: { app: TagOverride.upsert("{{.destination_app | default 'unknown'}}") } }] }))
      .toThrow(/test\/t \(Telemetry test-[a-z0-9-]+\): spec\.metrics\[0\]\.overrides\[0\]\.tagOverrides\[app\]\.value: .* is not a CEL expression/);
    expect(() => t.addMetrics({ overrides: [{ tagOverrides: { id: TagOverride.upsert('%REQ(X-REQUEST-ID)%') } }] })).toThrow(/not a CEL expression/);
    expect(() => t.addMetrics({ overrides: [{ tagOverrides: { id: TagOverride.upsert(' ') } }] })).toThrow(/empty expression/);
    expect(() => t.addAccessLogging({ filter: 'response.code >=' })).toThrow(/spec\.accessLogging\[0\]\.filter\.expression: 'response\.code >=' is not a CEL/);
    expect(synthValid(chart)[0].spec).toEqual({});
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
    expect(synthValid(chart)[0].spec).toEqual({});
  });

  test('emits telemetry.istio.io/v1alpha1 when asked', () => {
    const chart = new Chart(Testing.app(), 'old');
    IstioSettings.apply(chart, { telemetryApiVersion: TelemetryApiVersion.V1ALPHA1 });
    new Telemetry(chart, 't');
    expect(synthValid(chart)[0].apiVersion).toBe('telemetry.istio.io/v1alpha1');
  });

  test('property: any sampling percentage in [0, 100] is rendered as given, any outside is rejected', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, min: -1000, max: 1000 }), (pct) => {
      const chart = Testing.chart();
      const t = new Telemetry(chart, 't');
      if (pct >= 0 && pct <= 100) {
        t.addTracing({ randomSamplingPercentage: pct });
        expect(synthValid(chart)[0].spec.tracing[0].randomSamplingPercentage).toBe(pct);
      } else {
        expect(() => t.addTracing({ randomSamplingPercentage: pct })).toThrow(/is not in 0-100/);
      }
    }));
  });

  test('property: any metrics, tracing and logging built from valid parts pass the validator', () => {
    const tag = fc.stringMatching(/^[a-z][a-z_]{0,12}$/);
    const expression = fc.constantFrom('request.host', 'string(destination.port)', "request.headers['x-id']", 'string(response.code)');
    const override = fc.record({
      metric: fc.option(fc.constantFrom(...Object.values(IstioMetric)), { nil: undefined }),
      mode: fc.option(fc.constantFrom(...Object.values(WorkloadMode)), { nil: undefined }),
      disabled: fc.option(fc.boolean(), { nil: undefined }),
      tagOverrides: fc.option(fc.dictionary(tag, fc.oneof(expression.map(TagOverride.upsert), fc.constant(TagOverride.remove())),
        { minKeys: 1, maxKeys: 3 }), { nil: undefined }),
    }, { requiredKeys: [] });
    fc.assert(fc.property(
      fc.array(override, { maxLength: 3 }),
      fc.double({ min: 0, max: 100, noNaN: true }),
      fc.dictionary(tag, fc.oneof(tag.map(CustomTag.literal), tag.map((h) => CustomTag.header(h)), tag.map((e) => CustomTag.environment(e))),
        { maxKeys: 3 }),
      fc.constantFrom('response.code >= 400', 'connection.mtls', "request.url_path.startsWith('/api')"),
      (overrides, pct, customTags, filter) => {
        const chart = Testing.chart();
        new Telemetry(chart, 't', {
          metadata: { name: 't', namespace: 'default' },
          metrics: [{ providers: ['prometheus'], overrides }],
          tracing: [{ providers: ['otel'], randomSamplingPercentage: pct, customTags }],
          accessLogging: [{ providers: ['envoy'], filter }],
        });
        const spec = synthValid(chart)[0].spec;
        expect(spec.tracing[0].randomSamplingPercentage).toBe(pct);
        expect(spec.metrics[0].overrides ?? []).toHaveLength(overrides.length);
      }), { numRuns: 60 });
  });
});
