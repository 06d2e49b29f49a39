/**
 * Synth and check cost as the mesh grows (issue 8), side by side on the same objects:
 *   (a) plain objects serialized with `yaml` — the lower bound
 *   (b) plain cdk8s with our L1 classes, no checks
 *   (c) our L2/L3 constructs (CanaryRoute, JwtProtectedApp, AuthorizationPolicy, PeerAuthentication), no checks
 *   (d) the same with every per-object check and the cross-resource analysis, as an app synthesizes by default: the
 *       app walked once rather than per chart and the YAML written without yaml's document model (the same bytes)
 *   (e) (d) synthesized with `synthYamlOnce(app)`
 *   (f) (d) after an explicit `enableSynthOnce(app)`, synthesized with `app.synthYaml()` (as `app.synth()` would be
 *       for `cdk8s synth`); since the default synthesizes once, the same path as (d)
 *   (g) (d) after `disableSynthOnce(app)`: cdk8s's own synth, a walk of the app per chart and yaml's writer (no target;
 *       what the default saves)
 * Each measurement runs in a fresh process (CPU and wall time of generation + synth to YAML, peak RSS);
 * with RUNS > 1 the variants alternate and each figure is the median.
 *
 * Targets (issue 21), on CPU time because the machine is shared (wall time is printed beside it):
 *   - (d) at most 1.25 × (b) at the largest size; the same for (e) and (f), the opt-ins
 *   - growth of (d) (and of (e), (f)) from the second-largest to the largest size no worse than (b)'s
 *   - peak RSS of every variant under 512 MB
 *
 * Usage: npx projen bench [SIZES] [RUNS]   e.g. `npx projen bench 100,1000`  (default 100,1000,5000, 1 run)
 * Writes a table to stdout and JSON to bench/results/mesh.json.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeResult } from './results';

const VARIANTS = ['a-plain-yaml', 'b-cdk8s-l1', 'c-l2-l3', 'd-l2-l3-checked', 'e-checked-synth-once', 'f-checked-enable-synth-once', 'g-checked-cdk8s-own-synth'] as const;
const ROOT = path.resolve(__dirname, '..');

interface Measurement { variant: string; services: number; objects: number; bytes: number; ms: number; cpuMs: number; rssMb: number; lib: 'build' | 'lib' }

const D_OVER_B_TARGET = 1.25;
const RSS_TARGET_MB = 512;

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
  const runs = Number(process.argv[3] ?? 1);
  const loadBefore = os.loadavg();
  const results: Measurement[] = [];
  for (const services of sizes) {
    const all: Measurement[] = [];
    for (let i = 0; i < runs; i++) {
      for (const variant of VARIANTS) {
        const m = measure(variant, services);
        all.push(m);
        process.stderr.write(`  ${variant} ${services}: ${m.cpuMs} ms CPU, ${m.ms} ms wall\n`);
      }
    }
    const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    for (const variant of VARIANTS) {
      const mine = all.filter((m) => m.variant === variant);
      const [ms, cpuMs] = [median(mine.map((m) => m.ms)), median(mine.map((m) => m.cpuMs))];
      results.push({ ...mine[0], ms, cpuMs, rssMb: Math.max(...mine.map((m) => m.rssMb)) });
    }
  }
  const row = (services: number, v: string) => results.find((r) => r.services === services && r.variant === v)!;
  const lines = [
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    `our constructs and checks from: ${results[0]?.lib === 'build' ? 'build/ (precompiled validators)' : 'lib/ (validators compiled on first use)'}`,
    '',
    `runs per variant: ${runs} (median); load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    '',
    '| services | objects | variant | CPU ms | wall ms | objects/s (CPU) | peak RSS MB |',
    '|---:|---:|---|---:|---:|---:|---:|',
    ...results.map((r) => `| ${r.services} | ${r.objects} | ${r.variant} | ${r.cpuMs} | ${r.ms} | ${Math.round(r.objects / (r.cpuMs / 1000))} | ${r.rssMb} |`),
    '',
    '| services | b/a | c/b | d/c | d/b | e/b | f/b | g/b |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...sizes.map((s) => {
      const [a, b, c, d, e, f, g] = VARIANTS.map((v) => row(s, v).cpuMs);
      return `| ${s} | ${(b / a).toFixed(2)} | ${(c / b).toFixed(2)} | ${(d / c).toFixed(2)} | ${(d / b).toFixed(2)} | ${(e / b).toFixed(2)} | ${(f / b).toFixed(2)} | ${(g / b).toFixed(2)} |`;
    }),
    '',
  ];
  const hi = sizes[sizes.length - 1];
  const overB = (v: string): number => row(hi, v).cpuMs / row(hi, VARIANTS[1]).cpuMs;
  const maxRss = Math.max(...results.map((r) => r.rssMb));
  const targets: Record<string, { value: number; target: number; pass: boolean }> = {};
  for (const v of [VARIANTS[3], VARIANTS[4], VARIANTS[5]]) {
    targets[`${v[0]}/b at ${hi} services (CPU)`] = { value: Number(overB(v).toFixed(2)), target: D_OVER_B_TARGET, pass: overB(v) <= D_OVER_B_TARGET };
  }
  targets['peak RSS of every variant, MB'] = { value: maxRss, target: RSS_TARGET_MB, pass: maxRss < RSS_TARGET_MB };
  if (sizes.length > 1) {
    const lo = sizes[sizes.length - 2];
    const growth = (v: string): number => row(hi, v).cpuMs / row(lo, v).cpuMs;
    const [b, d, e, f] = [growth(VARIANTS[1]), growth(VARIANTS[3]), growth(VARIANTS[4]), growth(VARIANTS[5])];
    lines.push(`growth ${lo} → ${hi} services (×${hi / lo}), CPU: b ×${b.toFixed(2)}, c ×${growth(VARIANTS[2]).toFixed(2)}, d ×${d.toFixed(2)}, e ×${e.toFixed(2)}, f ×${f.toFixed(2)}, g ×${growth(VARIANTS[6]).toFixed(2)}`);
    targets[`growth of d ${lo} → ${hi} over b's`] = { value: Number((d / b).toFixed(2)), target: 1, pass: d <= b };
    targets[`growth of e ${lo} → ${hi} over b's`] = { value: Number((e / b).toFixed(2)), target: 1, pass: e <= b };
    targets[`growth of f ${lo} → ${hi} over b's`] = { value: Number((f / b).toFixed(2)), target: 1, pass: f <= b };
  }
  for (const [what, t] of Object.entries(targets)) {
    lines.push(`${what}: ${t.value} (target ${what.startsWith('peak') ? '<' : '≤'} ${t.target}): ${t.pass ? 'PASS' : 'FAIL'}`);
  }
  const cli = cliStartup();
  lines.push('', cli === undefined ? 'CLI start-up: skipped (no build; run `npx projen compile`)' : `CLI start-up to the first finding on a one-object file: ${cli} ms (median of 5)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  writeResult('mesh', {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    runs,
    loadAverage: { before: loadBefore, after: os.loadavg() },
    results,
    targets,
    cliStartupMs: cli,
  });
}

main();
