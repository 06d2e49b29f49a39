/**
 * Generates `lib/validation/schemas/istio-<minor>.json` from the Istio CRDs under data/istio, and
 * `gateway-api-<channel>.json` from the Gateway API CRDs under data/gateway-api (standard and experimental):
 * each served kind and version's `openAPIV3Schema`, descriptions stripped, `x-kubernetes-*` kept,
 * keys sorted and identical schemas stored once, so the output is compact and deterministic.
 *
 * Usage: npx projen gen-schemas [--check]
 *   --check  write nothing; exit 1 when the committed files differ from a fresh generation
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { ISTIO_RELEASES } from '../lib/core/istio-version';
import type { CrdSchema, SchemaFile } from '../lib/validation/schemas/types';

const ROOT = path.resolve(__dirname, '..');
/** Where the generated files go. */
export const SCHEMA_DIR = path.join(ROOT, 'lib', 'validation', 'schemas');
/** The Istio releases the files are generated from, one per supported minor version (the release table). */
export const RELEASES = ISTIO_RELEASES.map((r) => r.crds);
/** The Gateway API release (the one Istio 1.30 is tested against) and its channels. */
export const GATEWAY_API_RELEASE = '1.5.1';
export const GATEWAY_API_CHANNELS = ['standard', 'experimental'];

/** Drops `description` keywords (not properties that happen to be named `description`) and sorts keys. */
function compact(node: unknown, underProperties = false): unknown {
  if (Array.isArray(node)) return node.map((n) => compact(n));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    if (key === 'description' && !underProperties) continue;
    out[key] = compact((node as Record<string, unknown>)[key], key === 'properties' && !underProperties);
  }
  return out;
}

/** One schema file from a CRD file: every served kind and version, identical schemas stored once. */
function schemaFileOf(release: string, text: string): string {
  const schemas: string[] = [];
  const kinds: Record<string, number> = {};
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS() as any;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const version of crd.spec.versions) {
      if (!version.served) continue;
      const json = JSON.stringify(compact(version.schema.openAPIV3Schema) as CrdSchema);
      let index = schemas.indexOf(json);
      if (index < 0) index = schemas.push(json) - 1;
      kinds[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = index;
    }
  }
  const sortedKinds = Object.fromEntries(Object.keys(kinds).sort().map((k) => [k, kinds[k]]));
  const file: Omit<SchemaFile, 'schemas'> = { release, kinds: sortedKinds };
  // One schema per line keeps diffs between regenerations readable.
  return `{"release":${JSON.stringify(file.release)},"kinds":${JSON.stringify(file.kinds)},"schemas":[\n${schemas.join(',\n')}\n]}\n`;
}

/** The file contents (by file name) generated from the CRD files under `dataDir` (data/). */
export function generateSchemaFiles(dataDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const release of RELEASES) {
    const text = fs.readFileSync(path.join(dataDir, 'istio', release, 'crd-all.gen.yaml'), 'utf8');
    files.set(`istio-${release.split('.').slice(0, 2).join('.')}.json`, schemaFileOf(release, text));
  }
  for (const channel of GATEWAY_API_CHANNELS) {
    const text = fs.readFileSync(path.join(dataDir, 'gateway-api', `v${GATEWAY_API_RELEASE}`, `crds-${channel}.yaml`), 'utf8');
    files.set(`gateway-api-${channel}.json`, schemaFileOf(`${GATEWAY_API_RELEASE}-${channel}`, text));
  }
  return files;
}

function main(): void {
  const check = process.argv.includes('--check');
  const files = generateSchemaFiles(path.resolve(ROOT, 'data'));
  let stale = 0;
  for (const [name, body] of files) {
    const target = path.join(SCHEMA_DIR, name);
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
    if (current === body) continue;
    stale++;
    if (!check) fs.writeFileSync(target, body);
    process.stdout.write(`${check ? 'stale' : 'wrote'} ${path.relative(ROOT, target)}\n`);
  }
  if (check && stale > 0) process.exitCode = 1;
  if (stale === 0) process.stdout.write('schemas are up to date\n');
}

if (require.main === module) main();
