/**
 * Drops the comments from the JavaScript tsc emitted, for the package's size (issue 19: under 6 MB unpacked):
 * users read our JSDoc and the generated classes' docs in the .d.ts files, which keep them; in the .js files
 * they were a quarter of the bytes. (The time `require()` takes did not change: bench/README.md.) tsc's
 * `removeComments` would strip the .d.ts too. The files are re-printed by TypeScript's printer, so they no
 * longer follow the .ts lines; no source maps ship, and stack traces point at build/*.js.
 *
 * Run by `npx projen compile` after tsc. Idempotent (a stripped file prints the same). A file the printer
 * would make longer (generated code without comments, such as the precompiled validators) stays as it is.
 *
 * Usage: ts-node --transpile-only scripts/strip-comments.ts DIR...   (every .js file under each DIR)
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** `js` without its comments (all of them: lib/ and imports/ have no license headers). */
export function stripComments(js: string): string {
  const source = ts.createSourceFile('file.js', js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return jsFiles(p);
    return e.isFile() && e.name.endsWith('.js') ? [p] : [];
  });
}

if (require.main === module) {
  let before = 0;
  let after = 0;
  for (const dir of process.argv.slice(2)) {
    for (const file of jsFiles(dir)) {
      const js = fs.readFileSync(file, 'utf8');
      // Generated code without comments (the precompiled validators) would only grow by the printer's layout.
      const stripped = stripComments(js);
      const kept = stripped.length < js.length ? stripped : js;
      before += Buffer.byteLength(js);
      after += Buffer.byteLength(kept);
      if (kept !== js) fs.writeFileSync(file, kept);
    }
  }
  process.stdout.write(`comments stripped from the emitted JavaScript: ${Math.round(before / 1024)} KB -> ${Math.round(after / 1024)} KB\n`);
}
