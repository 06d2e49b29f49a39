import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioResource, IstioResourceProps, IstioSettings, IstioVersion, NETWORKING_API, l1 } from '../../lib';
import { IstioChecks, IstioTesting } from '../../lib/checks';
import { SchemaCodes } from '../../lib/validation';
import { Severity } from '../../lib/vocab';

/** A minimal L2 construct whose spec is whatever it is given (untyped: the tests give invalid specs on purpose). */
class RawVirtualService extends IstioResource<Record<string, unknown>> {
  public constructor(scope: Construct, id: string, private readonly spec: Record<string, unknown>, props: IstioResourceProps = {}) {
    super(scope, id, { api: NETWORKING_API, kind: 'VirtualService' }, props);
  }
  protected renderSpec() {
    return this.spec;
  }
}

const BAD_TIMEOUT = { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], timeout: '10 s' }] };

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'istio-checks-'));
}

describe('IstioChecks at synth', () => {
  test('an L2 construct enables the checks: App.synth() throws listing every error, and writes nothing', () => {
    const outdir = tmpdir();
    const app = new App({ outdir });
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new RawVirtualService(chart, 'reviews', BAD_TIMEOUT, { metadata: { name: 'reviews' } });
    new RawVirtualService(chart, 'ratings', { hosts: ['ratings'], htp: [] }, { metadata: { name: 'ratings' } });
    expect(IstioChecks.isEnabled(chart)).toBe(true);
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Istio checks found 3 errors:');
    expect(message).toContain('VirtualService shop/ratings: spec: http, tcp or tls must be provided in virtual service (CIS2040');
    expect(message).toContain('[shop/reviews] VirtualService shop/reviews: spec.http[0].timeout: must be a valid duration greater than 1ms');
    expect(message).toContain('[shop/ratings] VirtualService shop/ratings: spec.htp: unknown field "htp" (CIS1002; fix: did you mean "http"?)');
    expect(fs.readdirSync(outdir)).toEqual([]);
  });

  test('synthYaml() runs the checks too', () => {
    const app = new App({ outdir: tmpdir() });
    new RawVirtualService(new Chart(app, 'c'), 'vs', BAD_TIMEOUT);
    expect(() => app.synthYaml()).toThrow(/Istio checks found 1 error:/);
  });

  test('L1 objects and raw ApiObjects are checked once the app enables the checks', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new l1.networking.DestinationRule(chart, 'dr', { metadata: { name: 'dr' }, spec: { host: 'r', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' as any } } } });
    new ApiObject(chart, 'raw', { apiVersion: 'security.istio.io/v1beta1', kind: 'WorkloadGroup', metadata: { name: 'wg' } });
    expect(() => app.synthYaml()).not.toThrow();
    IstioChecks.enable(app);
    IstioChecks.enable(chart); // idempotent
    const findings = IstioChecks.findings(app);
    expect(findings.map((f) => [f.constructPath, f.code])).toEqual([['c/raw', SchemaCodes.UNKNOWN_KIND]]);
    expect(() => app.synthYaml()).toThrow(/\[c\/raw\] WorkloadGroup wg: apiVersion: WorkloadGroup is not a kind of security.istio.io/);
  });

  test('honours disabledChecks and istioVersion of each scope', () => {
    const app = Testing.app();
    const old = new Chart(app, 'old');
    const fresh = new Chart(app, 'fresh');
    const policy = { rules: [{ from: [{ source: { trustDomains: ['cluster.local'] } }] }] };
    new l1.security.AuthorizationPolicy(old, 'ap', { metadata: { name: 'ap' }, spec: policy as any });
    new l1.security.AuthorizationPolicy(fresh, 'ap', { metadata: { name: 'ap2' }, spec: policy as any });
    IstioChecks.enable(app);
    IstioSettings.apply(old, { istioVersion: IstioVersion.V1_28 });
    expect(IstioChecks.findings(app).map((f) => [f.constructPath, f.code])).toEqual([['old/ap', SchemaCodes.FIELD_NOT_IN_VERSION]]);
    IstioSettings.apply(old, { disabledChecks: [SchemaCodes.FIELD_NOT_IN_VERSION] });
    expect(IstioChecks.findings(app)).toEqual([]);
  });

  test("Istio's analyze-suppress annotation reports findings as suppressed, without failing", () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    new RawVirtualService(chart, 'vs', BAD_TIMEOUT, { metadata: { name: 'vs', annotations: { 'galley.istio.io/analyze-suppress': 'IST0101, CIS1011' } } });
    const [f] = IstioChecks.findings(app);
    expect(f).toMatchObject({ code: SchemaCodes.CEL_RULE, severity: Severity.INFO, suppressedBy: 'annotation galley.istio.io/analyze-suppress' });
    expect(() => app.synthYaml()).not.toThrow();
  });
});

describe('IstioTesting', () => {
  test('synth returns the manifests of a clean chart', () => {
    const chart = Testing.chart();
    const spec = { hosts: ['reviews'], http: [{ directResponse: { status: 204 } }] };
    new RawVirtualService(chart, 'vs', spec, { metadata: { name: 'reviews' } });
    expect(IstioTesting.synth(chart)).toEqual([expect.objectContaining({ kind: 'VirtualService', spec })]);
  });

  test('synth throws listing the findings of the chart; findings returns them', () => {
    const chart = Testing.chart();
    new l1.networking.Gateway(chart, 'gw', { metadata: { name: 'gw' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] as any } });
    expect(() => IstioTesting.synth(chart)).toThrow(/error: \[test\/gw\] Gateway gw: spec.servers\[0\].hosts: required field "hosts" is missing/);
    expect(IstioTesting.findings(chart).map((f) => f.path)).toEqual(['spec.servers[0].hosts']);
  });
});

