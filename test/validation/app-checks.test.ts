import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioResource, IstioResourceProps, IstioSettings, IstioVersion, NETWORKING_API, l1 } from '../../lib';
import { IstioChecks, IstioTesting, SchemaCodes, Severity } from '../../lib/validation';

/** A minimal L2 construct whose spec is whatever it is given. */
class RawVirtualService extends IstioResource {
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
    expect(message).toContain('Istio checks found 2 errors:');
    expect(message).toContain('[shop/reviews/Resource] VirtualService shop/reviews: spec.http[0].timeout: must be a valid duration greater than 1ms');
    expect(message).toContain('[shop/ratings/Resource] VirtualService shop/ratings: spec.htp: unknown field "htp" (CIS1002; fix: did you mean "http"?)');
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
    new l1.security.AuthorizationPolicy(fresh, 'ap', { metadata: { name: 'ap' }, spec: policy as any });
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
    new RawVirtualService(chart, 'vs', { hosts: ['reviews'] }, { metadata: { name: 'reviews' } });
    expect(IstioTesting.synth(chart)).toEqual([expect.objectContaining({ kind: 'VirtualService', spec: { hosts: ['reviews'] } })]);
  });

  test('synth throws listing the findings of the chart; findings returns them', () => {
    const chart = Testing.chart();
    new l1.networking.Gateway(chart, 'gw', { metadata: { name: 'gw' }, spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] as any } });
    expect(() => IstioTesting.synth(chart)).toThrow(/error: \[test\/gw\] Gateway gw: spec.servers\[0\].hosts: required field "hosts" is missing/);
    expect(IstioTesting.findings(chart).map((f) => f.path)).toEqual(['spec.servers[0].hosts']);
  });
});
