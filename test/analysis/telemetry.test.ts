import { run } from './helpers';

const telemetry = (name: string, spec: string, ns = 'shop') => `
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: web-1, namespace: shop, labels: { app: web } }\nspec: { containers: [{ name: web }] }\n';

describe('telemetry analyzers (IST0157, IST0160, IST0101, IST0159, IST0002)', () => {
  test('clean: providers named, one namespace default, selectors matching distinct pods', () => {
    const yaml = [pod, telemetry('default', '{ accessLogging: [{ providers: [{ name: envoy }] }] }'),
      telemetry('web', '{ selector: { matchLabels: { app: web } }, tracing: [{ randomSamplingPercentage: 10 }] }')].join('\n---\n');
    for (const a of ['telemetry.ProviderAnalyzer', 'telemetry.DefaultSelectorAnalyzer', 'telemetry.SelectorAnalyzer']) expect(run(a, yaml)).toEqual([]);
  });

  test('clean: an access log without provider is fine when the mesh has default providers', () => {
    expect(run('telemetry.ProviderAnalyzer', telemetry('default', '{ accessLogging: [{}] }'),
      { meshConfig: { defaultProviders: { accessLogging: ['envoy'] } } })).toEqual([]);
  });

  test('broken: access logging without provider and no mesh default', () => {
    expect(run('telemetry.ProviderAnalyzer', telemetry('default', '{ accessLogging: [{}] }'))).toEqual(['IST0157 Telemetry shop/default']);
  });

  test('broken: two namespace-wide Telemetries', () => {
    expect(run('telemetry.DefaultSelectorAnalyzer', [telemetry('a', '{}'), telemetry('b', '{}')].join('\n---\n')))
      .toEqual(['IST0160 Telemetry shop/a', 'IST0160 Telemetry shop/b']);
  });

  test('broken: a selector matching no pod, and two Telemetries on one pod', () => {
    const yaml = [pod, telemetry('a', '{ selector: { matchLabels: { app: web } } }'), telemetry('b', '{ selector: { matchLabels: { app: web } } }'),
      telemetry('c', '{ selector: { matchLabels: { app: api } } }')].join('\n---\n');
    expect(run('telemetry.SelectorAnalyzer', yaml)).toEqual(['IST0159 Telemetry shop/a', 'IST0159 Telemetry shop/b', 'IST0101 Telemetry shop/c']);
  });

  test('broken: tracing with a Lightstep provider is deprecated', () => {
    const meshConfig = { extensionProviders: [{ name: 'ls', lightstep: { service: 'x', port: 8080, accessToken: 't' } }] };
    expect(run('telemetry.LightstepAnalyzer', telemetry('default', '{ tracing: [{ providers: [{ name: ls }] }] }'), { meshConfig }))
      .toEqual(['IST0002 Telemetry shop/default']);
  });
});
