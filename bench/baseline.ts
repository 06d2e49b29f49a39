/**
 * "Today's build" for the CLI targets of issue 21: the repository at BASELINE_COMMIT (the end of the
 * first wave, before lib/input: every document parsed by the `yaml` package, its AST kept for line
 * numbers), extracted with `git archive` into the temp folder and compiled there once, with this
 * checkout's node_modules. Later runs reuse it, so every run compares against the same code.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The first wave's last commit: `validate` as the issue measured it. */
export const BASELINE_COMMIT = 'a18488c';

const ROOT = path.resolve(__dirname, '..');

/** The baseline checkout's folder, built on first use: run `node <dir>/bin/cdk8s-istio`. */
export function baselineBuild(): string {
  const dir = path.join(os.tmpdir(), `cdk8s-istio-bench-${BASELINE_COMMIT}`);
  if (fs.existsSync(path.join(dir, 'build', 'lib', 'cli', 'index.js'))) return dir;
  process.stderr.write(`building the baseline (${BASELINE_COMMIT}) in ${dir} (once, about a minute)\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  execSync(`git -C ${JSON.stringify(ROOT)} archive ${BASELINE_COMMIT} | tar -x -C ${JSON.stringify(dir)}`, { stdio: 'inherit' });
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
  execFileSync('npx', ['projen', 'compile'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return dir;
}
