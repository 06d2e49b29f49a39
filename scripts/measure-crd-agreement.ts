/**
 * Measures how often our checks agree with Istio's own CRD validation test corpus
 * (`pkg/config/validation/testdata/crds/*-valid.yaml` / `*-invalid.yaml` of an Istio checkout):
 * every document of an -invalid file must be rejected, every document of a -valid file accepted.
 *
 * Usage: npx ts-node --transpile-only scripts/measure-crd-agreement.ts [--ref 1.30.3] [--istio-version 1.30] SOURCE
 *   SOURCE  an Istio git repository (the files are read with `git show REF:...`), or a folder holding the files
 * Prints each mismatch and the score; the files are read where they are, never copied.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseAllDocuments } from 'yaml';
import { parseIstioVersion } from '../lib/core/istio-version';
import { validateObject } from '../lib/validation';
import { Severity } from '../lib/vocab';

const CORPUS = 'pkg/config/validation/testdata/crds';

function readCorpus(source: string, ref: string): Map<string, string> {
  const files = new Map<string, string>();
  if (fs.existsSync(path.join(source, CORPUS)) || fs.existsSync(path.join(source, 'HEAD')) || fs.existsSync(path.join(source, '.git'))) {
    const git = (...args: string[]) => execFileSync('git', ['-C', source, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    for (const name of git('ls-tree', '--name-only', `${ref}:${CORPUS}`).split('\n').filter((n) => n.endsWith('.yaml'))) {
      files.set(name, git('show', `${ref}:${CORPUS}/${name}`));
    }
  } else {
    for (const name of fs.readdirSync(source).filter((n) => n.endsWith('.yaml'))) files.set(name, fs.readFileSync(path.join(source, name), 'utf8'));
  }
  return files;
}

function main(): void {
  const { values, positionals } = parseArgs({
    options: { 'ref': { type: 'string', default: '1.30.3' }, 'istio-version': { type: 'string', default: '1.30' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) {
    process.stderr.write('usage: measure-crd-agreement.ts [--ref 1.30.3] [--istio-version 1.30] ISTIO_REPO_OR_FOLDER\n');
    process.exitCode = 2;
    return;
  }
  const istioVersion = parseIstioVersion(values['istio-version']!);
  const files = readCorpus(positionals[0], values.ref!);
  let total = 0;
  let agreed = 0;
  const perFile: string[] = [];
  for (const [name, text] of [...files].sort()) {
    const wantReject = /-invalid\.yaml$/.test(name);
    if (!wantReject && !/-valid\.yaml$/.test(name)) continue;
    let fileTotal = 0;
    let fileAgreed = 0;
    parseAllDocuments(text).forEach((doc, index) => {
      const object = doc.toJS() as Record<string, unknown> | null;
      if (!object) return;
      const expected = object._err;
      delete object._err;
      const errors = validateObject(object, { istioVersion }).filter((f) => f.severity === Severity.ERROR);
      const rejected = errors.length > 0;
      fileTotal++;
      if (rejected === wantReject) {
        fileAgreed++;
        return;
      }
      const meta = object.metadata as { name?: string } | undefined;
      process.stdout.write(`MISMATCH ${name}#${index} ${String(object.kind)}/${meta?.name ?? '?'}: Istio ${wantReject ? 'rejects' : 'accepts'}`
        + `${expected ? ` (${String(expected)})` : ''}, we ${rejected ? `reject: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}` : 'accept'}\n`);
    });
    total += fileTotal;
    agreed += fileAgreed;
    perFile.push(`  ${name}: ${fileAgreed}/${fileTotal}`);
  }
  process.stdout.write(`${perFile.join('\n')}\n`);
  const score = total === 0 ? 0 : (100 * agreed) / total;
  process.stdout.write(`agreement: ${agreed}/${total} verdicts = ${score.toFixed(1)}%\n`);
}

main();
