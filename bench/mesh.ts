/**
 * Synth and check cost as the mesh grows (issue 8), side by side on the same objects:
 *   (a) plain objects serialized with `yaml` — the lower bound
 *   (b) plain cdk8s with our L1 classes, no checks
 *   (c) our L2/L3 constructs (CanaryRoute, JwtProtectedApp, AuthorizationPolicy, PeerAuthentication), no checks
 *   (d) the same with every per-object check and the cross-resource analysis
 * Each measurement runs in a fresh process (wall time of generation + synth to YAML, peak RSS).
 *
 * Usage: npx projen bench [SIZES]   e.g. `npx projen bench 100,1000`  (default 100,1000,5000)
 * Writes a table to stdout and JSON to bench/results/mesh.json.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const VARIANTS = ['a-plain-yaml', 'b-cdk8s-l1', 'c-l2-l3', 'd-l2-l3-checked'] as const;
const ROOT = path.resolve(__dirname, '..');

interface Measurement { variant: string; services: number; objects: number; bytes: number; ms: number; rssMb: number }

function measure(variant: string, services: number): Measurement {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'mesh', 'child.ts'), variant, String(services)], {
    cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json') }, maxBuffer: 2 ** 30, stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out.toString().trim().split('\n').pop()!);
}

function cliStartup(): number | undefined {
  const cli = path.join(ROOT, 'build', 'lib', 'cli', 'index.js');
  if (!fs.existsSync(cli)) return undefined;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'vs.yaml');
  fs.writeFileSync(file, 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec: {hosts: [r], http: [{route: [{destination: {host: r}, weight: 100}]}], bogus: 1}\n');
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-istio'), 'validate', file], { stdio: 'ignore' });
    } catch { /* exit 1: the finding we asked for */ }
    runs.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return Math.round(runs.sort((x, y) => x - y)[2]);
}

function main(): void {
  const sizes = (process.argv[2] ?? '100,1000,5000').split(',').map(Number);
  const results: Measurement[] = [];
  for (const services of sizes) {
    for (const variant of VARIANTS) {
      const m = measure(variant, services);
      results.push(m);
      process.stderr.write(`  ${variant} ${services}: ${m.ms} ms\n`);
    }
  }
  const row = (services: number, v: string) => results.find((r) => r.services === services && r.variant === v)!;
  const lines = [
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    '',
    '| services | objects | variant | wall ms | objects/s | peak RSS MB |',
    '|---:|---:|---|---:|---:|---:|',
    ...results.map((r) => `| ${r.services} | ${r.objects} | ${r.variant} | ${r.ms} | ${Math.round(r.objects / (r.ms / 1000))} | ${r.rssMb} |`),
    '',
    '| services | b/a | c/b | d/c |',
    '|---:|---:|---:|---:|',
    ...sizes.map((s) => {
      const [a, b, c, d] = VARIANTS.map((v) => row(s, v).ms);
      return `| ${s} | ${(b / a).toFixed(2)} | ${(c / b).toFixed(2)} | ${(d / c).toFixed(2)} |`;
    }),
  ];
  if (sizes.length > 1) {
    const [lo, hi] = [sizes[sizes.length - 2], sizes[sizes.length - 1]];
    lines.push('', `growth ${lo} → ${hi} services (×${hi / lo}): d takes ×${(row(hi, VARIANTS[3]).ms / row(lo, VARIANTS[3]).ms).toFixed(2)} the time`);
  }
  const cli = cliStartup();
  lines.push('', cli === undefined ? 'CLI start-up: skipped (no build; run `npx projen compile`)' : `CLI start-up to the first finding on a one-object file: ${cli} ms (median of 5)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'mesh.json'), `${JSON.stringify({ node: process.version, cpus: os.cpus().length, results, cliStartupMs: cli }, null, 2)}\n`);
}

main();
