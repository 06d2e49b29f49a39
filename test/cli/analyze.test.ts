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
    const dir = writeFiles({ 'a.yaml': `${SERVICE}---\n${GOOD_VS}`, 'b.yaml': suppressed });
    const r = await run('analyze', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[info IST0106 CIS1002]');
    expect(r.stdout).toContain('[suppressed by annotation galley.istio.io/analyze-suppress]');
    expect(r.stdout).toContain('0 errors, 0 warnings, 1 suppressed');
  });

  // pkg/config/analysis/analyzers/schema/validation.go (Istio 1.30.3), morePreciseMessage: the webhook's unreachable-rule
  // warnings become IST0130/IST0131, never IST0133 beside them.
  test('an unreachable rule is reported once, as IST0130, and an overlapping match once, as IST0131', async () => {
    const route = '{ route: [{ destination: { host: reviews } }] }';
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http:
    - { match: [{ uri: { prefix: /a } }], route: [{ destination: { host: reviews } }] }
    - { match: [{ uri: { prefix: /a } }, { uri: { prefix: /b } }], route: [{ destination: { host: reviews } }] }
    - ${route}
    - ${route}
`;
    const dir = writeFiles({ 'vs.yaml': `${SERVICE}---\n${vs}` });
    const json = await run('analyze', '--format', 'json', dir);
    const codes = json.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((f) => `${f.code} ${f.path}`);
    expect(codes).toEqual(['IST0131 spec.http[1].match[0]', 'IST0130 spec.http[3]']);
  });

  test('usage errors exit 2', async () => {
    expect((await run('analyze')).code).toBe(2);
  });
});
