import * as fs from 'fs';
import * as path from 'path';

/** The folder of the benches' machine-readable results (not committed: bench/README.md records runs). */
export const RESULTS_DIR = path.join(__dirname, 'results');

/** Writes one bench's result to `bench/results/<name>.json`. */
export function writeResult(name: string, result: unknown): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
