import * as fs from 'fs';
import * as path from 'path';
import { DATA_ISTIO } from './helpers';
import { GatewayApiChannel, SUPPORTED_ISTIO_VERSIONS } from '../../lib/core';
import { compileRule, isTransitionRule } from '../../lib/validation/cel';
import { precompiledFileContent, precompiledValidator, standaloneValidatorCode, validatorFor } from '../../lib/validation/schema-check';
import { CrdSchema, gatewayApiSchemaFile, schemaFile } from '../../lib/validation/schemas';
import { generateSchemaFiles, SCHEMA_DIR } from '../../scripts/gen-schemas';

function rulesOf(node: CrdSchema, out: string[] = []): string[] {
  for (const r of node['x-kubernetes-validations'] ?? []) out.push(r.rule);
  for (const child of Object.values(node.properties ?? {})) rulesOf(child, out);
  if (node.items) rulesOf(node.items, out);
  if (typeof node.additionalProperties === 'object') rulesOf(node.additionalProperties, out);
  return out;
}

describe('generated schemas', () => {
  test('the committed schemas equal a fresh generation from data/ (run `npx projen gen-schemas` when this fails)', () => {
    const fresh = generateSchemaFiles(path.dirname(DATA_ISTIO));
    expect([...fresh.keys()].sort()).toEqual(['gateway-api-experimental.json', 'gateway-api-standard.json', 'istio-1.28.json', 'istio-1.29.json', 'istio-1.30.json', 'istio-1.31.json']);
    for (const [name, body] of fresh) {
      expect(fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8')).toBe(body);
    }
  });

  test('descriptions are stripped and x-kubernetes keys kept', () => {
    const text = fs.readFileSync(path.join(SCHEMA_DIR, 'istio-1.30.json'), 'utf8');
    expect(text).not.toContain('"description":"');
    expect(text).toContain('x-kubernetes-validations');
    expect(text).toContain('x-kubernetes-preserve-unknown-fields');
  });

  test.each([
    ...SUPPORTED_ISTIO_VERSIONS.map((v) => [`Istio ${v}`, () => schemaFile(v)] as const),
    ...Object.values(GatewayApiChannel).map((c) => [`Gateway API ${c}`, () => gatewayApiSchemaFile(c)] as const),
  ])('%s: every kind compiles and every CEL rule compiles and type-checks', (_name, load) => {
    const file = load();
    const rules = new Set<string>();
    for (const schema of file.schemas) {
      expect(() => validatorFor(schema)).not.toThrow();
      for (const r of rulesOf(schema)) rules.add(r);
    }
    expect(rules.size).toBeGreaterThan(25);
    const failures: string[] = [];
    for (const rule of rules) {
      if (isTransitionRule({ rule })) continue;
      try {
        compileRule(rule);
      } catch (e) {
        failures.push(`${rule}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    expect(failures).toEqual([]);
  });

  test('a precompiled (standalone) validator reports exactly what the runtime-compiled one does', () => {
    const file = schemaFile(SUPPORTED_ISTIO_VERSIONS[2]);
    const schema = file.schemas[file.kinds['networking.istio.io/v1/VirtualService']];
    // As the build stores it (gzipped) and validatorFor loads it.
    const precompiled = precompiledValidator(precompiledFileContent(standaloneValidatorCode(schema)), 'validator.js.gz', require);
    const runtime = validatorFor(schema);
    for (const body of [
      { spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' } }], timeout: 5 }] } },
      { spec: { hosts: ['r'], htp: [], tls: [{ match: [{ port: 'x' }] }] }, status: { conditions: [{ lastProbeTime: 'yesterday' }] } },
      { spec: { http: [{ match: [{ uri: { exact: '/a', prefix: '/' } }] }] } },
    ]) {
      expect(precompiled(body)).toBe(runtime(body));
      expect(precompiled.errors).toEqual(runtime.errors);
    }
  });

  test('Istio 1.30 has over 300 rule sites', () => {
    const all = schemaFile(SUPPORTED_ISTIO_VERSIONS[2]);
    const sites = Object.values(all.kinds).reduce((n, i) => n + rulesOf(all.schemas[i]).length, 0);
    expect(sites).toBeGreaterThan(300);
  });
});
