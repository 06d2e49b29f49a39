/**
 * Precompiles the schema validators of every supported Istio release and Gateway API channel into standalone ajv modules
 * under build/lib/validation/schemas/ (run by the build after tsc), so the CLI and apps load ready
 * code instead of compiling schemas at start-up. Without a build, schemas compile on first use.
 *
 * Usage: ts-node --transpile-only scripts/gen-validators.ts [OUTDIR]
 */
import * as fs from 'fs';
import * as path from 'path';
import { GatewayApiChannel } from '../lib/core/gateway-api';
import { SUPPORTED_ISTIO_VERSIONS } from '../lib/core/istio-version';
import { PRECOMPILED_INDEX, precompiledFileContent, precompiledFileName, standaloneValidatorCode } from '../lib/validation/schema-check';
import { gatewayApiFileKey, gatewayApiSchemaFile, schemaFile, SchemaFile } from '../lib/validation/schemas';

const outdir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'build', 'lib', 'validation', 'schemas'));
fs.mkdirSync(outdir, { recursive: true });
for (const stale of fs.readdirSync(outdir).filter((f) => /^validator-.*\.js(\.gz)?$/.test(f))) fs.rmSync(path.join(outdir, stale));
const index: Record<string, string> = {};
const files = new Set<string>();
const schemaFiles: Array<[string, SchemaFile]> = [
  ...SUPPORTED_ISTIO_VERSIONS.map((v): [string, SchemaFile] => [v, schemaFile(v)]),
  ...Object.values(GatewayApiChannel).map((c): [string, SchemaFile] => [gatewayApiFileKey(c), gatewayApiSchemaFile(c)]),
];
for (const [key, file] of schemaFiles) {
  file.schemas.forEach((schema, i) => {
    const code = standaloneValidatorCode(schema);
    const name = precompiledFileName(code);
    if (!files.has(name)) fs.writeFileSync(path.join(outdir, name), precompiledFileContent(code));
    files.add(name);
    index[`${key}-${i}`] = name;
  });
}
fs.writeFileSync(path.join(outdir, PRECOMPILED_INDEX), `${JSON.stringify(index, null, 1)}\n`);
process.stdout.write(`precompiled ${Object.keys(index).length} validators (${files.size} distinct) into ${path.relative(process.cwd(), outdir)}\n`);
