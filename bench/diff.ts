// Benchmark of `cdk8s-istio diff` on two large meshes that differ in a few objects.
//   npx ts-node --transpile-only bench/diff.ts [OBJECTS] [CHANGED_FRACTION]   (defaults: 20000 0.01)
// Writes both meshes under a temp folder (one file per namespace, as a per-namespace GitOps layout
// would), then times the whole command in-process, its phases, and — when this checkout has the
// `validate` command — `validate` on one of the meshes, which `diff` should not exceed. Prints the
// numbers; asserts nothing.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { stringify } from 'yaml';
import { main } from '../lib/cli';
import { diffObjects, diffPaths } from '../lib/gitops';
import { loadDocuments } from '../lib/input';

const OBJECTS = Number(process.argv[2] ?? 20000);
const CHANGED = Number(process.argv[3] ?? 0.01);
const PER_NAMESPACE = 20;

type Doc = Record<string, any>;

/** The objects of one namespace: per service a DestinationRule and a VirtualService, plus policies. */
function namespaceObjects(ns: number, count: number): Doc[] {
  const namespace = `team-${ns}`;
  const out: Doc[] = [
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace }, spec: { mtls: { mode: 'STRICT' } } },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-frontend', namespace },
      spec: { rules: [{ from: [{ source: { namespaces: ['frontend'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] },
    },
  ];
  for (let s = 0; out.length < count; s++) {
    const host = `svc-${s}`;
    out.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: host, namespace },
      spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    });
    if (out.length < count) {
      out.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: host, namespace },
        spec: {
          hosts: [host],
          http: [
            { match: [{ headers: { 'end-user': { exact: 'tester' } } }], route: [{ destination: { host, subset: 'v2' } }] },
            { route: [{ destination: { host, subset: 'v1' }, weight: 90 }, { destination: { host, subset: 'v2' }, weight: 10 }], timeout: '5s', retries: { attempts: 3, perTryTimeout: '2s' } },
          ],
        },
      });
    }
  }
  return out;
}

/** A change a pull request might make, by kind. */
function change(o: Doc): void {
  switch (o.kind) {
    case 'VirtualService': o.spec.http[1].route[0].weight = 75; o.spec.http[1].route[1].weight = 25; break;
    case 'DestinationRule': o.spec.subsets.push({ name: 'v3', labels: { version: 'v3' } }); break;
    case 'AuthorizationPolicy': o.spec.rules[0].from[0].source.namespaces.push('batch'); break;
    default: o.spec.mtls.mode = 'PERMISSIVE';
  }
}

/** Writes a mesh, one file per namespace; with `changes`, one object in every 1/CHANGED is changed, spread over the kinds. */
function writeMesh(dir: string, changes: boolean): number {
  fs.mkdirSync(dir, { recursive: true });
  const every = Math.max(1, Math.round(1 / (CHANGED * PER_NAMESPACE))); // namespaces per changed object
  let changed = 0;
  for (let ns = 0; ns * PER_NAMESPACE < OBJECTS; ns++) {
    const objects = namespaceObjects(ns, Math.min(PER_NAMESPACE, OBJECTS - ns * PER_NAMESPACE));
    if (changes && ns % every === 0) {
      change(objects[Math.floor(ns / every) % objects.length]);
      changed++;
    }
    fs.writeFileSync(path.join(dir, `team-${ns}.k8s.yaml`), objects.map((o) => stringify(o)).join('---\n'));
  }
  return changed;
}

async function time(label: string, fn: () => unknown | Promise<unknown>, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(runs / 2)];
  console.log(`${label.padEnd(44)} ${median.toFixed(0).padStart(6)} ms  (median of ${runs})`);
  return median;
}

async function bench(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-bench-diff-'));
  try {
    const oldDir = path.join(root, 'old');
    const newDir = path.join(root, 'new');
    writeMesh(oldDir, false);
    const changed = writeMesh(newDir, true);
    const bytes = fs.readdirSync(newDir).reduce((n, f) => n + fs.statSync(path.join(newDir, f)).size, 0);
    console.log(`two meshes of ${OBJECTS} objects (${(bytes / 1e6).toFixed(1)} MB each), ${changed} changed (${(100 * changed / OBJECTS).toFixed(1)}%)\n`);

    const silent = { stdout: () => undefined, stderr: () => undefined };
    let code = -1;
    const total = await time('cdk8s-istio diff OLD NEW (whole command)', async () => { code = await main(['diff', oldDir, newDir], silent); });
    const report = diffPaths(oldDir, newDir);
    console.log(`  exit ${code}; ${report.summary.changed} changed, ${report.summary.warnings} warnings, ${report.summary.unchanged} unchanged`);

    console.log('\nfor reference:');
    await time('read and parse one side (validate does this)', () => loadDocuments([newDir]), 1);
    const oldDocs = loadDocuments([oldDir]);
    const newDocs = loadDocuments([newDir]);
    await time('compare two parsed sides (diffObjects)', () => diffObjects(oldDocs, newDocs));
    const full = diffObjects(oldDocs, newDocs);
    if (JSON.stringify(full.summary) !== JSON.stringify(report.summary)) {
      console.log(`  MISMATCH: diffObjects ${JSON.stringify(full.summary)} vs diffPaths ${JSON.stringify(report.summary)}`);
    }

    let usage = '';
    await main(['--help'], { stdout: (t) => { usage += t; }, stderr: () => undefined });
    if (/^\s+validate\s/m.test(usage)) {
      const validate = await time('cdk8s-istio validate NEW (whole command)', () => main(['validate', newDir], silent));
      console.log(`\ndiff / validate = ${(total / validate).toFixed(2)} (the goal: at most 1)`);
    } else {
      console.log('\n`validate` is not in this checkout: compare with it once it is (same script).');
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

bench().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
