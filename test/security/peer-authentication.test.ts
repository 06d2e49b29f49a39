import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { synthValid } from './validate';
import { IstioSettings, MtlsMode, PeerAuthentication, SecurityApiVersion, WorkloadSelector } from '../../lib';

describe('PeerAuthentication', () => {
  test('meshWide is named default in the root namespace, without selector', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    PeerAuthentication.meshWide(chart, 'mesh', { mtlsMode: MtlsMode.STRICT });
    // THEN
    expect(synthValid(chart)).toEqual([{
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { mtls: { mode: 'STRICT' } },
    }]);
  });

  test('meshWide honours a custom root namespace', () => {
    const chart = Testing.chart();
    const pa = PeerAuthentication.meshWide(chart, 'mesh', { mtlsMode: MtlsMode.PERMISSIVE, rootNamespace: 'mesh-root' });
    expect([pa.name, pa.namespace]).toEqual(['default', 'mesh-root']);
  });

  test('forNamespace covers one namespace', () => {
    const chart = Testing.chart();
    PeerAuthentication.forNamespace(chart, 'ns', { namespace: 'production', mtlsMode: MtlsMode.STRICT, name: 'namespace-policy' });
    expect(synthValid(chart)[0]).toMatchObject({
      metadata: { name: 'namespace-policy', namespace: 'production' },
      spec: { mtls: { mode: 'STRICT' } },
    });
  });

  test('forWorkload renders selector and port-level modes in ascending port order', () => {
    const chart = Testing.chart();
    PeerAuthentication.forWorkload(chart, 'pp', {
      selector: WorkloadSelector.labels({ app: 'productpage' }),
      mtlsMode: MtlsMode.STRICT,
      portLevelMtls: [{ port: 9080, mode: MtlsMode.DISABLE }],
    }).addPortMtls(8080, MtlsMode.PERMISSIVE);
    const spec = synthValid(chart)[0].spec;
    expect(spec).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 8080: { mode: 'PERMISSIVE' }, 9080: { mode: 'DISABLE' } },
    });
    expect(Object.keys(spec.portLevelMtls)).toEqual(['8080', '9080']);
  });

  test('emits an empty spec when nothing is set (inherit)', () => {
    const chart = Testing.chart();
    new PeerAuthentication(chart, 'pa');
    expect(synthValid(chart)[0].spec).toEqual({});
  });

  test('port-level mTLS without a selector is a clear error naming the construct and field', () => {
    const chart = Testing.chart();
    const pa = PeerAuthentication.forNamespace(chart, 'ns', { namespace: 'prod', mtlsMode: MtlsMode.STRICT });
    expect(() => pa.addPortMtls(8080, MtlsMode.DISABLE)).toThrow(
      /test\/ns \(PeerAuthentication prod\/default\): spec\.portLevelMtls\[8080\]: port-level mTLS needs a workload selector.*forWorkload/);
    expect(() => new PeerAuthentication(chart, 'p2', { portLevelMtls: [{ port: 80, mode: MtlsMode.STRICT }] })).toThrow(/needs a workload selector/);
    // a failed `new` leaves nothing behind
    expect(chart.node.tryFindChild('p2')).toBeUndefined();
  });

  test('an empty or wildcard selector fails at synth, naming the construct', () => {
    const empty = Testing.chart();
    new PeerAuthentication(empty, 'p3', { selector: WorkloadSelector.labels({}), portLevelMtls: [{ port: 80, mode: MtlsMode.STRICT }] });
    expect(() => Testing.synth(empty)).toThrow(/test\/p3 \(PeerAuthentication test-[a-z0-9-]+\): spec\.selector\.matchLabels: A workload selector needs at least one label/);
    const wildcard = Testing.chart();
    PeerAuthentication.forWorkload(wildcard, 'x', { selector: WorkloadSelector.labels({ app: 'a*' }) });
    expect(() => Testing.synth(wildcard)).toThrow(/test\/x \(PeerAuthentication test-[a-z0-9-]+\): spec\.selector\.matchLabels\[app\]: 'app=a\*' is not a label\. Keys must be non-empty/);
  });

  test('rejects invalid and repeated ports', () => {
    const chart = Testing.chart();
    const pa = PeerAuthentication.forWorkload(chart, 'w', { selector: WorkloadSelector.labels({ app: 'a' }) });
    expect(() => pa.addPortMtls(0, MtlsMode.STRICT)).toThrow(/port 0 is not in 1-65535/);
    expect(() => pa.addPortMtls(70000, MtlsMode.STRICT)).toThrow(/not in 1-65535/);
    pa.addPortMtls(80, MtlsMode.STRICT);
    expect(() => pa.addPortMtls(80, MtlsMode.DISABLE)).toThrow(/set twice/);
  });

  test('emits security.istio.io/v1beta1 when the chart asks for it', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'old');
    IstioSettings.apply(chart, { securityApiVersion: SecurityApiVersion.V1BETA1 });
    PeerAuthentication.meshWide(chart, 'mesh', { mtlsMode: MtlsMode.STRICT });
    expect(synthValid(chart)[0].apiVersion).toBe('security.istio.io/v1beta1');
  });

  test('property: any valid port set renders one entry per port with its mode, ports ascending', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 8 }),
      fc.constantFrom(MtlsMode.STRICT, MtlsMode.PERMISSIVE, MtlsMode.DISABLE, MtlsMode.UNSET),
      (ports, mode) => {
        const chart = Testing.chart();
        const pa = PeerAuthentication.forWorkload(chart, 'w', { selector: WorkloadSelector.labels({ app: 'a' }) });
        for (const p of ports) pa.addPortMtls(p, mode);
        const levels = synthValid(chart)[0].spec.portLevelMtls;
        expect(Object.keys(levels)).toEqual([...ports].sort((a, b) => a - b).map(String));
        expect(Object.values(levels).every((v: any) => v.mode === mode)).toBe(true);
      }));
  });
});
