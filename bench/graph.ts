/**
 * The picture of a big mesh, cut to one namespace (issue 20): the 5,000-service bench mesh of
 * bench/mesh (20,100 objects, 100 namespaces) as plain objects, graphed, cut with --namespace and
 * drawn as SVG, in one process. Target: under 2 s from the objects to the SVG.
 *
 * With `--workloads`, each service also gets a Service and two Deployments (v1, v2; 35,100 objects at
 * 5,000 services): the shape of a real mesh, whose cut has workloads and callers. For information, no target.
 *
 * Usage: npx ts-node --transpile-only bench/graph.ts [SERVICES] [--workloads]   (default 5000; `npx projen bench` runs it)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { PlainObject, plainMesh } from './mesh/plain';
import { ServiceSpec, meshSpec } from './mesh/spec';

// The build, as an npm install gets it (precompiled validators), when there is one: `npx projen bench` compiles first.
const BUILT = path.join(__dirname, '..', 'build', 'lib', 'graph');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { MeshGraph, renderGraph }: typeof import('../lib/graph') = require(fs.existsSync(BUILT) ? BUILT : '../lib/graph');

const TARGET_MS = 2000;

/** A Service and two Deployments (v1, v2, the canary's subsets) per service, each with its own service account. */
function workloadsOf(spec: readonly ServiceSpec[]): PlainObject[] {
  return spec.flatMap((s) => [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace: s.namespace }, spec: { selector: { app: s.name }, ports: [{ name: 'http', port: 8080 }] } },
    ...['v1', 'v2'].map((version) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: `${s.name}-${version}`, namespace: s.namespace },
      spec: {
        selector: { matchLabels: { app: s.name, version } },
        template: {
          metadata: { labels: { app: s.name, version } },
          spec: { serviceAccountName: s.name, containers: [{ name: 'app', image: 'app', ports: [{ containerPort: 8080 }] }] },
        },
      },
    })),
  ]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const withWorkloads = args.includes('--workloads');
  const services = Number(args.find((a) => !a.startsWith('--')) ?? 5000);
  const spec = meshSpec(services);
  const objects = [...plainMesh(spec).flat(), ...(withWorkloads ? workloadsOf(spec) : [])];
  const namespace = objects[0].metadata.namespace;
  // Wall time, and CPU time (what wall time is on an idle machine: a loaded one stretches only the wall).
  const times: Record<string, [number, number]> = {};
  let t = performance.now();
  let cpu = process.cpuUsage();
  const lap = (name: string) => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    times[name] = [Math.round(now - t), Math.round((used.user + used.system) / 1000)];
    t = now;
    cpu = process.cpuUsage();
  };
  const cut = MeshGraph.fromObjects(objects, { namespace });
  lap(`graph of namespace ${namespace}, with callers and the checks' findings`);
  const svg = await renderGraph(cut, 'svg', { title: namespace });
  lap('SVG (Graphviz, first use included)');
  const wall = Object.values(times).reduce((a, [w]) => a + w, 0);
  const total = Object.values(times).reduce((a, [, c]) => a + c, 0);
  const lines = [
    `from: ${fs.existsSync(BUILT) ? 'build/ (precompiled validators)' : 'lib/ (validators compiled on first use)'}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    `graph of ${services} services${withWorkloads ? ' with workloads' : ''} (${objects.length} objects), one namespace (${cut.services.length} services, ${cut.workloads.length} workloads, ${cut.routes.length} routes) to SVG (${svg.length} bytes):`,
    ...Object.entries(times).map(([k, [w, c]]) => `  ${k}: ${w} ms wall, ${c} ms CPU`),
    `  total: ${wall} ms wall, ${total} ms CPU ${withWorkloads ? '(for information: the target is on the mesh without workloads)'
      : `(target < ${TARGET_MS} ms of CPU, the wall time of an idle machine: ${total < TARGET_MS ? 'PASS' : 'FAIL'})`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
