/**
 * Benchmarks the per-object checks and the CLI start-up.
 *
 * Usage: npx ts-node --transpile-only bench/validate.ts [COUNT]
 *   COUNT  how many objects to validate (default 10000), cycled from Istio's valid examples in
 *          data/istio/1.30.3/valid-examples plus a few broken copies
 * The CLI part needs a build (`npx projen compile`): it times `bin/cdk8s-istio validate` on one small file.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseAllDocuments } from 'yaml';
import * as source from '../lib/validation';

const ROOT = path.resolve(__dirname, '..');
const BUILT = path.join(ROOT, 'build', 'lib', 'validation', 'index.js');
// The build has precompiled validators; the TypeScript sources compile schemas on first use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof source = fs.existsSync(BUILT) ? require(BUILT) : source;
const { isCheckedObject, validateObject } = lib;
const EXAMPLES = path.resolve(ROOT, 'data', 'istio', '1.30.3', 'valid-examples');

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    return fs.statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

function corpus(): unknown[] {
  const objects = yamlFiles(EXAMPLES).flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d) => d.toJS()))
    .filter(isCheckedObject);
  // Some broken objects too, so error mapping is part of the measurement.
  const broken = objects.slice(0, 10).map((o: any, i) => ({ ...o, spec: { ...o.spec, [`unknownField${i}`]: true } }));
  return [...objects, ...broken];
}

/** CPU time used by finished child processes (Linux: /proc/self/stat cutime + cstime), in ms. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

function main(): void {
  const count = Number(process.argv[2] ?? 10000);
  const base = corpus();
  const objects = Array.from({ length: count }, (_, i) => base[i % base.length]);
  const kinds = new Set(base.map((o: any) => `${o.apiVersion}/${o.kind}`)).size;

  const timed = (run: () => void): string => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    run();
    const wall = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    return `${wall.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`;
  };
  let findings = 0;
  const first = timed(() => {
    for (const o of objects) findings += validateObject(o).length;
  });
  const second = timed(() => {
    for (const o of objects) validateObject(o);
  });
  process.stdout.write(`${count} objects (${base.length} distinct, ${kinds} kinds/versions), ${findings} findings, using ${lib === source ? 'lib/ (schemas compiled at run time)' : 'build/ (precompiled validators)'}\n`);
  process.stdout.write(`  first pass (validators loaded or compiled on first use): ${first}\n`);
  process.stdout.write(`  second pass:                                             ${second}\n`);

  const cli = path.join(ROOT, 'build', 'lib', 'cli', 'index.js');
  if (!fs.existsSync(cli)) {
    process.stdout.write('CLI: skipped (no build; run `npx projen compile` first)\n');
    return;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'vs.yaml');
  fs.copyFileSync(path.join(EXAMPLES, 'datasets', 'networking-v1-VirtualService.yaml'), file);
  const runs: Array<{ wall: number; cpu?: number }> = [];
  for (let i = 0; i < 5; i++) {
    const cpu = childrenCpuMs();
    const t = performance.now();
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'cdk8s-istio'), 'validate', file], { stdio: 'ignore' });
    const after = childrenCpuMs();
    runs.push({ wall: performance.now() - t, cpu: cpu !== undefined && after !== undefined ? after - cpu : undefined });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cpus = runs.map((r) => r.cpu).filter((c): c is number => c !== undefined);
  process.stdout.write(`CLI validate on one small file (5 runs): median ${median(runs.map((r) => r.wall)).toFixed(0)} ms wall`
    + `${cpus.length ? `, median ${median(cpus).toFixed(0)} ms CPU` : ''}\n`);
}

main();
