import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { Doc, ap, canary, dr, pa, vs } from './fixtures';
import { main } from '../../lib/cli';
import { diffObjects, diffPaths } from '../../lib/gitops';
import { loadDocuments } from '../../lib/input';
import * as parse from '../../lib/input/parse';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-files-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes objects as multi-document files under `side/`, `perFile` objects a file. */
function writeSide(side: string, objects: Doc[], perFile = 2): string {
  const folder = path.join(dir, side);
  fs.mkdirSync(folder, { recursive: true });
  for (let i = 0; i * perFile < objects.length; i++) {
    const text = objects.slice(i * perFile, (i + 1) * perFile).map((o) => stringify(o)).join('---\n');
    fs.writeFileSync(path.join(folder, `part-${i}.yaml`), text);
  }
  return folder;
}

const strictNs = pa('default', 'bookinfo', 'STRICT');
const workload = (mode?: string) => pa('reviews', 'bookinfo', mode, { selector: { matchLabels: { app: 'reviews' } } });
const allow = (name: string, namespaces: string[]) => ap(name, 'payments', { selector: { matchLabels: { app: 'payments' } }, rules: [{ from: [{ source: { namespaces } }] }] });

const KUSTOMIZATION = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['a.yaml'] };

/** Pairs of meshes; the unchanged objects are the ones the cross-resource checks must still find. */
const SCENARIOS: Record<string, [Doc[], Doc[]]> = {
  'canary 10 → 25': [[dr('reviews', 'bookinfo', ['v1', 'v2']), canary(10)], [dr('reviews', 'bookinfo', ['v1', 'v2']), canary(25)]],
  'a subset removed that an unchanged VirtualService routes to': [
    [canary(10), dr('reviews', 'bookinfo', ['v1', 'v2']), vs('ratings', 'bookinfo', [{ route: [{ destination: { host: 'ratings' } }] }])],
    [canary(10), dr('reviews', 'bookinfo', ['v1']), vs('ratings', 'bookinfo', [{ route: [{ destination: { host: 'ratings' } }] }])],
  ],
  'a workload policy relaxed under an unchanged STRICT namespace policy': [[strictNs, workload()], [strictNs, workload('PERMISSIVE')]],
  'an ALLOW policy removed while another, unchanged, remains': [[allow('a', ['x']), allow('b', ['y'])], [allow('b', ['y'])]],
  'the last ALLOW policy removed': [[allow('a', ['x']), canary(10)], [canary(10)]],
  'kustomize files and Lists, changed and unchanged': [
    [KUSTOMIZATION, { apiVersion: 'v1', kind: 'List', items: [canary(10)] }, { apiVersion: 'v1', kind: 'List', items: [strictNs] }],
    [KUSTOMIZATION, { apiVersion: 'v1', kind: 'List', items: [canary(25)] }, { apiVersion: 'v1', kind: 'List', items: [strictNs] }],
  ],
  'objects moved between files and reordered': [
    [canary(10), dr('reviews', 'bookinfo', ['v1', 'v2']), strictNs, allow('a', ['x'])],
    [allow('a', ['x']), strictNs, dr('reviews', 'bookinfo', ['v1', 'v2']), canary(10)],
  ],
};

describe('diffPaths: documents identical in both sides are not parsed, and the result is the same', () => {
  test.each(Object.keys(SCENARIOS))('%s', (name) => {
    const [before, after] = SCENARIOS[name];
    const oldDir = writeSide('old', before);
    const newDir = writeSide('new', after, 3);
    expect(diffPaths(oldDir, newDir)).toEqual(diffObjects(loadDocuments([oldDir]), loadDocuments([newDir])));
  });

  test.each(Object.keys(SCENARIOS))('%s: hands on the documents of each side, as loadDocuments reads them, and its JSON is unchanged', (name) => {
    const [before, after] = SCENARIOS[name];
    const oldDir = writeSide('old', before);
    const newDir = writeSide('new', after, 3);
    const report = diffPaths(oldDir, newDir);
    expect(report.objects('old')).toEqual(loadDocuments([oldDir]).map((d) => d.object));
    expect(report.objects('new')).toEqual(loadDocuments([newDir]).map((d) => d.object));
    expect(Object.keys(report)).toEqual(['changes', 'summary', 'notes']);
  });

  test('cdk8s-istio diff reads and parses each file once, the model and the picture included', async () => {
    const shared = [dr('reviews', 'bookinfo', ['v1', 'v2']), strictNs];
    const oldDir = writeSide('old', [...shared, canary(10)]);
    const newDir = writeSide('new', [...shared, canary(25)]);
    // The module itself (what the library's `import * as fs` reads through), not this file's frozen namespace copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const reads = jest.spyOn(require('fs') as typeof fs, 'readFileSync');
    const parses = jest.spyOn(parse, 'parseRaw');
    try {
      const code = await main(['diff', oldDir, newDir, '--format', 'markdown'], { stdout: () => {}, stderr: () => {} });
      expect(code).toBe(1);
      const yamlReads = reads.mock.calls.map(([file]) => String(file)).filter((f) => f.startsWith(dir));
      const files = (folder: string) => fs.readdirSync(folder).map((f) => path.join(folder, f));
      expect(yamlReads.sort()).toEqual([...files(oldDir), ...files(newDir)].sort());
      // Three documents a side: the two the sides share are parsed once, for both; the canaries once each.
      expect(parses).toHaveBeenCalledTimes(4);
    } finally {
      reads.mockRestore();
      parses.mockRestore();
    }
  });

  test('the cross-resource warnings found through unchanged documents', () => {
    const warnings = (name: string) => {
      const [before, after] = SCENARIOS[name];
      return diffPaths(writeSide(`${name}-old`, before), writeSide(`${name}-new`, after)).changes.flatMap((c) => c.warnings.map((w) => w.code));
    };
    expect(warnings('a subset removed that an unchanged VirtualService routes to')).toEqual(['CIS7001']);
    expect(warnings('a workload policy relaxed under an unchanged STRICT namespace policy')).toEqual(['CIS7002']);
    expect(warnings('an ALLOW policy removed while another, unchanged, remains')).toEqual([]);
    expect(warnings('the last ALLOW policy removed')).toEqual(['CIS7005']);
  });

  test('a parse error in a later document reports its line in the file', () => {
    const oldFile = path.join(dir, 'old.yaml');
    const newFile = path.join(dir, 'new.yaml');
    fs.writeFileSync(oldFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    fs.writeFileSync(newFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [b\n');
    expect(() => diffPaths(oldFile, newFile)).toThrow(`${newFile}:8: Flow sequence in block collection must be sufficiently indented and end with a ] at line 8, column 1:`);
  });
});
