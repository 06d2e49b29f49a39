/**
 * Checks that the benchmark's variants produce the same objects (apart from the L1 classes writing
 * RequestAuthentication's `jwksUri` as the CRD's alias `jwks_uri`): `npx ts-node --transpile-only bench/mesh/verify.ts`.
 */
import { parseAllDocuments } from 'yaml';
import { l1Mesh } from './l1';
import { l2Mesh } from './l2';
import { plainMesh } from './plain';
import { meshSpec } from './spec';

const sorted = (x: unknown): unknown => (Array.isArray(x) ? x.map(sorted)
  : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sorted(v)])) : x);
const parse = (yaml: string) => JSON.stringify(parseAllDocuments(yaml.replace(/jwks_uri:/g, 'jwksUri:')).map((d) => sorted(d.toJS())));

const spec = meshSpec(120);
const a = JSON.stringify(plainMesh(spec).flat().map(sorted));
const b = parse(l1Mesh(spec));
const c = parse(l2Mesh(spec, false));
const checked = l2Mesh(spec, true);
const d = parse(checked);
// (e), (f) and (g) synthesize by other paths: the same bytes, not only the same objects.
const e = l2Mesh(spec, true, 'synthYamlOnce') === checked;
const f = l2Mesh(spec, true, 'enableSynthOnce') === checked;
const g = l2Mesh(spec, true, 'disableSynthOnce') === checked;
if (a !== b || b !== c || c !== d || !e || !f || !g) {
  process.stderr.write(`variants differ: plain=l1 ${a === b}, l1=l2 ${b === c}, l2=checked ${c === d}, synthYamlOnce=synthYaml ${e}, `
    + `enableSynthOnce=synthYaml ${f}, cdk8s's own=synthYaml ${g}\n`);
  process.exit(1);
}
process.stdout.write('plain, L1, L2/L3 and checked L2/L3 variants produce the same objects; synthYamlOnce, enableSynthOnce and cdk8s\'s own synth the same bytes as synthYaml\n');
