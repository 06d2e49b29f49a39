import * as path from 'path';
import { BAD_DR, GOOD_VS, SERVICE, writeFiles } from './helpers';
import { main } from '../../lib/cli';
import { CliIo } from '../../lib/cli/main';
import { PROGRESS_AFTER_MS } from '../../lib/cli/progress';

/** Runs the CLI in-process with a terminal on stderr (or not) and a clock that advances `step` ms per reading. */
async function runWith(options: { tty: boolean; step: number }, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let t = 0;
  const io: CliIo = {
    stdout: (s) => { stdout += s; },
    stderr: (s) => { stderr += s; },
    stderrIsTTY: options.tty,
    now: () => (t += options.step),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const SLOW = PROGRESS_AFTER_MS; // each reading of the clock: the run is past the threshold at once
const CLEAR = '\r\x1b[K';

describe('progress on stderr (issue 21)', () => {
  const dir = writeFiles({ 'a/svc.yaml': SERVICE, 'a/vs.yaml': GOOD_VS, 'b/dr.yaml': BAD_DR });

  test.each(['validate', 'analyze'])('%s: a long run on a terminal shows files, objects and checks done, then clears the line before the findings', async (command) => {
    const r = await runWith({ tty: true, step: SLOW }, command, dir);
    expect(r.stderr).toContain(`${CLEAR}cdk8s-istio ${command}: 1/3 files, 1 object read`);
    expect(r.stderr).toContain(`${CLEAR}cdk8s-istio ${command}: 3/3 files, 3 objects read`);
    expect(r.stderr).toContain(`${CLEAR}cdk8s-istio ${command}: 2/3 objects checked`);
    if (command === 'analyze') expect(r.stderr).toContain('3 objects checked, analyzing across resources');
    expect(r.stderr.endsWith(CLEAR)).toBe(true);
    // The findings and the exit code are those of a run without progress.
    expect(r).toEqual({ ...(await runWith({ tty: false, step: SLOW }, command, dir)), stderr: r.stderr });
  });

  test('one big file shows the objects read every 1,000 documents', async () => {
    const big = writeFiles({ 'big.yaml': 'kind: Note\n---\n'.repeat(2500) });
    const r = await runWith({ tty: true, step: SLOW }, 'validate', big);
    expect(r.stderr).toContain('0/1 file, 1000 objects read');
    expect(r.stderr).toContain('0/1 file, 2000 objects read');
    expect(r.stdout).toBe('Istio 1.30: 0 Istio objects checked, 2500 other documents skipped, 0 errors, 0 warnings\n');
  });

  test('nothing while the run is shorter than the threshold', async () => {
    const r = await runWith({ tty: true, step: 0 }, 'validate', dir);
    expect(r.stderr).toBe('');
  });

  test('never when stderr is not a terminal', async () => {
    const r = await runWith({ tty: false, step: SLOW }, 'validate', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  });

  test('never with --format json: stderr holds the summary only', async () => {
    const r = await runWith({ tty: true, step: SLOW }, 'validate', '--format', 'json', dir);
    expect(r.stderr).toBe('Istio 1.30: 2 Istio objects checked, 1 other document skipped, 1 error, 0 warnings\n');
    const d = await runWith({ tty: true, step: SLOW }, 'diff', '--format', 'json', path.join(dir, 'a'), path.join(dir, 'b'));
    expect(d.stderr).toBe('');
  });

  test('diff shows the files read of both sides', async () => {
    const r = await runWith({ tty: true, step: SLOW }, 'diff', path.join(dir, 'a'), path.join(dir, 'b'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${CLEAR}cdk8s-istio diff: 3/3 files, 3 objects read`);
    expect(r.stderr.endsWith(CLEAR)).toBe(true);
    expect(r.stdout).not.toContain(CLEAR);
  });

  test('a run that fails on its input clears the line before the error', async () => {
    const bad = writeFiles({ 'ok.yaml': SERVICE, 'z.yaml': 'a: [\n' });
    const r = await runWith({ tty: true, step: SLOW }, 'validate', bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`\\r\\x1b\\[Kcdk8s-istio validate: ${path.join(bad, 'z.yaml').replace(/[/.]/g, '\\$&')}:2: `));
  });
});
