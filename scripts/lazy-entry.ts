/**
 * Makes the built entry, build/lib/index.js, load the checking and GitOps folders on first use (issue 21):
 * tsc emits each `export * from './<folder>'` of lib/index.ts as `__exportStar(require("./<folder>"), exports)`,
 * which loads the folder with `require('cdk8s-istio')`. For each folder of LAZY_FOLDERS this step puts in
 * that line's place one enumerable getter per name the folder exports (listed now, from the built folder):
 * the getter requires the folder on first read and returns the folder's own value. The TypeScript source and
 * the .d.ts stay as they are, so the API, its types and docs/api do not change; only when code loads does.
 * The constructs' folders stay eager (they are what every app uses first).
 *
 * Run by `npx projen compile` after tsc. Idempotent: tsc --build may leave an up-to-date index.js as it is,
 * so an entry already rewritten is rewritten again, with the names of today's build.
 *
 * Usage: ts-node --transpile-only scripts/lazy-entry.ts [build/lib]
 */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The folders `require('cdk8s-istio')` does not load (measured in bench/README.md): the checks and what
 * builds on them. `lib/index.ts` loads `checks/app-checks` itself: every Istio resource enables the checks.
 */
export const LAZY_FOLDERS = ['validation', 'analysis', 'checks', 'gitops', 'model', 'graph'];

/** Defines the getters; tsc's `__exportStar` semantics: the first folder of the entry to export a name wins. */
const HELPER = `var __lazyExports = function (load, names) {
    var m;
    names.forEach(function (k) {
        if (!Object.prototype.hasOwnProperty.call(exports, k)) Object.defineProperty(exports, k, { enumerable: true, get: function () { return (m !== null && m !== void 0 ? m : (m = load()))[k]; } });
    });
};
`;
const HELPER_LINE = 'var __lazyExports = ';
const ESMODULE = 'Object.defineProperty(exports, "__esModule", { value: true });\n';

/** The line of `folder` in tsc's entry, or in an entry this step already rewrote. */
function lineOf(folder: string): RegExp {
  const req = `require\\("\\./${folder}"\\)`;
  return new RegExp(`^(__exportStar\\(${req}, exports\\)|__lazyExports\\(function \\(\\) \\{ return ${req}; \\}, \\[.*\\]\\));$`, 'm');
}

/**
 * tsc's CommonJS emit of lib/index.ts (`js`) with the folders of `lazy` exported by getters; `namesOf(folder)`
 * lists what the folder exports.
 */
export function lazyEntry(js: string, namesOf: (folder: string) => readonly string[], lazy: readonly string[] = LAZY_FOLDERS): string {
  let out = js;
  if (!out.includes(HELPER_LINE)) {
    if (!out.includes(ESMODULE)) throw new Error('lazy-entry: the entry is not tsc\'s CommonJS emit (no __esModule line)');
    out = out.replace(ESMODULE, `${HELPER}${ESMODULE}`);
  }
  for (const folder of lazy) {
    if (!lineOf(folder).test(out)) throw new Error(`lazy-entry: the entry has no \`export * from './${folder}'\``);
    const names = namesOf(folder).filter((n) => n !== 'default');
    if (names.length === 0) throw new Error(`lazy-entry: ./${folder} exports nothing`);
    out = out.replace(lineOf(folder), `__lazyExports(function () { return require("./${folder}"); }, ${JSON.stringify(names)});`);
  }
  return out;
}

if (require.main === module) {
  const lib = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'build', 'lib'));
  const entry = path.join(lib, 'index.js');
  // Every enumerable name of the built folder, as `__exportStar` would copy it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const namesOf = (folder: string): string[] => Object.keys(require(path.join(lib, folder)) as object);
  fs.writeFileSync(entry, lazyEntry(fs.readFileSync(entry, 'utf8'), namesOf));
  process.stdout.write(`${path.relative(process.cwd(), entry)}: ${LAZY_FOLDERS.join(', ')} load on first use\n`);
}
