import { createHash } from 'crypto';
import * as fs from 'fs';
import { createRequire } from 'module';
import { join } from 'path';
import { compileFunction } from 'vm';
import { gunzipSync, gzipSync } from 'zlib';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { SchemaCodes } from './codes';
import { FORMATS } from './formats';
import { CrdSchema } from './schemas';
import { Finding, Severity } from '../vocab/finding';
import { addTo } from '../vocab/multimap';
import { childPath } from '../vocab/paths';
import { readSchemaError } from '../vocab/schema-error';
import { closest } from '../vocab/suggest';

/**
 * Validation of an object against its CRD's structural schema, as a Kubernetes API server does with
 * strict field validation: unknown fields, types, enums, required fields, ranges, patterns and
 * formats. Kubernetes semantics are translated into plain JSON Schema for ajv.
 */

type JsonSchema = Record<string, unknown>;

/** Translates a Kubernetes structural schema node into the JSON Schema ajv understands. */
export function toJsonSchema(node: CrdSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const key of ['enum', 'pattern', 'format', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'required'] as const) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  // OpenAPI v3.0 spells exclusive bounds as booleans next to minimum/maximum.
  if (node.exclusiveMinimum && node.minimum !== undefined) {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum && node.maximum !== undefined) {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (node['x-kubernetes-int-or-string']) {
    out.type = node.nullable ? ['integer', 'string', 'null'] : ['integer', 'string'];
  } else if (node.type) {
    out.type = node.nullable ? [node.type, 'null'] : node.type;
    if (node.nullable && node.enum && !node.enum.includes(null)) out.enum = [...node.enum, null];
  }
  if (node.properties) {
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, toJsonSchema(v)]));
  }
  if (typeof node.additionalProperties === 'object') {
    out.additionalProperties = toJsonSchema(node.additionalProperties);
  } else if (node.type === 'object' && !node['x-kubernetes-preserve-unknown-fields'] && node.additionalProperties !== true) {
    // Structural schemas prune (and strict field validation rejects) every field not declared.
    out.additionalProperties = false;
  }
  if (node.items) out.items = toJsonSchema(node.items);
  if (!node['x-kubernetes-int-or-string']) {
    for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
      const branches = node[key];
      if (branches) out[key] = branches.map(toJsonSchema);
    }
  }
  if (node.not) out.not = toJsonSchema(node.not);
  return out;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function newAjv(standalone: boolean): Ajv {
  // Loaded on demand: with precompiled validators (a build), ajv's compiler is never needed.
  const ajv = require('ajv') as typeof import('ajv');
  const instance = new ajv.default({
    allErrors: true,
    strict: false,
    validateSchema: false,
    addUsedSchema: false,
    // Precompiled modules live in build/lib/validation/schemas/ and find the formats beside them.
    ...(standalone ? { code: { source: true, formats: ajv._`require("../formats").FORMATS` } } : {}),
  });
  for (const [name, format] of Object.entries(FORMATS)) instance.addFormat(name, format);
  return instance;
}

let runtimeAjv: Ajv | undefined;
const VALIDATORS = new WeakMap<CrdSchema, ValidateFunction>();
const JSON_SCHEMAS = new WeakMap<CrdSchema, JsonSchema>();

function jsonSchemaOf(schema: CrdSchema): JsonSchema {
  let s = JSON_SCHEMAS.get(schema);
  if (!s) {
    s = toJsonSchema(schema);
    JSON_SCHEMAS.set(schema, s);
  }
  return s;
}

/**
 * The index of precompiled validators written by the build: `<schema file key>-<schema index>` (an Istio release or `gateway-api-<channel>`) to the file of its
 * code. Releases share most schemas, so each distinct validator is stored once, named by its code's hash.
 */
export const PRECOMPILED_INDEX = 'validators.json';

/**
 * The file of a precompiled validator of code `code`. Validators are gzipped: ajv's generated code is
 * about ten times its compressed size, and 41 of them made most of the installed package.
 */
export function precompiledFileName(code: string): string {
  return `validator-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js.gz`;
}

/** The gzipped code of a precompiled validator, as written into its file. */
export function precompiledFileContent(code: string): Buffer {
  return gzipSync(code);
}

/** Precompiled validators loaded so far, by file (releases share files). */
const LOADED = new Map<string, ValidateFunction>();

/**
 * Runs a precompiled validator's file content (gzipped CommonJS); `load` resolves what the code requires
 * (ajv's runtime helpers, `../formats`).
 * @internal
 */
