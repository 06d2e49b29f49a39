/**
 * Per-object check cost of Gateway API HTTPRoutes against Istio VirtualServices (issue 17): COUNT objects of
 * each, the same routing in both APIs (a path match with a header, a 90/10 weighted split, a header
 * modifier, a timeout), each checked with `validateObject` (schema with defaults, every CEL rule,
 * metadata; for VirtualServices also istiod's webhook rules).
 * Target: an HTTPRoute costs no more than a VirtualService per object. Prints PASS or FAIL and writes
 * bench/results/gateway-api.json.
 *
 * The two kinds are checked alternately, ROUNDS times each, and compared by CPU time (user + system) of
 * the process, median of the rounds: on a shared machine wall time mostly measures the other processes.
 *
 * Usage: npx ts-node --transpile-only bench/gateway-api.ts [COUNT]   (default 10000; run by `npx projen bench`)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeResult } from './results';
import * as source from '../lib/validation';

const BUILT = path.join(__dirname, '..', 'build', 'lib', 'validation', 'index.js');
// The build has precompiled validators, as an npm install gets them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof source = fs.existsSync(BUILT) ? require(BUILT) : source;

function httpRoute(i: number): unknown {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: `svc-${i}`, namespace: `ns-${i % 50}` },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: `svc-${i}`, port: 8080 }],
      rules: [{
        matches: [{ path: { type: 'PathPrefix', value: `/api/${i}` }, headers: [{ name: 'x-tenant', value: `t${i % 7}` }] }],
        filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-route', value: `r${i}` }] } }],
        backendRefs: [{ name: `svc-${i}-v1`, port: 8080, weight: 90 }, { name: `svc-${i}-v2`, port: 8080, weight: 10 }],
        timeouts: { request: '5s' },
      }],
    },
  };
}

function virtualService(i: number): unknown {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: `svc-${i}`, namespace: `ns-${i % 50}` },
    spec: {
      hosts: [`svc-${i}`],
      http: [{
        match: [{ uri: { prefix: `/api/${i}` }, headers: { 'x-tenant': { exact: `t${i % 7}` } } }],
        headers: { request: { set: { 'x-route': `r${i}` } } },
        route: [{ destination: { host: `svc-${i}`, subset: 'v1', port: { number: 8080 } }, weight: 90 }, { destination: { host: `svc-${i}`, subset: 'v2', port: { number: 8080 } }, weight: 10 }],
        timeout: '5s',
      }],
    },
  };
}

const ROUNDS = 5;

/** Compiles the validators and rules each kind uses, before anything is timed. */
function warmUp(objects: readonly unknown[]): void {
  for (const o of objects.slice(0, 50)) lib.validateObject(o);
}

/** CPU microseconds per object of checking them all once. */
function perObjectMicros(objects: readonly unknown[]): number {
  const cpu = process.cpuUsage();
  let errors = 0;
  for (const o of objects) errors += lib.validateObject(o).length;
  const used = process.cpuUsage(cpu);
  if (errors > 0) throw new Error(`the benchmark's objects must be valid, got ${errors} findings`);
  return (used.user + used.system) / objects.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const count = Number(process.argv[2] ?? 10000);
  const routes = Array.from({ length: count }, (_, i) => httpRoute(i));
  const services = Array.from({ length: count }, (_, i) => virtualService(i));
  warmUp(services);
  warmUp(routes);
  const vsRuns: number[] = [];
  const hrRuns: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    vsRuns.push(perObjectMicros(services));
    hrRuns.push(perObjectMicros(routes));
  }
  const vs = median(vsRuns);
  const hr = median(hrRuns);
  const pass = hr <= vs;
  const validators = fs.existsSync(BUILT) ? 'build/, precompiled validators' : 'lib/, validators compiled on first use';
  process.stdout.write([
    `Gateway API checks (${validators}), ${count} objects each, median CPU of ${ROUNDS} alternating rounds:`,
    `  VirtualService: ${vs.toFixed(1)} µs/object`,
    `  HTTPRoute:      ${hr.toFixed(1)} µs/object`,
    `  target: an HTTPRoute costs no more than a VirtualService per object: ${pass ? 'PASS' : 'FAIL'} (ratio ${(hr / vs).toFixed(2)})`,
    '',
  ].join('\n'));
  writeResult('gateway-api', {
    objects: count,
    validators,
    virtualServiceMicrosPerObject: Number(vs.toFixed(1)),
    httpRouteMicrosPerObject: Number(hr.toFixed(1)),
    ratio: Number((hr / vs).toFixed(3)),
    target: 1,
    pass,
    loadAverage: os.loadavg()[0],
  });
}

main();
