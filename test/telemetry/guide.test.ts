/**
 * The observability examples of the Istio guide in ../shared/seed, written with L2, corrected:
 * - telemetry.istio.io/v1 instead of v1alpha1;
 * - the guide splits providers and their overrides/custom tags into separate list entries: they belong in ONE entry
 *   (a second tracing entry is not supported at all);
 * - metric tags are set with `tagOverrides` whose values are CEL expressions, not `tags` with Envoy `%...%` formats,
 *   `%{...}` or Mixer `{{...}}` templates;
 * - the access log format is not a Telemetry field: it is set on the provider in MeshConfig;
 * - the sampling rate is set with Telemetry's randomSamplingPercentage (there is no `meshconfig` object to patch).
 */
import { Testing } from 'cdk8s';
import { CustomTag, IstioMetric, TagOverride, Telemetry, WorkloadMode, WorkloadSelector } from '../../lib';
import { synthValid } from '../security/validate';

const TELEMETRY = 'telemetry.istio.io/v1';

describe('Istio guide, Observability, written with L2', () => {
  test('Prometheus metrics with overrides', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN: destination_app is a standard tag that Istio already sets to "unknown" when missing; the guide's
    // Mixer template override is dropped.
    Telemetry.meshWide(chart, 'metrics', {
      name: 'metrics',
      metrics: [{ providers: ['prometheus'], overrides: [{ metric: IstioMetric.ALL_METRICS, disabled: false }] }],
    });
    // THEN
    expect(synthValid(chart)).toEqual([{
      apiVersion: TELEMETRY,
      kind: 'Telemetry',
      metadata: { name: 'metrics', namespace: 'istio-system' },
      spec: { metrics: [{ providers: [{ name: 'prometheus' }], overrides: [{ match: { metric: 'ALL_METRICS' }, disabled: false }] }] },
    }]);
  });

  test('custom metric tags', () => {
    const chart = Testing.chart();
    new Telemetry(chart, 'custom', { metadata: { name: 'custom-metrics', namespace: 'default' } }).addMetrics({
      providers: ['prometheus'],
      overrides: [
        {
          metric: IstioMetric.REQUEST_COUNT,
          tagOverrides: { request_id: TagOverride.upsert("request.headers['x-request-id']"), user_agent: TagOverride.upsert("request.headers['user-agent']") },
        },
        { metric: IstioMetric.REQUEST_DURATION, tagOverrides: { response_code: TagOverride.upsert('string(response.code)') } },
      ],
    });
    expect(synthValid(chart)[0].spec).toEqual({
      metrics: [{
        providers: [{ name: 'prometheus' }],
        overrides: [
          {
            match: { metric: 'REQUEST_COUNT' },
            tagOverrides: { request_id: { value: "request.headers['x-request-id']" }, user_agent: { value: "request.headers['user-agent']" } },
          },
          { match: { metric: 'REQUEST_DURATION' }, tagOverrides: { response_code: { value: 'string(response.code)' } } },
        ],
      }],
    });
  });

  test('Jaeger tracing with custom tags and a sampling rate, in one entry', () => {
    // The provider "jaeger" must be an extensionProviders entry of MeshConfig (zipkin or opentelemetry type).
    const chart = Testing.chart();
    Telemetry.meshWide(chart, 'tracing', {
      name: 'tracing',
      tracing: [{
        providers: ['jaeger'],
        randomSamplingPercentage: 100,
        customTags: { my_tag: CustomTag.literal('custom_value'), request_id: CustomTag.header('x-request-id') },
      }],
    });
    expect(synthValid(chart)[0].spec).toEqual({
      tracing: [{
        providers: [{ name: 'jaeger' }],
        randomSamplingPercentage: 100,
        customTags: { my_tag: { literal: { value: 'custom_value' } }, request_id: { header: { name: 'x-request-id' } } },
      }],
    });
  });

  test('access logs, mesh-wide and for a namespace', () => {
    // The guide's `format` does not exist in Telemetry: the text format is the provider's
    // (MeshConfig extensionProviders[].envoyFileAccessLog.logFormat.text).
    const chart = Testing.chart();
    Telemetry.meshWide(chart, 'logs', { name: 'access-logs', accessLogging: [{ providers: ['otel'] }] });
    new Telemetry(chart, 'custom', { metadata: { name: 'custom-access-logs', namespace: 'default' }, accessLogging: [{ providers: ['otel'] }] });
    expect(synthValid(chart).map((o) => [o.metadata, o.spec])).toEqual([
      [{ name: 'access-logs', namespace: 'istio-system' }, { accessLogging: [{ providers: [{ name: 'otel' }] }] }],
      [{ name: 'custom-access-logs', namespace: 'default' }, { accessLogging: [{ providers: [{ name: 'otel' }] }] }],
    ]);
  });

  test('telemetry disabled for one workload', () => {
    const chart = Testing.chart();
    new Telemetry(chart, 'off', { metadata: { name: 'disable-health-checks', namespace: 'default' }, selector: WorkloadSelector.labels({ app: 'health-checker' }) })
      .addMetrics({
        providers: ['prometheus'],
        overrides: [
          { metric: IstioMetric.ALL_METRICS, mode: WorkloadMode.CLIENT, disabled: true },
          { metric: IstioMetric.ALL_METRICS, mode: WorkloadMode.SERVER, disabled: true },
        ],
      });
    expect(synthValid(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'health-checker' } },
      metrics: [{
        providers: [{ name: 'prometheus' }],
        overrides: [
          { match: { metric: 'ALL_METRICS', mode: 'CLIENT' }, disabled: true },
          { match: { metric: 'ALL_METRICS', mode: 'SERVER' }, disabled: true },
        ],
      }],
    });
  });

  test('resource-based telemetry: the guide\'s tags are standard labels already', () => {
    // source_workload, destination_service and request_protocol are standard labels of istio_requests_total, so the
    // guide's `%{...}` tags are not needed; an override setting one would be a CEL expression.
    const chart = Testing.chart();
    new Telemetry(chart, 'res', { metadata: { name: 'resource-telemetry', namespace: 'production' } }).addMetrics({
      providers: ['prometheus'],
      overrides: [{ metric: IstioMetric.REQUEST_COUNT, tagOverrides: { request_protocol: TagOverride.upsert('request.protocol') } }],
    });
    expect(synthValid(chart)[0].spec.metrics[0].overrides).toEqual([
      { match: { metric: 'REQUEST_COUNT' }, tagOverrides: { request_protocol: { value: 'request.protocol' } } },
    ]);
  });
});