export function precompiledValidator(content: Buffer, filename: string, load: NodeJS.Require): ValidateFunction {
  const module = { exports: {} as unknown };
  compileFunction(gunzipSync(content).toString('utf8'), ['module', 'exports', 'require'], { filename })(module, module.exports, load);
  return module.exports as ValidateFunction;
}

function loadPrecompiled(file: string): ValidateFunction {
  let v = LOADED.get(file);
  if (!v) {
    v = precompiledValidator(fs.readFileSync(file), file, createRequire(file));
    LOADED.set(file, v);
  }
  return v;
}

let precompiledIndex: Record<string, string> | undefined;
function precompiledFile(istioVersion: string, index: number): string | undefined {
  if (!precompiledIndex) {
    const file = join(__dirname, 'schemas', PRECOMPILED_INDEX);
    precompiledIndex = fs.existsSync(file) ? require(file) as Record<string, string> : {};
  }
  const name = precompiledIndex[`${istioVersion}-${index}`];
  return name === undefined ? undefined : join(__dirname, 'schemas', name);
}

/**
 * The validator of a CRD schema: the precompiled module when the build has one for `precompiled`
 * (`{ istioVersion, index }`; `istioVersion` is the schema file's key: an Istio release or `gateway-api-<channel>`),
 * otherwise compiled on first use; cached either way.
 */
export function validatorFor(schema: CrdSchema, precompiled?: { istioVersion: string; index: number }): ValidateFunction {
  let v = VALIDATORS.get(schema);
  if (!v) {
    const file = precompiled && precompiledFile(precompiled.istioVersion, precompiled.index);
    if (file) {
      v = loadPrecompiled(file);
    } else {
      runtimeAjv ??= newAjv(false);
      v = runtimeAjv.compile(jsonSchemaOf(schema));
    }
    VALIDATORS.set(schema, v);
  }
  return v;
}

