/**
 * The CLI targets of issue 21 on one big file: variant (a) of bench/mesh at 5,000 services (20,100
 * documents, 6.6 MB), checked by
 *   - `validate` of today's build (bench/baseline.ts: the first wave's code, built once into the temp folder)
 *   - `validate` of this build          target: ≤ 0.5 × today's build
 *   - `analyze` of this build           target: ≤ 1.5 × this build's `validate`
 * Each run is a fresh `node bin/cdk8s-istio` process, the three alternating, RUNS times (default 5); the figure is the
 * median of each process's CPU time (user + system, start-up included), because the machine is shared
 * and CPU time is what the code costs; wall time and peak RSS are printed beside it. The two `validate`
 * outputs must be the same findings.
 *
 * Usage: npx projen bench (after compile), or npx ts-node --transpile-only bench/cli.ts [RUNS]
 * Writes bench/results/cli.json.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { BASELINE_COMMIT, baselineBuild } from './baseline';
import { plainMesh } from './mesh/plain';
import { meshSpec } from './mesh/spec';
import { writeResult } from './results';

const ROOT = path.resolve(__dirname, '..');
const SERVICES = 5000;
const VALIDATE_TARGET = 0.5;
const ANALYZE_TARGET = 1.5;

// Preloaded into each measured process: its own CPU time, wall time since start and peak RSS, at exit.
const USAGE_HOOK = `process.on('exit', () => {
  const u = process.resourceUsage();
  require('fs').writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify({
    cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, wallMs: performance.now(), rssMb: u.maxRSS / 1024 }));
});\n`;

interface Run { readonly cpuMs: number; readonly wallMs: number; readonly rssMb: number; readonly status: number | null; readonly stdout: string }

/** Medians of a command's runs. */
interface Summary { readonly cpuMs: number; readonly wallMs: number; readonly rssMb: number; readonly runs: number }

function run(tmp: string, checkout: string, args: string[]): Run {
  const usageFile = path.join(tmp, 'usage.json');
  const r = spawnSync(process.execPath, ['-r', path.join(tmp, 'usage-hook.js'), path.join(checkout, 'bin', 'cdk8s-istio'), ...args], {
    env: { ...process.env, BENCH_USAGE_FILE: usageFile }, maxBuffer: 2 ** 30, stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${checkout} ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const usage = JSON.parse(fs.readFileSync(usageFile, 'utf8'));
  return { ...usage, status: r.status, stdout: r.stdout.toString() };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function summary(runs: Run[]): Summary {
  return {
    cpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
    wallMs: Math.round(median(runs.map((r) => r.wallMs))),
    rssMb: Math.round(Math.max(...runs.map((r) => r.rssMb))),
    runs: runs.length,
  };
}

const wallRatio = (x: Summary, y: Summary): number => Number((x.wallMs / y.wallMs).toFixed(2));
const sortedLines = (text: string): string => text.split('\n').sort().join('\n');

function main(): void {
  const runs = Number(process.argv[2] ?? 5);
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'index.js'))) throw new Error('build/ is missing: run `npx projen compile` first');
  const baseline = baselineBuild();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  fs.writeFileSync(path.join(tmp, 'usage-hook.js'), USAGE_HOOK);
  const file = path.join(tmp, 'mesh.yaml');
  fs.writeFileSync(file, plainMesh(meshSpec(SERVICES)).flat().map((o) => stringify(o)).join('---\n'));
  const loadBefore = os.loadavg();

  const measured: Record<'baseline' | 'validate' | 'analyze', Run[]> = { baseline: [], validate: [], analyze: [] };
  for (let i = 0; i < runs; i++) {
    measured.baseline.push(run(tmp, baseline, ['validate', file]));
    measured.validate.push(run(tmp, ROOT, ['validate', file]));
    measured.analyze.push(run(tmp, ROOT, ['analyze', file]));
    const cpu = (what: keyof typeof measured): number => Math.round(measured[what][i].cpuMs);
    process.stderr.write(`  cli run ${i + 1}/${runs}: today's validate ${cpu('baseline')} ms CPU, validate ${cpu('validate')} ms, analyze ${cpu('analyze')} ms\n`);
  }
  const sameFindings = sortedLines(measured.baseline[0].stdout) === sortedLines(measured.validate[0].stdout);
  const [b, v, a] = [summary(measured.baseline), summary(measured.validate), summary(measured.analyze)];
  const validateRatio = Number((v.cpuMs / b.cpuMs).toFixed(2));
  const analyzeRatio = Number((a.cpuMs / v.cpuMs).toFixed(2));
  const loadAfter = os.loadavg();
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: loadAfter.map((l) => Number(l.toFixed(2))) },
    file: { services: SERVICES, documents: fs.readFileSync(file, 'utf8').split(/^---$/m).length, bytes: fs.statSync(file).size },
    baselineCommit: BASELINE_COMMIT,
    todaysValidate: b,
    validate: v,
    analyze: a,
    sameFindings,
    targets: {
      validate: { ratio: validateRatio, wallRatio: wallRatio(v, b), target: VALIDATE_TARGET, pass: validateRatio <= VALIDATE_TARGET && sameFindings },
      analyze: { ratio: analyzeRatio, wallRatio: wallRatio(a, v), target: ANALYZE_TARGET, pass: analyzeRatio <= ANALYZE_TARGET },
    },
  };
  const row = (what: string, s: Summary): string =>
    `  ${what.padEnd(34)} ${String(s.cpuMs).padStart(6)} ms CPU ${String(s.wallMs).padStart(6)} ms wall ${String(s.rssMb).padStart(4)} MB peak RSS`;
  const verdict = (t: { pass: boolean }): string => (t.pass ? 'PASS' : 'FAIL');
  process.stdout.write([
    '',
    `CLI on one ${result.file.documents}-document file (${(result.file.bytes / 1e6).toFixed(1)} MB), median of ${runs} alternating runs; load average ${result.loadAverage.before.join(' ')} → ${result.loadAverage.after.join(' ')}`,
    row(`validate, today's build (${BASELINE_COMMIT})`, b),
    row('validate, this build', v),
    row('analyze, this build', a),
    `  same findings as today's build: ${sameFindings ? 'yes' : 'NO'}`,
    `  validate / today's validate = ${validateRatio} CPU (${result.targets.validate.wallRatio} wall), target ≤ ${VALIDATE_TARGET}: ${verdict(result.targets.validate)}`,
    `  analyze / validate = ${analyzeRatio} CPU (${result.targets.analyze.wallRatio} wall), target ≤ ${ANALYZE_TARGET}: ${verdict(result.targets.analyze)}`,
    '',
  ].join('\n'));
  writeResult('cli', result);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main();
