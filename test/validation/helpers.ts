import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Finding, Severity } from '../../lib/vocab';

/** Istio's CRDs and examples kept in the repo (data/istio, from ../shared/istio by `npx projen update-data`). */
export const DATA_ISTIO = path.resolve(__dirname, '..', '..', 'data', 'istio');

/** Every YAML file under a folder, sorted. */
export function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir).sort().flatMap((f) => {
    const p = path.join(dir, f);
    return fs.statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(f) ? [p] : [];
  });
}

/** Every non-empty document of a YAML file. */
export function documents(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
}

/** Errors only, as `path: message` lines (readable in a failed expectation). */
export function errorLines(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.severity === Severity.ERROR).map((f) => `${f.code} ${f.path}: ${f.message}`);
}
