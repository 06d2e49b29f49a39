import * as fs from 'fs';
import * as path from 'path';
import type * as cdk8s from 'cdk8s';
import * as ts from 'typescript';
import type { DestinationRule, IstioChecks } from '../../lib';
import { LAZY_FOLDERS, lazyEntry } from '../../scripts/lazy-entry';

// The built entry (build/lib/index.js) is tsc's emit of lib/index.ts rewritten by scripts/lazy-entry.ts, so
// the checking and GitOps folders load on first use (issue 21). npm test runs without a build (as CI does), so
// this test makes the same entry from the compiler's emit of lib/index.ts and evaluates it against lib/'s
// sources in a fresh jest module registry, whose `require.cache` shows what loads when.

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');
const INDEX = fs.readFileSync(path.join(LIB, 'index.ts'), 'utf8');
/** The folders of lib/index.ts, in its order (the first to export a name wins, as with `export *`). */
const FOLDERS = [...INDEX.matchAll(/^export \* from '\.\/([\w-]+)';$/gm)].map((m) => m[1]);

function emittedEntry(): string {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true };
  return ts.transpileModule(INDEX, { compilerOptions: options, fileName: path.join(LIB, 'index.ts') }).outputText;
}

/** What each folder exports (jest loads lib/ from source too). */
function namesOf(folder: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.keys(require(path.join(LIB, folder)) as object);
}

/** lib/'s modules in `require.cache` (jest's registry), relative to lib/. */
function loaded(): string[] {
  return Object.keys(require.cache).filter((f) => f.startsWith(LIB + path.sep)).map((f) => path.relative(LIB, f).split(path.sep).join('/')).sort();
}

/** Evaluates `js` as lib/index.js (its requires resolve in lib/); returns its exports. */
function evaluateEntry(js: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromLib = (id: string): unknown => require(id.startsWith('.') ? path.join(LIB, id) : id);
  new Function('exports', 'require', 'module', js).call(module.exports, module.exports, requireFromLib, module);
  return module.exports;
}

describe('the lazy entry (scripts/lazy-entry.ts)', () => {
  const entry = lazyEntry(emittedEntry(), namesOf);

  test('rewrites the line of every lazy folder of lib/index.ts, and again on its own output (tsc --build may keep it)', () => {
    expect(LAZY_FOLDERS.every((f) => FOLDERS.includes(f))).toBe(true);
    for (const folder of LAZY_FOLDERS) {
      expect(entry).not.toContain(`__exportStar(require("./${folder}"), exports);`);
      expect(entry).toContain(`__lazyExports(function () { return require("./${folder}"); }, ${JSON.stringify(namesOf(folder))});`);
    }
    expect(lazyEntry(entry, namesOf)).toBe(entry);
    expect(lazyEntry(entry, (f) => (f === 'model' ? ['MeshModel'] : namesOf(f)))).toContain('__lazyExports(function () { return require("./model"); }, ["MeshModel"]);');
  });

  test('fails on an entry without a lazy folder or on a folder that exports nothing', () => {
    expect(() => lazyEntry(emittedEntry().replace('__exportStar(require("./graph"), exports);\n', ''), namesOf)).toThrow(/the entry has no `export \* from '\.\/graph'`/);
    expect(() => lazyEntry(emittedEntry(), (f) => (f === 'graph' ? [] : namesOf(f)))).toThrow(/\.\/graph exports nothing/);
    expect(() => lazyEntry('exports.x = 1;\n', namesOf)).toThrow(/not tsc's CommonJS emit/);
  });

  test('loads only the constructs and the checks\' hook; a lazy folder loads when one of its names is read, and gives its own values', () => {
    const gitopsName = namesOf('gitops')[0];
    const union: string[] = [];
    for (const folder of FOLDERS) for (const name of namesOf(folder)) if (name !== 'default' && !union.includes(name)) union.push(name);
    const inLazyFolder = (files: string[]) => files.filter((f) => LAZY_FOLDERS.includes(f.split('/')[0]));

    // A fresh module registry: what loads from here on is what the entry loads.
    jest.isolateModules(() => {
      const api = evaluateEntry(entry);
      expect(inLazyFolder(loaded())).toEqual(['checks/app-checks.ts']);
      expect(loaded()).toEqual(expect.arrayContaining(['core/index.ts', 'networking/index.ts', 'patterns/index.ts']));
      // The same names, in the same order, as `export *` of every folder (the first folder wins), and `l1`.
      expect(Object.keys(api)).toEqual([...union, 'l1']);

      // Every Istio resource still turns the checks on; the checks themselves load when they first run.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { App, Chart } = require('cdk8s') as typeof cdk8s;
      const app = new App();
      new (api.DestinationRule as typeof DestinationRule)(new Chart(app, 'shop'), 'reviews', { host: 'reviews' });
      expect(inLazyFolder(loaded())).toEqual(['checks/app-checks.ts']);
      expect((api.IstioChecks as typeof IstioChecks).isEnabled(app)).toBe(true);

      expect(loaded()).not.toContain('gitops/index.ts');
      const value = api[gitopsName];
      expect(loaded()).toContain('gitops/index.ts');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(value).toBe((require(path.join(LIB, 'gitops')) as Record<string, unknown>)[gitopsName]);

      // Every name is its folder's own value (l1, the generated classes, is a getter of its own).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const modules = FOLDERS.map((f) => require(path.join(LIB, f)) as Record<string, unknown>);
      const owner = (name: string) => modules.find((m) => Object.prototype.hasOwnProperty.call(m, name));
      expect(union.filter((name) => api[name] !== owner(name)?.[name])).toEqual([]);
    });
  });
});
