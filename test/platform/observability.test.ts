import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { guideDocuments, guideTest, istioErrors } from './helpers';
import {
  ExtensionProvider, IstioOperator, IstioPrometheusMonitors, Kiali, KialiAuthStrategy, MeshObservability, PrometheusScrapeConfig,
} from '../../lib';

describe('MeshObservability', () => {
  test('the Telemetry resource names providers that the IstioOperator declares', () => {
    // GIVEN
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop', { metadata: { name: 'control-plane' } });
    // WHEN
    new MeshObservability(chart, 'telemetry', {
      istioOperator: iop,
      metrics: [ExtensionProvider.prometheus()],
      tracing: [ExtensionProvider.jaeger()],
      tracingSamplingPercentage: 10,
      accessLogging: [ExtensionProvider.openTelemetryAccessLog('otel', { service: 'opentelemetry-collector.observability.svc.cluster.local' })],
    });
    // THEN
    const [operator, telemetry] = Testing.synth(chart);
    expect(telemetry).toEqual({
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: { name: 'mesh-default', namespace: 'istio-system' },
      spec: {
        metrics: [{ providers: [{ name: 'prometheus' }] }],
        tracing: [{ providers: [{ name: 'jaeger' }], randomSamplingPercentage: 10 }],
        accessLogging: [{ providers: [{ name: 'otel' }] }],
      },
    });
    // prometheus is built in; jaeger and otel are declared, as Istio's demo profile declares them.
    expect(operator.spec.meshConfig.extensionProviders).toEqual([
      { name: 'jaeger', opentelemetry: { service: 'jaeger-collector.istio-system.svc.cluster.local', port: 4317 } },
      { name: 'otel', envoyOtelAls: { service: 'opentelemetry-collector.observability.svc.cluster.local', port: 4317 } },
    ]);
    expect(istioErrors([operator, telemetry])).toEqual([]);
  });

  test('Zipkin and OpenTelemetry tracing backends', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop');
    new MeshObservability(chart, 'telemetry', {
      istioOperator: iop,
      tracing: [
        ExtensionProvider.zipkin('zipkin', { service: 'zipkin.istio-system.svc.cluster.local' }),
        ExtensionProvider.opentelemetry('otel-tracing', { service: 'otel-collector.observability.svc.cluster.local', port: 4318 }),
      ],
    });
    expect(Testing.synth(chart)[0].spec.meshConfig.extensionProviders).toEqual([
      { name: 'zipkin', zipkin: { service: 'zipkin.istio-system.svc.cluster.local', port: 9411 } },
      { name: 'otel-tracing', opentelemetry: { service: 'otel-collector.observability.svc.cluster.local', port: 4318 } },
    ]);
  });

  test('built-in providers are not declared again, unless they are changed', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop');
    new MeshObservability(chart, 'telemetry', {
      istioOperator: iop,
      metrics: [ExtensionProvider.prometheus()],
      accessLogging: [ExtensionProvider.fileAccessLog('envoy', '/var/log/envoy.log')],
    });
    expect(Testing.synth(chart)[0].spec.meshConfig.extensionProviders).toEqual([{ name: 'envoy', envoyFileAccessLog: { path: '/var/log/envoy.log' } }]);
  });

  test('bad input: sampling out of range, sampling without tracing, nothing to wire', () => {
    const chart = Testing.chart();
    expect(() => new MeshObservability(chart, 'a', { tracing: [ExtensionProvider.jaeger()], tracingSamplingPercentage: 150 }))
      .toThrow('between 0 and 100, got 150');
    expect(() => new MeshObservability(chart, 'b', { metrics: [ExtensionProvider.prometheus()], tracingSamplingPercentage: 5 }))
      .toThrow('needs a tracing provider');
    expect(() => new MeshObservability(chart, 'c', {})).toThrow('at least one');
  });

  test('two providers with one name but different backends are caught by the IstioOperator checks', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop');
    new MeshObservability(chart, 'a', { istioOperator: iop, tracing: [ExtensionProvider.zipkin('tracing', { service: 'zipkin.x.svc.cluster.local' })] });
    new MeshObservability(chart, 'b', { istioOperator: iop, name: 'other', tracing: [ExtensionProvider.jaeger('tracing')] });
    expect(iop.validate().map((f) => `${f.code} ${f.path}: ${f.message}`)).toEqual([
      "CIS6008 spec.meshConfig.extensionProviders[1].name: extension provider 'tracing' is defined twice",
    ]);
  });

  test('a default provider that nothing declares is a warning', () => {
    const iop = new IstioOperator(Testing.chart(), 'iop', { meshConfig: { defaultProviders: { tracing: ['jaeger'], metrics: ['prometheus'] } } });
    expect(iop.validate()).toEqual([expect.objectContaining({ severity: 'warning', code: 'CIS6010', path: 'spec.meshConfig.defaultProviders.tracing[0]' })]);
  });
});

