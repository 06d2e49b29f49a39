/**
 * What one pass of the synth-time checks costs on the mesh of `bench/mesh` (variant d's app), apart from cdk8s:
 * `IstioChecks.findings(app)` three times in one process (the first pass includes loading the checks),
 * each with its CPU time, and the findings' count and hash, so a change that should not change any finding
 * can be checked on 20,100 objects (same count, same hash before and after).
 *
 * Usage: npx ts-node --transpile-only bench/checks.ts [SERVICES]   (default 5000; from build/ when there is one)
 */
import { createHash } from 'crypto';
import * as os from 'os';
import { l2App, LIB_SOURCE } from './mesh/l2';
import { meshSpec } from './mesh/spec';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof import('../lib') = require(LIB_SOURCE === 'build' ? '../build/lib' : '../lib');

const services = Number(process.argv[2] ?? 5000);
const app = l2App(meshSpec(services), true);
process.stdout.write(`${services} services, our constructs and checks from ${LIB_SOURCE}/, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
for (let pass = 1; pass <= 3; pass++) {
  const cpu = process.cpuUsage();
  const findings = lib.IstioChecks.findings(app);
  const used = process.cpuUsage(cpu);
  const hash = createHash('sha256').update(JSON.stringify(findings)).digest('hex').slice(0, 12);
  process.stdout.write(`pass ${pass}: ${Math.round((used.user + used.system) / 1000)} ms CPU, ${findings.length} findings, sha256 ${hash}\n`);
}
