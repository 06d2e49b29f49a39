/**
 * Issue 16's benchmark: what the bound on alias expansion and the `kind: List` / merge-key support cost on
 * the 20,100-object file of bench/cli.ts (variant (a) of bench/mesh at 5,000 services), in one process:
 *   - with:    `loadDocuments`, as `validate` reads its input (alias budget, merge keys, List items)
 *   - without: the same split and the same parser (js-yaml with our core schema) per document, nothing else
 *   - forced:  `with`, plus the alias count and the merge-key walk run on every document even without
 *              `&` or `<<` in its text (what the bound would cost if every document had anchors)
 * Alternating RUNS times (default 9: the cost is a few tens of ms); medians of CPU time. The cost is `with - without`, as a share of this build's
 * whole `validate` run on the same file (bench/results/cli.json, when bench/cli.ts ran first; else
 * the time of loading plus checking, measured here). Target: within 2 %, i.e. nothing measurable.
 *
 * Usage: npx projen bench, or npx ts-node --transpile-only bench/input.ts [RUNS]   (writes bench/results/input.json)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { load } from 'js-yaml';
import { stringify } from 'yaml';
import { plainMesh } from './mesh/plain';
import { meshSpec } from './mesh/spec';
import { RESULTS_DIR, writeResult } from './results';
import { checkAll } from '../lib/checks/check-all';
import { AliasBudget, loadDocuments, splitDocuments } from '../lib/input';
import { resolveMergeKeys } from '../lib/input/merge-keys';
import { coreSchema } from '../lib/input/schema';

const TARGET = 0.02;

function cpuMs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const runs = Number(process.argv[2] ?? 9);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-input-'));
  const file = path.join(dir, 'mesh.yaml');
  fs.writeFileSync(file, plainMesh(meshSpec(5000)).flat().map((o) => stringify(o)).join('---\n'));
  const loadBefore = os.loadavg();

  const withFeatures = (): unknown[] => loadDocuments([file]);
  const without = (): unknown[] => splitDocuments(file, fs.readFileSync(file, 'utf8')).map((raw) => load(raw.text, { schema: coreSchema() }));
  const forced = (): void => {
    const budget = new AliasBudget();
    for (const d of loadDocuments([file])) {
      budget.charge(d.object);
      resolveMergeKeys(d.object);
    }
  };
  // Warm up each once (JIT), then alternate.
  const objects = withFeatures();
  if (without().length !== objects.length) throw new Error('the two loaders read a different number of documents');
  forced();
  const times = { with: [] as number[], without: [] as number[], forced: [] as number[] };
  for (let i = 0; i < runs; i++) {
    times.without.push(cpuMs(without));
    times.with.push(cpuMs(withFeatures));
    times.forced.push(cpuMs(forced));
  }
  const [w, wo, f] = [median(times.with), median(times.without), median(times.forced)];

  // The whole validate run this cost is measured against.
  const cliJson = path.join(RESULTS_DIR, 'cli.json');
  let validateMs: number;
  let validateFrom: string;
  if (fs.existsSync(cliJson) && Date.now() - fs.statSync(cliJson).mtimeMs < 3600_000) {
    validateMs = JSON.parse(fs.readFileSync(cliJson, 'utf8')).validate.cpuMs;
    validateFrom = '`cdk8s-istio validate` (bench/results/cli.json)';
  } else {
    validateMs = cpuMs(() => checkAll(loadDocuments([file]).map((d) => ({ object: d.object, file: d.file, index: d.index })), { analysis: false }));
    validateFrom = 'loading and checking in this process';
  }
  const share = (w - wo) / validateMs;
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}`,
    loadAverage: { before: loadBefore.map((l) => Number(l.toFixed(2))), after: os.loadavg().map((l) => Number(l.toFixed(2))) },
    documents: objects.length,
    runs,
    withMs: Math.round(w),
    withoutMs: Math.round(wo),
    forcedMs: Math.round(f),
    spreadWithoutMs: Math.round(Math.max(...times.without) - Math.min(...times.without)),
    validateMs: Math.round(validateMs),
    validateFrom,
    costShareOfValidate: Number(share.toFixed(3)),
    target: TARGET,
    pass: share <= TARGET,
  };
  process.stdout.write([
    '',
    `Issue 16: alias bound, List items and merge keys on ${objects.length} documents, median CPU of ${runs} alternating runs; load average ${result.loadAverage.before.join(' ')} → ${result.loadAverage.after.join(' ')}`,
    `  loading with them (loadDocuments)                  ${result.withMs} ms`,
    `  loading without them (same split and parser)       ${result.withoutMs} ms (spread of its runs ${result.spreadWithoutMs} ms)`,
    `  with the alias count and merge walk on every doc   ${result.forcedMs} ms`,
    `  cost: ${result.withMs - result.withoutMs} ms = ${(share * 100).toFixed(1)} % of validate's ${result.validateMs} ms (${validateFrom}), target ≤ ${TARGET * 100} %: ${result.pass ? 'PASS' : 'FAIL'}`,
    '',
  ].join('\n'));
  writeResult('input', result);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
