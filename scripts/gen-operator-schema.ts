/**
 * Generates lib/platform/istio-operator-schema.json, the JSON schema the IstioOperator checks use, from the
 * TypeScript types of lib/platform/istio-operator-spec.ts (the one place the shape is written). IstioOperator
 * is not a CRD Istio ships (istioctl reads it), so there is no schema of Istio's to take.
 *
 * ts-json-schema-generator turns the types into a schema: every object closed, `required` from the
 * non-optional fields, enums from the TS enums and literal unions, and the constraints TypeScript cannot
 * say from JSDoc tags (`@asType integer`, `@minimum`, `@maximum`, `@pattern`, `@maxLength`). Then:
 * - documentation (descriptions, `@default`) is dropped: the file is data for ajv;
 * - `@unmodelled a b c` (Istio fields at that place that are not modelled) becomes `x-unmodelled: [a, b, c]`;
 * - an `anyOf` of bare types (`Integer | string`) becomes one `type` list: the same check, one error;
 *   `additionalProperties: { not: {} }` (a `Record<string, never>`) becomes `false`; `required` follows the order of `properties`.
 *
 * Usage: npx projen gen-operator-schema   (test/platform/istio-operator-schema.test.ts fails when the file is stale)
 */
import * as fs from 'fs';
import * as path from 'path';
import { createGenerator } from 'ts-json-schema-generator';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');
/** The types, and the generated schema. */
const SPEC_FILE = path.join(ROOT, 'lib', 'platform', 'istio-operator-spec.ts');
export const SCHEMA_FILE = path.join(ROOT, 'lib', 'platform', 'istio-operator-schema.json');
/** The type of a whole IstioOperator object. */
const ROOT_TYPE = 'IstioOperatorObject';

type Schema = Record<string, any>;

/** Annotations that document rather than check. */
const DOC_KEYWORDS = new Set(['description', 'default', 'examples', 'markdownDescription']);
/** Keywords whose value is a map of schemas, a list of schemas, or one schema. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SCHEMA_LISTS = new Set(['anyOf', 'allOf', 'oneOf']);
const SCHEMA_ONE = new Set(['items', 'additionalProperties', 'not']);

function tidy(node: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYWORDS.has(key)) continue;
    if (key === 'unmodelled') out['x-unmodelled'] = String(value).split(/\s+/).filter(Boolean);
    else if (SCHEMA_MAPS.has(key)) out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, tidy(v)]));
    else if (SCHEMA_LISTS.has(key)) out[key] = (value as Schema[]).map(tidy);
    else if (SCHEMA_ONE.has(key) && typeof value === 'object') out[key] = tidy(value);
    else out[key] = value;
  }
  // `Record<string, never>`: the generator writes "no value" as `{ not: {} }`, which is `false`.
  if (typeof out.additionalProperties === 'object' && JSON.stringify(out.additionalProperties) === '{"not":{}}') out.additionalProperties = false;
  // Inherited fields come first in `properties` but not in `required`: ajv reports missing fields in `required`'s order.
  if (Array.isArray(out.required) && out.properties) {
    const order = Object.keys(out.properties);
    out.required = [...out.required].sort((a: string, b: string) => order.indexOf(a) - order.indexOf(b));
  }
  const anyOf = out.anyOf as Schema[] | undefined;
  if (anyOf?.every((s) => Object.keys(s).length === 1 && typeof s.type === 'string')) {
    delete out.anyOf;
    out.type = anyOf.map((s) => s.type);
  }
  return out;
}

/** The schema file's text, generated from the types. */
export function generateOperatorSchema(): string {
  // A program of the spec file alone (and what it imports), without the project's ambient types: fast to build.
  const program = ts.createProgram([SPEC_FILE], {
    strict: true, noEmit: true, skipLibCheck: true, types: [], target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS,
  });
  const schema = createGenerator({
    tsProgram: program,
    type: ROOT_TYPE,
    expose: 'export',
    sortProps: false, // declaration order: ajv reports errors in this order
    skipTypeCheck: true, // tsc checks the file
    jsDoc: 'extended',
    extraTags: ['unmodelled'],
    additionalProperties: false,
  }).createSchema(ROOT_TYPE);
  // Compact, as the CRD schemas: the file ships in the package.
  return `${JSON.stringify(tidy(schema as Schema))}\n`;
}

if (require.main === module) {
  const fresh = generateOperatorSchema();
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (fresh !== current) {
    fs.writeFileSync(SCHEMA_FILE, fresh);
    process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
  }
}
