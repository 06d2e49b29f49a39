import { ApiObject, Testing } from 'cdk8s';
import { objects } from './helpers';
import { analyze, applySuppressions, suppressFindings } from '../../lib/analysis';
import { Finding, Severity } from '../../lib/vocab/finding';

const finding = (code: string, kind: string, name: string, namespace?: string): Finding => ({
  severity: Severity.ERROR,
  code,
  path: 'spec',
  message: 'm',
  resource: { apiVersion: kind === 'Service' ? 'v1' : 'networking.istio.io/v1', kind, name, ...(namespace ? { namespace } : {}) },
});

describe('applySuppressions (galley.istio.io/analyze-suppress)', () => {
  const objs = objects(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, annotations: { galley.istio.io/analyze-suppress: "IST0101, CIS2003" } }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: edge, annotations: { galley.istio.io/analyze-suppress: "*" } }
---
apiVersion: v1
kind: Service
metadata: { name: reviews }
`);

  test('a listed code on the annotated resource is kept, downgraded to INFO and marked', () => {
    const [f] = applySuppressions([finding('IST0101', 'VirtualService', 'reviews', 'default')], objs);
    expect(f).toEqual({ ...finding('IST0101', 'VirtualService', 'reviews', 'default'), severity: Severity.INFO, suppressedBy: 'annotation galley.istio.io/analyze-suppress' });
  });

  test('the namespace defaults to default on both sides; per-object codes are suppressed too', () => {
    expect(applySuppressions([finding('CIS2003', 'VirtualService', 'reviews')], objs)[0].suppressedBy).toBeDefined();
  });

  test('a finding reported under an Istio code is suppressed by its own code in `detail`', () => {
    const wrapped = { ...finding('IST0106', 'VirtualService', 'reviews'), detail: 'CIS2003' } as Finding;
    expect(applySuppressions([wrapped], objs)[0].suppressedBy).toBeDefined();
  });

  test('"*" suppresses every code; other codes, resources and kinds are untouched', () => {
    const result = applySuppressions([
      finding('IST0145', 'Gateway', 'web', 'edge'),
      finding('IST0132', 'VirtualService', 'reviews'),
      finding('IST0101', 'VirtualService', 'ratings'),
      finding('IST0101', 'Service', 'reviews'),
    ], objs);
    expect(result.map((f) => f.suppressedBy !== undefined)).toEqual([true, false, false, false]);
    expect(result.map((f) => f.severity)).toEqual([Severity.INFO, Severity.ERROR, Severity.ERROR, Severity.ERROR]);
  });
});

describe('suppressFindings (a construct method for the annotation)', () => {
  test('adds codes to the annotation of an ApiObject, keeping those already there, and analysis honours them', () => {
    const chart = Testing.chart();
    new ApiObject(chart, 'strict', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'shop' },
      spec: { mtls: { mode: 'STRICT' } },
    });
    const legacy = new ApiObject(chart, 'legacy', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'legacy', namespace: 'shop', annotations: { 'galley.istio.io/analyze-suppress': 'IST0127' } },
      spec: { selector: { matchLabels: { app: 'legacy' } }, mtls: { mode: 'PERMISSIVE' } },
    });
    expect(analyze(Testing.synth(chart)).map((f) => [f.code, f.suppressedBy])).toEqual([['CIS5003', undefined]]);

    suppressFindings(legacy, 'CIS5003', 'IST0127');

    expect(legacy.metadata.toJson().annotations).toEqual({ 'galley.istio.io/analyze-suppress': 'IST0127,CIS5003' });
    expect(analyze(Testing.synth(chart)).map((f) => [f.code, f.severity, f.suppressedBy])).toEqual([
      ['CIS5003', Severity.INFO, 'annotation galley.istio.io/analyze-suppress'],
    ]);
  });
});
