/**
 * Regenerates `imports/` (the L1 classes) with `cdk8s import`: from Istio's CRDs, and from the
 * Kubernetes Gateway API's experimental-channel CRDs (a superset of the standard channel's kinds,
 * versions and fields; which of them a cluster serves is checked, not typed).
 *
 * Usage: npx projen import-istio [VERSION | PATH | URL]
 *   VERSION  an Istio version found under data/istio/<VERSION>/crd-all.gen.yaml (copied from ../shared by `npx projen update-data`) (default 1.30.3)
 *   PATH     any local CRD file, e.g. the crd-all.gen.yaml of the Istio release you run
 *   URL      an http(s) address of such a file
 * The Gateway API CRDs are data/gateway-api/v<GATEWAY_API_VERSION>/crds-experimental.yaml.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const DEFAULT_VERSION = '1.30.3';
/** The Gateway API release Istio 1.30 is tested against. */
const GATEWAY_API_VERSION = '1.5.1';
const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'imports');

function resolveSource(arg: string | undefined): string {
  const given = arg ?? DEFAULT_VERSION;
  if (/^https?:\/\//.test(given)) return given;
  if (/^\d+\.\d+(\.\d+)?$/.test(given)) {
    const file = path.resolve(ROOT, 'data', 'istio', given, 'crd-all.gen.yaml');
    if (!fs.existsSync(file)) {
      const dir = path.resolve(ROOT, 'data', 'istio');
      const known = fs.existsSync(dir) ? fs.readdirSync(dir).filter((d) => /^\d/.test(d)).join(', ') : 'none';
      throw new Error(`No CRDs for Istio ${given} at ${file} (versions found: ${known}). Give a path or URL instead.`);
    }
    return file;
  }
  const file = path.resolve(given);
  if (!fs.existsSync(file)) throw new Error(`CRD file not found: ${file}`);
  return file;
}

function main(): void {
  const source = resolveSource(process.argv[2]);
  const gatewayApi = path.resolve(ROOT, 'data', 'gateway-api', `v${GATEWAY_API_VERSION}`, 'crds-experimental.yaml');
  // Generate into a scratch folder first so a failed import leaves imports/ as it was.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'import-istio-'));
  try {
    const cdk8s = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
    for (const crds of [source, gatewayApi]) {
      execFileSync(cdk8s, ['import', crds, '--output', tmp, '--language', 'typescript'], { cwd: tmp, stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const files = fs.readdirSync(tmp).filter((f) => f.endsWith('.ts')).sort();
    if (files.length === 0) throw new Error(`cdk8s import wrote no files from ${source}`);
    fs.mkdirSync(OUT, { recursive: true });
    for (const old of fs.readdirSync(OUT)) {
      if (old.endsWith('.ts')) fs.rmSync(path.join(OUT, old));
    }
    for (const f of files) fs.copyFileSync(path.join(tmp, f), path.join(OUT, f));
    process.stdout.write(`imports/: ${files.join(', ')} from ${source} and ${path.relative(ROOT, gatewayApi)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main();