describe('IstioChecks.disable', () => {
  test('an app whose checks are disabled synthesizes broken objects (for CI that checks the output instead)', () => {
    const app = Testing.app();
    IstioChecks.disable(app);
    const chart = new Chart(app, 'c');
    new ApiObject(chart, 'vs', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r' }, spec: { htp: [] } });
    IstioChecks.enable(app);
    expect(IstioChecks.isEnabled(app)).toBe(false);
    expect(() => app.synthYaml()).not.toThrow();
    expect(IstioChecks.findings(app).map((f) => f.code)).toContain('CIS1002');
  });
});

describe('one synth pass, one run of the checks', () => {
  const vs = (scope: Construct, id: string, spec: Record<string, unknown>) =>
    new ApiObject(scope, id, { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: id }, spec });
  const ok = { hosts: ['a'], http: [{ directResponse: { status: 204 } }] };

  test('a change between two synths in the same tick is checked again', () => {
    const app = Testing.app();
    IstioChecks.enable(app);
    const chart = new Chart(app, 'c');
    const obj = vs(chart, 'r', ok);
    expect(() => Testing.synth(chart)).not.toThrow();
    obj.addJsonPatch(JsonPatch.add('/spec/htp', []));
    expect(() => Testing.synth(chart)).toThrow(/unknown field "htp"/);
  });

  test('app.synthYaml() over several charts prints each warning once', () => {
    const app = Testing.app();
    IstioChecks.enable(app);
    for (const id of ['one', 'two', 'three']) vs(new Chart(app, id), `vs-${id}`, { ...ok, hosts: [id] });
    // An ALLOW policy with an empty rule warns (CIS5002); three charts are three validations by cdk8s.
    new ApiObject(new Chart(app, 'four'), 'ap', {
      apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap' }, spec: { rules: [{}] },
    });
    const lines: string[] = [];
    const previous = IstioChecks._setWarningWriter((t) => lines.push(t));
    try {
      app.synthYaml();
    } finally {
      IstioChecks._setWarningWriter(previous);
    }
    expect(lines.filter((l) => l.includes('CIS5002'))).toHaveLength(1);
  });
});