describe('Kiali', () => {
  guideTest('the guide\'s Kiali CR, for Kiali 2: internal_url, cluster_wide_access', () => {
    // The guide's Kiali configuration (a ConfigMap; its CR in a heredoc has the same fields).
    const guide = parse(guideDocuments('kiali').find((d) => d.kind === 'ConfigMap').data['config.yaml']);
    expect(guide.deployment.accessible_namespaces).toEqual(['**']); // gone in Kiali 2
    expect(guide.external_services.tracing).toEqual({ in_cluster_url: 'http://jaeger-query:16686', use_grpc: true }); // renamed internal_url; gRPC on the HTTP port

    const chart = Testing.chart();
    new Kiali(chart, 'kiali', {
      prometheusUrl: 'http://prometheus:9090',
      tracing: { internalUrl: 'http://jaeger-query:16686' },
      grafana: { internalUrl: 'http://grafana:3000', externalUrl: 'http://grafana.example.com' },
      auth: KialiAuthStrategy.ANONYMOUS,
    });
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'kiali.io/v1alpha1',
      kind: 'Kiali',
      metadata: { name: 'kiali', namespace: 'istio-system' },
      spec: {
        istio_namespace: 'istio-system',
        auth: { strategy: 'anonymous' },
        deployment: { cluster_wide_access: true, view_only_mode: false },
        external_services: {
          prometheus: { url: 'http://prometheus:9090' },
          tracing: { enabled: true, provider: 'jaeger', internal_url: 'http://jaeger-query:16686', use_grpc: false },
          grafana: { enabled: true, internal_url: 'http://grafana:3000', external_url: 'http://grafana.example.com' },
        },
      },
    }]);
  });

  test('gRPC to Jaeger on its gRPC port by default; the guide\'s gRPC on the HTTP port is an error', () => {
    const chart = Testing.chart();
    const kiali = new Kiali(chart, 'kiali', { prometheusUrl: 'http://prometheus.istio-system:9090', tracing: { internalUrl: 'http://tracing.istio-system:16685/jaeger' } });
    expect(kiali.apiObject.toJson().spec.external_services.tracing.use_grpc).toBe(true);
    expect(kiali.apiObject.toJson().spec.external_services.grafana).toEqual({ enabled: false });
    expect(() => new Kiali(chart, 'k2', { prometheusUrl: 'http://p:9090', tracing: { internalUrl: 'http://jaeger-query:16686', useGrpc: true } }))
      .toThrow("Jaeger's HTTP port 16686 but useGrpc is on");
  });

  test('URLs are checked', () => {
    expect(() => new Kiali(Testing.chart(), 'kiali', { prometheusUrl: 'prometheus:9090' })).toThrow(/must be http or https|is not a URL/);
    expect(() => new Kiali(Testing.chart(), 'kiali', { prometheusUrl: 'http://p:9090', grafana: { internalUrl: 'grafana' } })).toThrow("test/kiali: grafana.internalUrl: 'grafana' is not a URL. Write it with its scheme");
  });
});

describe('Prometheus scrape configuration', () => {
  guideTest('the guide\'s jobs, with the path Envoy serves metrics on', () => {
    const [guide] = guideDocuments('prometheus-config');
    const guideJobs = parse(guide.data['prometheus.yml']).scrape_configs;
    expect(guideJobs.find((j: any) => j.job_name === 'envoy-stats').metrics_path).toBeUndefined(); // would scrape /metrics on 15090

    const chart = Testing.chart();
    const scrape = new PrometheusScrapeConfig(chart, 'prometheus');
    const [cm] = Testing.synth(chart);
    expect(cm.metadata).toEqual({ name: 'prometheus-config', namespace: 'istio-system' });
    const config = parse(cm.data['prometheus.yml']);
    expect(config.global).toEqual({ scrape_interval: '15s' });
    expect(config.scrape_configs).toEqual(scrape.jobs);
    const [istiod, envoy] = config.scrape_configs;
    expect(istiod).toEqual(guideJobs[0]);
    expect(envoy).toEqual({ ...guideJobs[1], metrics_path: '/stats/prometheus' });
  });

  test('extra jobs are appended; job names are unique', () => {
    const chart = Testing.chart();
    const scrape = new PrometheusScrapeConfig(chart, 'a', { extraJobs: [{ job_name: 'apps', kubernetes_sd_configs: [{ role: 'pod' }] }] });
    expect(scrape.jobs.map((j) => j.job_name)).toEqual(['istiod', 'envoy-stats', 'apps']);
    expect(() => new PrometheusScrapeConfig(chart, 'b', { extraJobs: [{ job_name: 'istiod' }] })).toThrow("two jobs are named 'istiod'");
  });

  test('for the Prometheus operator (the guide installs kube-prometheus-stack, which does not read that ConfigMap): monitors', () => {
    const chart = Testing.chart();
    new IstioPrometheusMonitors(chart, 'monitors', { labels: { release: 'prometheus' } });
    const [pod, svc] = Testing.synth(chart);
    expect(pod).toMatchObject({ kind: 'PodMonitor', metadata: { name: 'envoy-stats-monitor', labels: { monitoring: 'istio-proxies', release: 'prometheus' } } });
    expect(pod.spec.podMetricsEndpoints[0].path).toBe('/stats/prometheus');
    expect(svc).toMatchObject({ kind: 'ServiceMonitor', spec: { endpoints: [{ port: 'http-monitoring', interval: '15s' }] } });
  });
});