/** The source of a standalone (precompiled) validator module for a CRD schema. */
export function standaloneValidatorCode(schema: CrdSchema): string {
  const ajv = newAjv(true);
  const standalone = require('ajv/dist/standalone') as typeof import('ajv/dist/standalone');
  return standalone.default(ajv, ajv.compile(toJsonSchema(schema)));
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** What error mapping needs to know about the schema being checked. */
export interface SchemaContext {
  /** The kind's whole schema, to say where a misplaced field belongs. */
  readonly root: CrdSchema;
  /** The kind, for hints that depend on it. */
  readonly kind: string;
  /** For a field unknown in the targeted release or channel: why (the newer release or the channel that has it) and the fix, if anything has it. */
  readonly notInTarget?: (path: string) => NotInTarget | undefined;
}

/** Where a field unknown to the target exists. */
export interface NotInTarget {
  /** `CIS1003` (a newer Istio release) or `CIS1016` (the Gateway API experimental channel). */
  readonly code: string;
  /** What follows `unknown field "x"`, e.g. `in the targeted Istio release (it was added in Istio 1.30)`. */
  readonly message: string;
  /** What to do about it. */
  readonly hint: string;
}

/**
 * Checks `body` (the object without apiVersion, kind and metadata) against `schema`.
 * Findings carry field paths like `spec.http[0].route`.
 */
export function checkSchema(body: Record<string, unknown>, validate: ValidateFunction, schema: CrdSchema, context: SchemaContext): Finding[] {
  if (validate(body)) return [];
  return mapErrors((validate.errors ?? []).map((e) => withSchemaAndData(e, body, jsonSchemaOf(schema))), body, context);
}

/** What ajv's `verbose` option would add (`schema`, `parentSchema`, `data`), resolved only when there are errors. */
function withSchemaAndData(e: ErrorObject, body: unknown, root: JsonSchema): ErrorObject {
  const schemaPointer = e.schemaPath.replace(/^#/, '');
  return {
    ...e,
    schema: resolvePointer(root, schemaPointer),
    parentSchema: resolvePointer(root, schemaPointer.slice(0, schemaPointer.lastIndexOf('/'))) as JsonSchema,
    data: resolvePointer(body, e.instancePath),
  };
}

function resolvePointer(root: unknown, pointer: string): unknown {
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function mapErrors(errors: readonly ErrorObject[], data: unknown, context: SchemaContext): Finding[] {
  // oneOf/anyOf/not report the failures of each branch as well: keep only the combinator's own error.
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'not');
  const kept = errors.filter((e) => !combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`)));
  // Fields misplaced together (e.g. outlierDetection's fields under connectionPool.http) point to one place.
  const unknownAt = new Map<string, string[]>();
  for (const e of kept) {
    if (e.keyword !== 'additionalProperties') continue;
    addTo(unknownAt, e.instancePath, String(e.params.additionalProperty));
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const f = mapError(e, data, context, unknownAt.get(e.instancePath) ?? []);
    if (!f) continue;
    const key = `${f.code} ${f.path} ${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(f);
  }
  return findings;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object', array: 'a list', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', null: 'null',
};

function error(code: string, path: string, message: string, hint?: string): Finding {
  return hint ? { severity: Severity.ERROR, code, path, message, hint } : { severity: Severity.ERROR, code, path, message };
}

function mapError(ajvError: ErrorObject, data: unknown, context: SchemaContext, unknownPeers: readonly string[]): Finding | undefined {
  const e = readSchemaError(ajvError, data);
  const { path } = e;
  const p = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownField(path, e.field!.name, e.parentSchema as JsonSchema, context, unknownPeers);
    case 'required':
      return error(SchemaCodes.REQUIRED, e.field!.path, `required field "${e.field!.name}" is missing`);
    case 'type': {
      const types = e.types!.filter((t) => t !== 'null');
      return error(SchemaCodes.WRONG_TYPE, path, `must be ${types.map((t) => TYPE_NAMES[t] ?? t).join(' or ')}, got ${describe(e.data)}`,
        types.includes('string') && typeof e.data === 'number' ? 'quote the value to make it a string' : undefined);
    }
    case 'enum': {
      const allowed = e.allowed!.filter((v) => v !== null);
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      return error(SchemaCodes.ENUM, path, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(e.data)}`,
        guess ? `did you mean "${guess}"?` : undefined);
    }
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return error(SchemaCodes.RANGE, path, `must be ${e.comparison} ${e.limit}, got ${String(e.data)}`);
    case 'minLength':
      return error(SchemaCodes.RANGE, path, e.limit === 1 ? 'must not be empty' : `must be at least ${e.limit} characters long`);
    case 'maxLength':
      return error(SchemaCodes.RANGE, path, `must be at most ${e.limit} characters long, got ${(e.data as string).length}`);
    case 'minItems':
      return error(SchemaCodes.RANGE, path, e.limit === 1 ? 'must have at least one entry' : `must have at least ${e.limit} entries`);
    case 'maxItems':
      return error(SchemaCodes.RANGE, path, `must have at most ${e.limit} entries, got ${(e.data as unknown[]).length}`);
    case 'minProperties':
      return error(SchemaCodes.RANGE, path, e.limit === 1 ? 'must have at least one entry' : `must have at least ${e.limit} entries`);
    case 'maxProperties':
      return error(SchemaCodes.RANGE, path, `must have at most ${e.limit} entries`);
    case 'pattern':
      return error(SchemaCodes.FORMAT, path, `must match the pattern ${p.pattern}, got ${describe(e.data)}`);
    case 'format':
      return error(SchemaCodes.FORMAT, path, `must be a valid ${p.format}, got ${describe(e.data)}`);
    case 'oneOf': case 'anyOf': case 'not':
      return choiceError(ajvError, path);
    default:
      return error(SchemaCodes.FORMAT, path, e.message ?? `fails schema keyword ${e.keyword}`);
  }
}

/** The field names a oneOf/anyOf/not built from `required` lists is about. */
function requiredNames(branches: readonly JsonSchema[]): string[] {
  const names = new Set<string>();
  const visit = (s: JsonSchema): void => {
    for (const n of (s.required as string[] | undefined) ?? []) names.add(n);
    for (const b of (s.anyOf as JsonSchema[] | undefined) ?? []) visit(b);
    for (const b of (s.oneOf as JsonSchema[] | undefined) ?? []) visit(b);
    if (s.not) visit(s.not as JsonSchema);
  };
  branches.forEach(visit);
  return [...names];
}

function list(names: readonly string[], conjunction: string, quote = true): string {
  const quoted = names.map((n) => (quote ? `"${n}"` : n));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted[quoted.length - 1]}`;
}

function choiceError(e: ErrorObject, path: string): Finding {
  const branches = e.keyword === 'not' ? [e.schema as JsonSchema] : (e.schema as JsonSchema[]);
  const names = requiredNames(branches);
  const present = e.data !== null && typeof e.data === 'object' ? names.filter((n) => n in (e.data as object)) : [];
  if (names.length === 0) {
    return error(SchemaCodes.ONE_OF, path, e.keyword === 'not' ? 'must not match the excluded shape' : 'does not match any allowed shape');
  }
  if (e.keyword === 'oneOf' && Array.isArray((e.params as { passingSchemas?: unknown }).passingSchemas)) {
    return error(SchemaCodes.ONE_OF, path, `only one of ${list(names, 'or')} may be set, found ${list(present, 'and')}`, 'keep one of them and remove the others');
  }
  if (e.keyword === 'not') return error(SchemaCodes.ONE_OF, path, `${list(present.length ? present : names, 'and')} must not be set here`);
  return error(SchemaCodes.ONE_OF, path, `one of ${list(names, 'or')} must be set`);
}

/** Known misplacements that a user guide taught, with the fix. */
const MISPLACED: ReadonlyArray<{ kind: string; field: string; under: RegExp; hint: string }> = [
  {
    kind: 'Telemetry',
    field: 'format',
    under: /accessLogging\[\d+\]$/,
    hint: 'Telemetry does not set the access log format: set it on the provider in MeshConfig (extensionProviders[].envoyFileAccessLog.logFormat) and reference the provider here with providers[].name',
  },
];

function unknownField(path: string, field: string, parent: JsonSchema, context: SchemaContext, peers: readonly string[]): Finding {
  const fieldPath = childPath(path, field);
  const notInTarget = context.notInTarget?.(fieldPath);
  if (notInTarget) return error(notInTarget.code, fieldPath, `unknown field "${field}" ${notInTarget.message}`, notInTarget.hint);
  const siblings = Object.keys((parent.properties as JsonSchema | undefined) ?? {});
  const message = `unknown field "${field}"`;
  const misplaced = MISPLACED.find((m) => m.kind === context.kind && m.field === field && m.under.test(path));
  if (misplaced) return error(SchemaCodes.UNKNOWN_FIELD, fieldPath, message, misplaced.hint);
  const guess = closest(field, siblings);
  if (guess) return error(SchemaCodes.UNKNOWN_FIELD, fieldPath, message, `did you mean "${guess}"?`);
  const locations = fieldLocations(context.root);
  const elsewhere = locations.get(field);
  if (elsewhere?.length) {
    // Rank the objects that declare the field by how many of the unknown fields here they also declare.
    const owners = [...new Set(elsewhere.map(lastSegment))];
    const score = (owner: string): number => peers.filter((peer) => locations.get(peer)?.some((l) => lastSegment(l) === owner)).length;
    // Code-unit order, not the locale's: the same hint on every machine.
    owners.sort((a, b) => score(b) - score(a) || (a < b ? -1 : a > b ? 1 : 0));
    const shown = owners.slice(0, 3).map((o) => o || 'the object');
    const example = elsewhere.filter((l) => lastSegment(l) === owners[0]).sort((a, b) => a.length - b.length)[0];
    return error(SchemaCodes.UNKNOWN_FIELD, fieldPath, message,
      `"${field}" is a field of ${list(shown, 'or', false)}${owners.length > 3 ? ' (among others)' : ''}, not of ${lastSegment(path) || 'the object'}: move it, e.g. to ${childPath(example, field)}`);
  }
  const known = siblings.length ? `known fields here: ${siblings.slice(0, 12).join(', ')}${siblings.length > 12 ? ', ...' : ''}` : 'no fields are allowed here';
  return error(SchemaCodes.UNKNOWN_FIELD, fieldPath, message, known);
}

/** The last field name of a path: `spec.http[0].route` → `route`. */
function lastSegment(path: string): string {
  const m = /([A-Za-z0-9_$-]+)(?:\[[^\]]*\])*$/.exec(path);
  return m ? m[1] : path;
}

const LOCATIONS = new WeakMap<CrdSchema, Map<string, string[]>>();

/** Every field name of a kind's schema, with the object paths (`spec.http[].retries`) that declare it. */
function fieldLocations(root: CrdSchema): Map<string, string[]> {
  let map = LOCATIONS.get(root);
  if (map) return map;
  const found = new Map<string, string[]>();
  const walk = (node: CrdSchema, path: string, depth: number): void => {
    if (depth > 30) return;
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      if (path === '' && name === 'status') continue;
      const paths = found.get(name) ?? [];
      paths.push(path);
      found.set(name, paths);
      walk(child, childPath(path, name), depth + 1);
    }
    if (node.items) walk(node.items, `${path}[]`, depth + 1);
    if (typeof node.additionalProperties === 'object') walk(node.additionalProperties, `${path}[*]`, depth + 1);
  };
  walk(root, '', 0);
  map = found;
  LOCATIONS.set(root, map);
  return map;
}
