import * as fs from 'fs';
import { validateIstioOperator } from '../../lib';
import { generateOperatorSchema, SCHEMA_FILE } from '../../scripts/gen-operator-schema';

// The IstioOperator schema is generated from the types of lib/platform/istio-operator-spec.ts: these tests
// keep the committed file current and show that what TypeScript cannot say (JSDoc tags) is checked.
const iop = (spec: Record<string, unknown>) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec });
const lines = (spec: Record<string, unknown>) => validateIstioOperator(iop(spec)).map((f) => `${f.code} ${f.path}: ${f.message}${f.hint ? ` (${f.hint})` : ''}`);

describe('IstioOperator schema generated from the types', () => {
  test('the committed schema equals a fresh generation (run `npx projen gen-operator-schema` when this fails)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(generateOperatorSchema());
  });

  test('`@asType integer` and IntOrString: `tag: 1.30` (the YAML number 1.3) is wrong, a whole number or a string is right', () => {
    expect(lines({ tag: 1.3 })).toEqual(['CIS6002 spec.tag: must be integer or string, not number']);
    expect(lines({ tag: 130, components: { pilot: { tag: '1.30.3' } } })).toEqual([]);
    expect(lines({ components: { pilot: { k8s: { replicaCount: 1.5 } } } })).toEqual(['CIS6002 spec.components.pilot.k8s.replicaCount: must be integer, not number']);
  });

  test('`@minimum`, `@maximum`, `@pattern` and `@maxLength` are checked', () => {
    const port = (n: number) => ({ components: { ingressGateways: [{ name: 'gw', k8s: { service: { ports: [{ port: n, targetPort: 8080 }] } } }] } });
    expect(lines(port(0))).toEqual(['CIS6003 spec.components.ingressGateways[0].k8s.service.ports[0].port: 0 must be >= 1']);
    expect(lines(port(65536))).toEqual(['CIS6003 spec.components.ingressGateways[0].k8s.service.ports[0].port: 65536 must be <= 65535']);
    expect(lines({ values: { istiodRemote: { injectionPath: 'inject' } } })).toEqual(['CIS6003 spec.values.istiodRemote.injectionPath: \'inject\' must match pattern "^/"']);
    expect(lines({ revision: 'a'.repeat(64) })).toEqual([`CIS6003 spec.revision: '${'a'.repeat(64)}' must NOT have more than 63 characters`]);
  });

  test('a Quantity is a number or a string in Kubernetes\' shape', () => {
    expect(lines({ components: { pilot: { k8s: { resources: { requests: { cpu: 2, memory: '128Mi' } } } } } })).toEqual([]);
    expect(lines({ components: { pilot: { k8s: { resources: { limits: { memory: '1 GB' } } } } } })[0])
      .toMatch(/^CIS6003 spec.components.pilot.k8s.resources.limits.memory: '1 GB' must match pattern/);
  });

  test('literal unions are enums; `required` comes from the non-optional fields', () => {
    expect(lines({ values: { global: { proxy: { logLevel: 'verbose', seccompProfile: {} } } } })).toEqual([
      'CIS6003 spec.values.global.proxy.logLevel: \'verbose\' is not one of trace, debug, info, warning, error, critical, off',
      'CIS6004 spec.values.global.proxy.seccompProfile.type: \'type\' is required',
    ]);
  });

  test('`@unmodelled` fields get the escape hatch, others are unknown; the gateway charts are named fields', () => {
    expect(lines({ meshConfig: { defaultConfig: { concurrency: 2 } }, values: { gateways: { 'istio-ingresgateway': { runAsRoot: true } } } })).toEqual([
      "CIS6009 spec.meshConfig.defaultConfig.concurrency: 'concurrency' is an IstioOperator field that cdk8s-istio does not model or check "
        + "(pass it through unchecked with addOverride('spec.meshConfig.defaultConfig.concurrency', value))",
      "CIS6001 spec.values.gateways.istio-ingresgateway: unknown field 'istio-ingresgateway' (did you mean 'istio-ingressgateway'?)",
    ]);
  });

  test('`unvalidatedValues` is not looked into, as in Istio', () => {
    expect(lines({ unvalidatedValues: { anything: { at: ['all'] } } })).toEqual([]);
  });
});
