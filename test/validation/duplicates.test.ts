import { ApiObject, Chart, Testing } from 'cdk8s';
import { IstioSettings, l1, MeshMembership, MeshNamespace } from '../../lib';
import { checkAll, IstioChecks } from '../../lib/checks';
import { Severity } from '../../lib/vocab/finding';
import { run, writeFiles } from '../cli/helpers';

const vs = (name: string, host: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name, namespace: 'shop' },
  spec: { hosts: [host], http: [{ route: [{ destination: { host } }] }] },
});

describe('CIS5014: two objects with the same group, kind, namespace and name', () => {
  test('clean: same name in another namespace, kind or group; the same object in two clusters of one app', () => {
    const inputs = [vs('reviews', 'reviews'), { ...vs('reviews', 'reviews'), metadata: { name: 'reviews', namespace: 'web' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'shop' } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'reviews', namespace: 'shop' } }]
      .map((object) => ({ object }));
    expect(checkAll(inputs).findings.filter((f) => f.code === 'CIS5014')).toEqual([]);
    const clusters = [{ object: vs('reviews', 'reviews'), cluster: 'east' }, { object: vs('reviews', 'reviews'), cluster: 'west' }];
    expect(checkAll(clusters).findings.filter((f) => f.code === 'CIS5014')).toEqual([]);
    const kustomizations = [1, 2].map(() => ({ object: { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] } }));
    expect(checkAll(kustomizations).findings.filter((f) => f.code === 'CIS5014')).toEqual([]);
  });

  test('broken at synth: two constructs write one Namespace; the error names both construct paths and the fix', () => {
    const app = Testing.app();
    const a = new Chart(app, 'a');
    const b = new Chart(app, 'b');
    new MeshNamespace(a, 'payments', { metadata: { name: 'payments' }, membership: MeshMembership.sidecarInjection() });
    new MeshNamespace(b, 'payments', { metadata: { name: 'payments' }, membership: MeshMembership.sidecarInjection() });
    IstioChecks.enable(app);
    const found = IstioChecks.findings(app).filter((f) => f.code === 'CIS5014');
    expect(found.map((f) => [f.severity, f.constructPath, f.resource?.kind, f.resource?.name, f.related?.map((r) => r.constructPath)])).toEqual([
      [Severity.ERROR, 'b/payments/Resource', 'Namespace', 'payments', ['a/payments/Resource']],
    ]);
    expect(found[0].message).toBe('Namespace payments is written twice, by [a/payments/Resource] and by [b/payments/Resource]: '
      + 'the cluster keeps only the last one applied and kustomize refuses the set.');
    expect(found[0].hint).toMatch(/Define the Namespace once/);
    expect(() => app.synthYaml()).toThrow(/CIS5014/);
  });

  test('broken at synth: two VirtualServices of one name, even in two API versions; disabledChecks turns it off', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new l1.networking.VirtualService(chart, 'canary', { metadata: { name: 'reviews' }, spec: { hosts: ['reviews'] } });
    new ApiObject(chart, 'fault', { ...vs('reviews', 'reviews'), apiVersion: 'networking.istio.io/v1beta1' });
    IstioChecks.enable(app);
    const found = IstioChecks.findings(app).filter((f) => f.code === 'CIS5014');
    expect(found.map((f) => f.constructPath)).toEqual(['shop/fault']);
    expect(found[0].hint).toMatch(/one VirtualService/);
    IstioSettings.apply(chart, { disabledChecks: ['CIS5014'] });
    expect(IstioChecks.findings(app).filter((f) => f.code === 'CIS5014')).toEqual([]);
  });

  test('broken in a file set: `analyze` names both files', async () => {
    const yaml = (o: object) => JSON.stringify(o);
    const dir = writeFiles({ 'a.yaml': yaml(vs('reviews', 'reviews')), 'b.yaml': yaml(vs('reviews', 'reviews')) });
    const { code, stdout } = await run('analyze', '--format', 'json', dir);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((f) => f.code === 'CIS5014');
    expect(lines).toHaveLength(1);
    expect(lines[0].file).toMatch(/b\.yaml$/);
    expect(lines[0].related[0].file).toMatch(/a\.yaml$/);
  });
});

describe('IstioSettings.failOnWarnings', () => {
  function app(failOnWarnings?: boolean) {
    const a = Testing.app();
    const chart = new Chart(a, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' }, spec: { ports: [{ name: 'http', port: 8080 }] } });
    new l1.networking.VirtualService(chart, 'vs', { metadata: { name: 'orders' }, spec: { hosts: ['orders'], http: [{ route: [{ destination: { host: 'ordres' } }] }] } });
    IstioChecks.enable(a);
    if (failOnWarnings !== undefined) IstioSettings.apply(a, { failOnWarnings });
    return a;
  }
  let previous: (text: string) => void;
  const printed: string[] = [];
  beforeAll(() => { previous = IstioChecks._setWarningWriter((t) => printed.push(t)); });
  afterAll(() => { IstioChecks._setWarningWriter(previous); });

  test('off (the default): a warning is printed and the synth goes on', () => {
    expect(() => app().synthYaml()).not.toThrow();
    expect(printed.join('')).toMatch(/did you mean orders\?.*CIS5015/);
  });

  test('on: the warning fails the synth, with its construct path', () => {
    expect(() => app(true).synthYaml()).toThrow(/Istio checks found 1 finding \(failOnWarnings\):\n    warning: \[shop\/vs\] VirtualService shop\/orders: .*CIS5015/);
  });
});
