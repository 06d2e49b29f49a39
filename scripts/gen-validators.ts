/**
 * Precompiles the schema validators of every supported Istio release into standalone ajv modules
 * under build/lib/validation/schemas/ (run by the build after tsc), so the CLI and apps load ready
 * code instead of compiling schemas at start-up. Without a build, schemas compile on first use.
 *
 * Usage: ts-node --transpile-only scripts/gen-validators.ts [OUTDIR]
 */
import * as fs from 'fs';
import * as path from 'path';
import { SUPPORTED_ISTIO_VERSIONS } from '../lib/core/istio-version';
import { precompiledFileName, standaloneValidatorCode } from '../lib/validation/schema-check';
import { schemaFile } from '../lib/validation/schemas';

const outdir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'build', 'lib', 'validation', 'schemas'));
fs.mkdirSync(outdir, { recursive: true });
let count = 0;
for (const version of SUPPORTED_ISTIO_VERSIONS) {
  schemaFile(version).schemas.forEach((schema, index) => {
    fs.writeFileSync(path.join(outdir, precompiledFileName(version, index)), standaloneValidatorCode(schema));
    count++;
  });
}
process.stdout.write(`precompiled ${count} validators into ${path.relative(process.cwd(), outdir)}\n`);
