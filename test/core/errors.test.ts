import { Testing } from 'cdk8s';
import {
  CanaryRoute, Condition, Destination, FieldError, Gateway, IstioConfigError, IstioOperator, Kiali, KubernetesGateway, ListenerProtocol,
  MeshObservability, MultiClusterMesh, PemSource, Probe, VirtualService,
} from '../../lib';

// One error convention for L2, L3 and platform constructs: construct path, resource, then per problem
// the field, what is wrong and the fix. Thrown when the construct is built or changed, or when it
// renders at synth, and then not wrapped by cdk8s.

function thrown(f: () => unknown): IstioConfigError {
  try {
    f();
  } catch (e) {
    expect(IstioConfigError.isIstioConfigError(e)).toBe(true);
    return e as IstioConfigError;
  }
  throw new Error('expected an error');
}

describe('IstioConfigError', () => {
  test('an L2 constructor names path, resource, field and value; nothing is left in the tree', () => {
    const chart = Testing.chart();
    const e = thrown(() => new VirtualService(chart, 'vs', {
      metadata: { name: 'reviews', namespace: 'shop' },
      hosts: ['reviews'],
      http: [{ route: [{ destination: Destination.host('reviews'), weight: 101 }] }],
    }));
    expect(e.message).toBe('test/vs (VirtualService shop/reviews): spec.http[0].route[0].weight must be a whole number from 0 to 100, got 101.');
    expect(e.constructPath).toBe('test/vs');
    expect(e.resource).toBe('VirtualService shop/reviews');
    expect(e.problems).toEqual([{ field: 'spec.http[0].route[0].weight', problem: 'must be a whole number from 0 to 100, got 101.' }]);
    expect(chart.node.tryFindChild('vs')).toBeUndefined();
  });

  test('a problem with a fix reads "field: problem. Fix."', () => {
    const gw = new KubernetesGateway(Testing.chart(), 'gw', { metadata: { name: 'edge' } });
    gw.addListener({ name: 'http', port: 80, protocol: ListenerProtocol.HTTP });
    const e = thrown(() => gw.addListener({ name: 'http', port: 8080, protocol: ListenerProtocol.HTTP }));
    expect(e.message).toMatch(/^test\/gw \(Gateway edge\): spec\.listeners\[1\]\.name: a listener named 'http' already exists\. Listener names must be unique in a Gateway\.$/);
  });

  test('an error found at synth reaches the caller unwrapped', () => {
    const chart = Testing.chart();
    new Gateway(chart, 'gw', { metadata: { name: 'edge' } });
    const e = thrown(() => Testing.synth(chart));
    expect(e.message).toBe('test/gw (Gateway edge): spec.servers: the Gateway has no servers. Add one with addServer().');
    expect(e.message).not.toMatch(/Failed serializing/);
  });

  test('an L3 pattern is not one object: path, then the problem', () => {
    const chart = Testing.chart();
    const e = thrown(() => new CanaryRoute(chart, 'reviews', { host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, canaryWeight: 120 }));
    expect(e.message).toBe('test/reviews: canaryWeight is 120, it must be a whole percentage in 0..100.');
    expect(e.resource).toBeUndefined();
  });

  test('a value factory has no construct yet: it names itself and the argument', () => {
    expect(() => Destination.host('')).toThrow(FieldError);
    expect(() => Destination.host('')).toThrow(/^Destination host must not be empty\.$/);
  });

  test('a value factory\'s error is an IstioConfigError without a construct: field (factory and argument), problem, fix', () => {
    const e = thrown(() => Probe.exec([]));
    expect(e).toBeInstanceOf(FieldError);
    expect(e.constructPath).toBe('');
    expect(e.problems).toEqual([{ field: 'Probe.exec command', problem: 'is empty', fix: 'Give the command and its arguments.' }]);
    expect(e.message).toBe('Probe.exec command is empty. Give the command and its arguments.');
    const many = thrown(() => Condition.of({ key: 'source.ip', values: ['', 'x'] }));
    expect(many.problems.map((p) => p.field)).toEqual(["Condition 'source.ip' values[0]", "Condition 'source.ip' values[1]"]);
  });

  test('a value factory never prints a secret it was given by mistake', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const e = thrown(() => PemSource.fromFile(pem));
    expect(e.problems[0].field).toBe('PemSource.fromFile filePath');
    expect(e.problems[0].fix).toBe('Pass a path, or use PemSource.fromString() for PEM text.');
    expect(e.message).not.toContain('MIIEvQIBADANBgkqhkiG9w0BAQEFAASC');
  });

  test('platform constructs: path, the prop as field, and the fix', () => {
    const kiali = thrown(() => new Kiali(Testing.chart(), 'kiali', { prometheusUrl: 'ftp://prometheus:9090' }));
    expect(kiali.constructPath).toBe('test/kiali');
    expect(kiali.problems).toEqual([{ field: 'prometheusUrl', problem: "'ftp://prometheus:9090' must be http or https", fix: 'Use an http:// or https:// URL.' }]);

    const observability = thrown(() => new MeshObservability(Testing.chart(), 'obs', { tracingSamplingPercentage: 150, tracing: [] }));
    expect(observability.message).toBe('test/obs: tracingSamplingPercentage must be between 0 and 100, got 150. Give a percentage from 0 to 100.');

    const mesh = thrown(() => new MultiClusterMesh(Testing.app(), 'mesh', { meshId: 'm', clusters: [{ name: 'a' }] }).cluster('b'));
    expect(mesh.message).toBe("mesh: clusters has no cluster 'b'. Use one of a.");

    const iop = new IstioOperator(Testing.chart(), 'iop');
    const override = thrown(() => iop.addOverride('metadata.labels.a', 'b'));
    expect(override.problems[0]).toMatchObject({ field: 'metadata.labels.a', fix: 'Set metadata through iop.apiObject.metadata.' });
  });
});
