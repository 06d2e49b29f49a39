/**
 * What `require('cdk8s-istio')` costs against `require('cdk8s')` (issue 21): each measured in fresh
 * processes, alternately, as the median of RUNS. The package is required by its name (the `exports`
 * map), so this measures what a user's `require` loads: the constructs and checks, not the generated
 * L1 classes or the validators, which load on first use.
 *
 * Usage: npx projen bench   (after compile; writes bench/results/import.json)
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeResult } from './results';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 9;
const TARGET = 2;

/** Milliseconds one fresh process spends in `require(id)`. */
function requireMs(id: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(id)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npx projen compile` first');
  const cdk8s: number[] = [];
  const ours: number[] = [];
  const l1: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    cdk8s.push(requireMs('cdk8s'));
    ours.push(requireMs('cdk8s-istio'));
    l1.push(requireMs('cdk8s-istio/l1'));
  }
  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`,
    runs: RUNS,
    cdk8sMs: Math.round(median(cdk8s)),
    cdk8sIstioMs: Math.round(median(ours)),
    cdk8sIstioL1Ms: Math.round(median(l1)),
    ratio: Number((median(ours) / median(cdk8s)).toFixed(2)),
    target: TARGET,
    pass: median(ours) / median(cdk8s) <= TARGET,
  };
  process.stdout.write([
    '',
    `require() cost, median of ${RUNS} fresh processes (${result.machine})`,
    `  require('cdk8s')             ${result.cdk8sMs} ms`,
    `  require('cdk8s-istio')       ${result.cdk8sIstioMs} ms`,
    `  require('cdk8s-istio/l1')    ${result.cdk8sIstioL1Ms} ms (generated L1 classes, loaded only on use)`,
    `  cdk8s-istio / cdk8s = ${result.ratio} (target ≤ ${TARGET}): ${result.pass ? 'PASS' : 'FAIL'}`,
    '',
  ].join('\n'));
  writeResult('import', result);
}

main();
