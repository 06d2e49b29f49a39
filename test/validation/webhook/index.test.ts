import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { check } from './helpers';
import { IstioVersion } from '../../../lib/core/istio-version';
import { WEBHOOK_CODE_DESCRIPTIONS, WEBHOOK_CODE_HINTS, WebhookCode, checkWebhookRules } from '../../../lib/validation/webhook';
import { Severity } from '../../../lib/vocab/finding';
import { KubeObject } from '../../../lib/vocab/object';

const ctx = { istioVersion: IstioVersion.V1_30 };
const EXAMPLES = path.join(__dirname, '..', '..', '..', 'data', 'istio', '1.30.3', 'valid-examples');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name))
    : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe('checkWebhookRules', () => {
  test('every code has a description, and codes are unique', () => {
    const codes = Object.values(WebhookCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(WEBHOOK_CODE_DESCRIPTIONS[code]).toBeDefined();
      expect(WEBHOOK_CODE_HINTS[code]).toBeDefined();
    }
  });

  test('objects of other groups and unknown kinds get no findings', () => {
    expect(checkWebhookRules({ apiVersion: 'v1', kind: 'Service', spec: { hosts: ['*'] } }, ctx)).toEqual([]);
    expect(checkWebhookRules({ apiVersion: 'networking.istio.io/v1', kind: 'Frobnicator', spec: {} }, ctx)).toEqual([]);
  });

  test('findings name the object they are about', () => {
    const [f] = check('DestinationRule', { host: 'reviews', subsets: [{ name: 'v1.0' }] }, { name: 'reviews', namespace: 'bookinfo' });
    expect(f.resource).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', name: 'reviews', namespace: 'bookinfo' });
  });

  test('internal annotations are rejected on every kind', () => {
    const findings = check('DestinationRule', { host: 'reviews' }, { name: 'a', annotations: { 'internal.istio.io/parents': 'x' } });
    expect(findings.map((f) => [f.severity, f.code])).toEqual([[Severity.ERROR, 'CIS2038']]);
  });

  test('istio.io/dry-run only on AuthorizationPolicy', () => {
    const findings = check('PeerAuthentication', {}, { name: 'a', annotations: { 'istio.io/dry-run': 'true' } });
    expect(findings.map((f) => f.code)).toEqual(['CIS2038']);
  });

  test('every Istio object of Istio 1.30.3’s valid examples passes without error', () => {
    let count = 0;
    const errors: string[] = [];
    for (const file of yamlFiles(EXAMPLES)) {
      for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
        const object = doc.toJS() as KubeObject | null;
        if (!object || typeof object.apiVersion !== 'string' || !object.apiVersion.includes('istio.io/')) continue;
        count++;
        for (const f of checkWebhookRules(object, ctx)) {
          if (f.severity === Severity.ERROR) errors.push(`${path.basename(file)} ${object.kind}/${object.metadata?.name}: ${f.path}: ${f.message}`);
        }
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(errors).toEqual([]);
  });

  test('never throws, whatever the object holds', () => {
    const kinds = ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry', 'Sidecar', 'WorkloadEntry', 'WorkloadGroup', 'EnvoyFilter',
      'ProxyConfig', 'AuthorizationPolicy', 'RequestAuthentication', 'PeerAuthentication', 'Telemetry', 'WasmPlugin', 'TrafficExtension'];
    const groups = ['networking.istio.io/v1', 'networking.istio.io/v1alpha3', 'security.istio.io/v1', 'telemetry.istio.io/v1', 'extensions.istio.io/v1alpha1'];
    const value = fc.letrec((tie) => ({
      any: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined),
        fc.array(tie('any'), { maxLength: 3 }), fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('hosts', 'http', 'route', 'match', 'tls', 'port',
          'servers', 'rules', 'from', 'to', 'when', 'source', 'operation', 'jwtRules', 'selector', 'matchLabels', 'egress', 'ingress', 'subsets',
          'trafficPolicy', 'destination', 'weight', 'headers', 'uri', 'regex', 'endpoints', 'ports', 'resolution', 'portLevelMtls', 'exportTo',
          'gateways', 'timeout', 'retries', 'configPatches', 'tracing', 'metrics', 'accessLogging', 'workloadSelector', 'labels', 'template')),
        tie('any'), { maxKeys: 4 })),
    })).any;
    fc.assert(fc.property(fc.constantFrom(...kinds), fc.constantFrom(...groups), value, value, (kind, apiVersion, spec, metadata) => {
      const findings = checkWebhookRules({ apiVersion, kind, metadata: metadata as KubeObject['metadata'], spec }, ctx);
      expect(Array.isArray(findings)).toBe(true);
    }), { numRuns: 1500 });
    expect(() => checkWebhookRules(null as unknown as KubeObject, ctx)).not.toThrow();
  });
});
