/**
 * The cost of the behaviour checks (CIS5010, CIS5011: `lib/checks/behaviour`) on the bench mesh (issue 14).
 *
 * Usage: npx ts-node --transpile-only bench/behaviour.ts [SERVICES]   (default 5000; `npx projen bench` runs it)
 * Times the whole check run (`checkAll`: per-object checks, analysis and behaviour checks) and the analysis with and
 * without the behaviour analyzers (median of 3 warm runs); prints the behaviour checks' share of the whole run
 * against the target (at most 25 %) and PASS or FAIL; writes bench/results/behaviour.json.
 */
import * as os from 'os';
import { performance } from 'perf_hooks';
import { plainMesh } from './mesh/plain';
import { meshSpec } from './mesh/spec';
import { writeResult } from './results';
import { analyze } from '../lib/analysis';
import { checkAll } from '../lib/checks';
import { BEHAVIOUR_ANALYZERS } from '../lib/checks/behaviour';
import { KubeObject } from '../lib/vocab/object';

const TARGET = 0.25;

function median(run: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[1];
}

const services = Number(process.argv[2] ?? 5000);
const objects = plainMesh(meshSpec(services)).flat() as unknown as KubeObject[];
const whole = median(() => checkAll(objects.map((object) => ({ object })), { assumeCompleteMesh: false }));
const without = median(() => analyze(objects, { assumeCompleteMesh: false }));
const withBehaviour = median(() => analyze(objects, { assumeCompleteMesh: false, additional: BEHAVIOUR_ANALYZERS }));
const share = Math.max(0, withBehaviour - without) / whole;
const pass = share <= TARGET;
process.stdout.write([
  `behaviour checks on ${services} services (${objects.length} objects): whole check run ${Math.round(whole)} ms,`
  + ` analysis ${Math.round(without)} ms, with the behaviour checks ${Math.round(withBehaviour)} ms`,
  `target: the behaviour checks add at most ${TARGET * 100}% to the checked run; measured ${(share * 100).toFixed(1)}%: ${pass ? 'PASS' : 'FAIL'}`,
  '',
].join('\n'));
const result = {
  services,
  objects: objects.length,
  wholeMs: Math.round(whole),
  analysisMs: Math.round(without),
  withBehaviourMs: Math.round(withBehaviour),
  share: Number(share.toFixed(3)),
  target: TARGET,
  pass,
  loadAverage: os.loadavg()[0],
};
writeResult('behaviour', result);
