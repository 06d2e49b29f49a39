import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';

// Interim check until `validateObject()` (lib/validation/validate.ts) is on main: each object is
// validated against its CRD's openAPIV3Schema from Istio 1.30.3 with Kubernetes' strict field
// validation (unknown fields are errors). CEL rules are not evaluated here.

const CRDS = path.join(__dirname, '..', '..', '..', 'shared', 'istio', '1.30.3', 'crd-all.gen.yaml');

let validators: Map<string, ValidateFunction> | undefined;

/** Makes a structural schema strict: no unknown fields unless the schema preserves them. */
function strict(schema: any): any {
  if (!schema || typeof schema !== 'object') return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'description' || k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as any).map(([p, s]) => [p, strict(s)]));
    else if (k === 'items' || k === 'additionalProperties' || k === 'not') out[k] = typeof v === 'object' ? strict(v) : v;
    else if (k === 'oneOf' || k === 'anyOf' || k === 'allOf') out[k] = (v as any[]).map(strict);
    else out[k] = v;
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (schema.type === 'object' && schema.properties && !schema['x-kubernetes-preserve-unknown-fields'] && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function load(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  validators = new Map();
  for (const doc of parseAllDocuments(fs.readFileSync(CRDS, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions) {
      const spec = version.schema?.openAPIV3Schema?.properties?.spec;
      if (spec) validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(strict(spec)));
    }
  }
  return validators;
}

/** The schema errors of one object's spec, as `kind/name: path message` lines. */
export function schemaErrors(object: any): string[] {
  const validate = load().get(`${object.apiVersion}/${object.kind}`);
  if (!validate) return [`${object.kind}/${object.metadata?.name}: unknown kind or version ${object.apiVersion}`];
  if (validate(object.spec ?? {})) return [];
  return (validate.errors ?? []).map((e) => `${object.kind}/${object.metadata?.name}: spec${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

/** Asserts that no Istio object has an error finding (other objects, e.g. cdk8s-plus Deployments, are skipped). */
export function expectNoErrors(objects: any[]): void {
  expect(objects.filter((o) => /\.istio\.io\//.test(o.apiVersion)).flatMap(schemaErrors)).toEqual([]);
}
