/**
 * Benchmarks the behaviour model (issue 13): 1,000 access and route questions against the 5,000-service bench
 * mesh (bench/mesh: DestinationRule, canary VirtualService and policies per service, STRICT namespaces) with a
 * Service and a Deployment per service, the objects written to one YAML file and read back like the CLI does.
 *
 * Usage: npx ts-node --transpile-only bench/model.ts [SERVICES] [REQUESTS]
 * Target: indexing plus answering under 2 s beyond reading the files. Prints the target and PASS/FAIL, and
 * writes bench/results/model.json.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { stringify } from 'yaml';
import { plainMesh } from './mesh/plain';
import { meshSpec } from './mesh/spec';
import { writeResult } from './results';
import type { AccessRequest, RouteRequest } from '../lib/model';

// The build when there is one, as an app gets it from npm (validators precompiled); else the sources, whose
// first question would also pay for transpiling the checks and compiling their validators.
const BUILT = path.join(__dirname, '..', 'build', 'lib');
const SOURCE = fs.existsSync(path.join(BUILT, 'index.js')) ? BUILT : path.join(__dirname, '..', 'lib');
/* eslint-disable @typescript-eslint/no-require-imports */
const { loadDocuments } = require(path.join(SOURCE, 'input')) as typeof import('../lib/input');
const { MeshModel } = require(path.join(SOURCE, 'model')) as typeof import('../lib/model');
/* eslint-enable @typescript-eslint/no-require-imports */

const TARGET_MS = 2000;

function main(): void {
  const services = Number(process.argv[2] ?? 5000);
  const requests = Number(process.argv[3] ?? 1000);
  const spec = meshSpec(services);
  const objects: unknown[] = plainMesh(spec).flat();
  for (const s of spec) {
    const labels = { app: s.name, version: 'v1' };
    objects.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace: s.namespace }, spec: { selector: { app: s.name }, ports: [{ name: 'http', port: 8080 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: s.name, namespace: s.namespace },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: s.name, containers: [{ name: 'app', image: 'app' }] } } },
      },
    );
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-model-'));
  const file = path.join(dir, 'mesh.yaml');
  fs.writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));

  let t = performance.now();
  const docs = loadDocuments([file]).map((d) => d.object);
  const readMs = performance.now() - t;

  t = performance.now();
  MeshModel.fromObjects(docs, { skipInvalid: false });
  const indexUncheckedMs = performance.now() - t;
  t = performance.now();
  const model = MeshModel.fromObjects(docs);
  const indexMs = performance.now() - t;

  const questions: Array<{ access?: AccessRequest; route?: RouteRequest }> = [];
  for (let i = 0; i < requests; i++) {
    const to = spec[(i * 7919) % spec.length];
    const from = spec[(i * 104729) % spec.length];
    questions.push(i % 2 === 0
      ? { access: { from: `${from.namespace}/${from.name}`, to: `${to.namespace}/${to.name}:8080`, method: 'GET', path: '/api', jwt: i % 4 === 0 ? { iss: 'https://auth.example.com', sub: 'u' } : undefined } }
      : { route: { from: `${from.namespace}/${from.name}`, host: `${to.name}.${to.namespace}`, port: 8080, path: '/' } });
  }
  t = performance.now();
  let allowed = 0;
  let routed = 0;
  for (const q of questions) {
    if (q.access && model.access(q.access).decision === 'ALLOW') allowed++;
    if (q.route && model.route(q.route).destinations.length > 0) routed++;
  }
  const answerMs = performance.now() - t;
  const totalMs = indexMs + answerMs;
  const pass = totalMs < TARGET_MS;
  const result = {
    node: process.version,
    lib: SOURCE === BUILT ? 'build' : 'lib',
    cpus: os.cpus().length,
    services,
    objects: docs.length,
    requests,
    readMs: Math.round(readMs),
    indexMs: Math.round(indexMs),
    indexUncheckedMs: Math.round(indexUncheckedMs),
    answerMs: Math.round(answerMs),
    totalMs: Math.round(totalMs),
    targetMs: TARGET_MS,
    pass,
    allowed,
    routed,
    loadAverage: os.loadavg()[0],
  };
  process.stdout.write([
    `behaviour model: ${services} services, ${docs.length} objects, ${requests} questions (${allowed} allowed, ${routed} routed), from ${result.lib}/`,
    `  reading the file ${result.readMs} ms (not counted)`,
    `  indexing ${result.indexMs} ms (${result.indexUncheckedMs} ms without leaving out what Istio rejects), answering ${result.answerMs} ms: ${result.totalMs} ms`,
    `  target: under ${TARGET_MS} ms beyond reading the files: ${pass ? 'PASS' : 'FAIL'}`,
    '',
  ].join('\n'));
  writeResult('model', result);
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
