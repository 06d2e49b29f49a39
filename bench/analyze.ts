/**
 * Benchmarks the cross-resource analysis against the per-object validation on a generated mesh.
 *
 * Usage: npx ts-node --transpile-only bench/analyze.ts [SERVICES]
 *   SERVICES  how many services the mesh has (default 1000): each with a Service, two Deployments,
 *             a DestinationRule, a canary VirtualService and an AuthorizationPolicy, in 20 namespaces that each
 *             have a Namespace, a STRICT PeerAuthentication, a Gateway and its VirtualService.
 * Prints the time (wall and CPU, cold and warm) of analyze() over the whole set and of validateObject() over its
 * Istio objects, and of analyze() on meshes twice and four times as large (linear growth means about 2x and 4x).
 */
import { performance } from 'perf_hooks';
import { analyze } from '../lib/analysis';
import { isCheckedObject, validateObject } from '../lib/validation';
import { KubeObject } from '../lib/vocab/object';

function mesh(services: number): KubeObject[] {
  const objects: KubeObject[] = [];
  for (let n = 0; n < 20; n++) {
    const ns = `team-${n}`;
    objects.push(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'istio-injection': 'enabled' } } },
      { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'Gateway',
        metadata: { name: 'web', namespace: ns },
        spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: [`${ns}.example.com`] }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'web', namespace: ns },
        spec: { hosts: [`${ns}.example.com`], gateways: ['web'], http: [{ route: [{ destination: { host: `svc-${n}`, port: { number: 8080 } } }] }] },
      },
    );
  }
  for (let i = 0; i < services; i++) {
    const name = `svc-${i}`;
    const ns = `team-${i % 20}`;
    for (const version of ['v1', 'v2']) {
      const labels = { app: name, version };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-${version}`, namespace: ns },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `app:${version}` }] } } },
      });
    }
    objects.push(
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: ns },
        spec: { host: name, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace: ns },
        spec: {
          hosts: [name],
          http: [{ route: [{ destination: { host: name, subset: 'v1' }, weight: 90 }, { destination: { host: name, subset: 'v2' }, weight: 10 }] }],
        },
      },
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name, namespace: ns },
        spec: { selector: { matchLabels: { app: name } }, rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/front`] } }] }] },
      },
    );
  }
  return objects;
}

/** Wall and CPU milliseconds of one run (the machine may be shared: CPU time is the steadier figure). */
function time(fn: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  fn();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

interface Measure { readonly cold: { wall: number; cpu: number }; readonly warm: { wall: number; cpu: number } }

/** The first run (cold: JIT, schema compilation), and the median of runs 4 to 12 (warm). */
function measure(fn: () => void): Measure {
  const cold = time(fn);
  const runs = Array.from({ length: 11 }, () => time(fn)).slice(2);
  const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { cold, warm: { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) } };
}

function row(what: string, m: Measure): string {
  const f = (x: { wall: number; cpu: number }): string => `${x.wall.toFixed(0).padStart(5)} ms wall ${x.cpu.toFixed(0).padStart(5)} ms CPU`;
  return `  ${what.padEnd(38)} cold ${f(m.cold)}   warm ${f(m.warm)}\n`;
}

function main(): void {
  const services = Number(process.argv[2] ?? 1000);
  const objects = mesh(services);
  const istio = objects.filter(isCheckedObject);
  const findings = analyze(objects).length;
  const analysis = measure(() => analyze(objects));
  const validation = measure(() => istio.forEach((o) => validateObject(o)));
  process.stdout.write(`${services} services: ${objects.length} objects (${istio.length} Istio objects), ${findings} analysis findings\n`);
  process.stdout.write(row('validateObject() over Istio objects', validation));
  process.stdout.write(row('analyze() over all objects', analysis));
  for (const factor of [2, 4]) {
    const bigger = mesh(services * factor);
    const m = measure(() => analyze(bigger));
    process.stdout.write(`${row(`analyze() on ${services * factor} services`, m).trimEnd()}   (warm CPU ${(m.warm.cpu / analysis.warm.cpu).toFixed(1)}x)\n`);
  }
}

main();
