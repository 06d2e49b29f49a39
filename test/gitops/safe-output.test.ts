import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { checkCommittedOutput, synthGitOps } from '../../lib/gitops';
import { PluginCa } from '../../lib/platform';
import { CA_FIXTURES } from '../platform/helpers';

let root: string;
let out: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-safe-'));
  out = path.join(root, 'repo', 'dist');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function app(namespace: string, name = 'cfg', extra?: (chart: Chart) => void): App {
  const a = new App({ outdir: out });
  const chart = new Chart(a, 'apps');
  new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { k: 'v' } });
  extra?.(chart);
  return a;
}

/** Every file under a folder, relative. */
function tree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.lstatSync(path.join(dir, f)).isFile()).sort();
}

describe('synthGitOps never writes outside its output folder', () => {
  test.each(['../../escaped', '..', 'a/b', 'Shop', 'a\\b', 'x'.repeat(64)])('GIVEN the namespace %j WHEN synthesized per namespace THEN a clear error, nothing written', (ns) => {
    expect(() => synthGitOps(app(ns), { layout: 'per-namespace' })).toThrow(/^apps\/cm \(ConfigMap [^)]*\): metadata\.namespace: .* is not a valid namespace \(a DNS-1123 label/);
    expect(tree(root)).toEqual([]);
  });

  test.each(['..', '.', 'a/b', 'a%2fb'])('GIVEN the name %j THEN a clear error', (name) => {
    expect(() => synthGitOps(app('shop', name))).toThrow(/: metadata\.name: .* is not a valid name .* Give a name Kubernetes accepts\./);
  });

  test('GIVEN a file extension with a path in it THEN a clear error', () => {
    expect(() => synthGitOps(app('shop'), { fileExtension: '/../../x.yaml' })).toThrow(/file extension/);
  });

  test('GIVEN a user symlink in the output pointing outside WHEN a file would go through it THEN refused, outside untouched', () => {
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.mkdirSync(out, { recursive: true });
    fs.symlinkSync(outside, path.join(out, 'shop'));
    expect(() => synthGitOps(app('shop'), { layout: 'per-namespace' })).toThrow(/refusing to write through the symbolic link/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readlinkSync(path.join(out, 'shop'))).toBe(outside);
  });
});

describe('synthGitOps writes atomically', () => {
  test('GIVEN an existing output WHEN a write fails mid-way THEN the old output is intact and nothing is left beside it', () => {
    synthGitOps(app('shop'), { layout: 'per-namespace', kustomization: true });
    const before = Object.fromEntries(tree(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]));
    // The new run also writes team/apps.k8s.yaml, where the user left a folder of that name: writing fails.
    fs.mkdirSync(path.join(out, 'team', 'apps.k8s.yaml'), { recursive: true });
    const next = app('shop', 'cfg', (chart) => new ApiObject(chart, 'cm2', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'team' }, data: { k: 'w' } }));
    expect(() => synthGitOps(next, { layout: 'per-namespace', kustomization: true })).toThrow();
    expect(Object.fromEntries(tree(out).map((f) => [f, fs.readFileSync(path.join(out, f), 'utf8')]))).toEqual(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('GIVEN files the module did not write WHEN synthesized again THEN they are kept, stale generated files go', () => {
    synthGitOps(app('shop'), { layout: 'per-namespace' });
    fs.writeFileSync(path.join(out, 'README.md'), 'mine\n');
    synthGitOps(app('team'), { layout: 'per-namespace' });
    expect(tree(out)).toEqual(['README.md', 'team/apps.k8s.yaml']);
    expect(fs.readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('mine\n');
  });

  test('GIVEN an interrupted run (a half-built tree beside, the old one parked) WHEN run again THEN the last good output comes back first', () => {
    synthGitOps(app('shop'), { layout: 'per-namespace' });
    // As a kill between the two renames leaves it: the output parked, a new tree half built.
    fs.renameSync(out, path.join(path.dirname(out), '.dist.old-abc123'));
    fs.mkdirSync(path.join(path.dirname(out), '.dist.new-def456'));
    synthGitOps(app('shop'), { layout: 'per-namespace' });
    expect(tree(out)).toEqual(['shop/apps.k8s.yaml']);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('GIVEN the same app WHEN synthesized twice THEN the folder is not touched the second time', () => {
    synthGitOps(app('shop'));
    const inode = fs.statSync(out).ino;
    synthGitOps(app('shop'));
    expect(fs.statSync(out).ino).toBe(inode);
  });
});

describe('the plug-in CA Secret kept out of the committed output', () => {
  const caApp = (): App => {
    const a = app('shop');
    PluginCa.fromDirectory(new Chart(a, 'ca'), 'cacerts', path.join(CA_FIXTURES, 'cluster1'));
    return a;
  };
  const keyLines = fs.readFileSync(path.join(CA_FIXTURES, 'cluster1', 'ca-key.pem'), 'utf8').split('\n').filter((l) => l.length > 16 && !l.startsWith('-----'));

  test('GIVEN secrets: exclude WHEN synthesized THEN no Secret and no key byte in any file, and the committed-output check agrees', () => {
    const files = synthGitOps(caApp(), { secrets: 'exclude', kustomization: true });
    expect(files.map((f) => f.path)).toEqual(['apps.k8s.yaml', 'kustomization.yaml']);
    for (const f of tree(out)) {
      const text = fs.readFileSync(path.join(out, f), 'utf8');
      expect(text).not.toMatch(/^kind: Secret/m);
      for (const line of keyLines) expect(text).not.toContain(Buffer.from(line).toString('base64').slice(0, 16));
    }
    expect(checkCommittedOutput(caApp(), out, { secrets: 'exclude', kustomization: true })).toEqual([]);
  });

  test('GIVEN the default WHEN synthesized THEN the Secret is written (include)', () => {
    const files = synthGitOps(caApp());
    expect(files.find((f) => f.path === 'ca.k8s.yaml')?.content).toMatch(/^kind: Secret/m);
  });
});
