import * as path from 'path';
import { BAD_DR, GOOD_VS, run, SERVICE, writeFiles } from './helpers';

describe('cdk8s-istio analyze', () => {
  test('reports per-object errors as IST0106 with our code as detail', async () => {
    const dir = writeFiles({ 'all.yaml': `${SERVICE}---\n${GOOD_VS}---\n${BAD_DR}` });
    const file = path.join(dir, 'all.yaml');
    const text = await run('analyze', file);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${file}:29 DestinationRule/reviews [error IST0106 CIS1002] spec.trafficPolicy.connectionPool.http.interval: Schema validation error: unknown field "interval"`);
    expect(text.stdout).toContain('Istio 1.30: 2 Istio objects checked, 1 other document skipped, 1 error, 0 warnings');
    const json = await run('analyze', '--format', 'json', file);
    const [finding] = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(finding).toMatchObject({ index: 2, kind: 'DestinationRule', code: 'IST0106', detail: 'CIS1002', severity: 'error' });
  });

  test('exit 0 on clean files; the suppress annotation works with either code', async () => {
    const suppressed = BAD_DR.replace('  name: reviews\n', '  name: reviews\n  annotations:\n    galley.istio.io/analyze-suppress: IST0106\n');
    const dir = writeFiles({ 'a.yaml': GOOD_VS, 'b.yaml': suppressed });
    const r = await run('analyze', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[info IST0106 CIS1002]');
    expect(r.stdout).toContain('[suppressed by annotation galley.istio.io/analyze-suppress]');
    expect(r.stdout).toContain('0 errors, 0 warnings, 1 suppressed');
  });

  test('usage errors exit 2', async () => {
    expect((await run('analyze')).code).toBe(2);
  });
});
