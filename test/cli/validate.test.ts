import * as path from 'path';
import { BAD_DR, GOOD_VS, run, SERVICE, writeFiles } from './helpers';

const KEYS = ['file', 'index', 'apiVersion', 'kind', 'name', 'namespace', 'severity', 'code', 'path', 'message'];

describe('cdk8s-istio validate', () => {
  test('exit 0 and a summary when every Istio object is clean; other documents are skipped and counted', async () => {
    const dir = writeFiles({ 'app.yaml': `${SERVICE}---\n${GOOD_VS}` });
    const r = await run('validate', path.join(dir, 'app.yaml'));
    expect(r).toEqual({ code: 0, stdout: 'Istio 1.30: 1 Istio object checked, 1 other document skipped, 0 errors, 0 warnings\n', stderr: '' });
  });

  test('exit 1 with file:line kind/namespace/name [severity code] path: message (hint)', async () => {
    const dir = writeFiles({ 'a/dr.yaml': BAD_DR, 'a/vs.yml': GOOD_VS, 'a/notes.txt': 'not yaml: [' });
    const r = await run('validate', dir);
    const file = path.join(dir, 'a', 'dr.yaml');
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `${file}:10 DestinationRule/reviews [error CIS1002] spec.trafficPolicy.connectionPool.http.interval: unknown field "interval" `
      + '("interval" is a field of outlierDetection or tcpKeepalive, not of http: move it, e.g. to spec.trafficPolicy.outlierDetection.interval)',
      'Istio 1.30: 2 Istio objects checked, 0 other documents skipped, 1 error, 0 warnings',
      '',
    ]);
  });

  test('--format json prints one object per finding with the contract keys first', async () => {
    const dir = writeFiles({ 'dr.yaml': `${SERVICE}---\n${BAD_DR}` });
    const file = path.join(dir, 'dr.yaml');
    const r = await run('validate', '--format', 'json', file);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(Object.keys(lines[0]).slice(0, KEYS.length)).toEqual(KEYS);
    expect(lines[0]).toMatchObject({
      file,
      index: 1,
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      name: 'reviews',
      namespace: null,
      severity: 'error',
      code: 'CIS1002',
      path: 'spec.trafficPolicy.connectionPool.http.interval',
      message: 'unknown field "interval"',
      line: 18,
    });
    expect(r.stderr).toContain('1 error');
  });

  test('--istio-version selects the release', async () => {
    const dir = writeFiles({ 'te.yaml': 'apiVersion: extensions.istio.io/v1alpha1\nkind: TrafficExtension\nmetadata: {name: t}\nspec:\n  lua: {inlineCode: "x"}\n' });
    expect((await run('validate', path.join(dir, 'te.yaml'))).code).toBe(0);
    const old = await run('validate', '--istio-version', '1.29', path.join(dir, 'te.yaml'));
    expect(old.code).toBe(1);
    expect(old.stdout).toContain('[error CIS1001] kind: TrafficExtension is not served by Istio 1.29 (it was added in Istio 1.30)');
  });

  test('--disable drops codes', async () => {
    const dir = writeFiles({ 'dr.yaml': BAD_DR });
    expect((await run('validate', '--disable', 'CIS1002', path.join(dir, 'dr.yaml'))).code).toBe(0);
  });

  test('exit 2 with file:line for a YAML parse error', async () => {
    const dir = writeFiles({ 'ok.yaml': GOOD_VS, 'bad.yaml': 'apiVersion: v1\nkind: [Service\nmetadata: {}\n' });
    const r = await run('validate', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-istio validate: ${path.join(dir, 'bad.yaml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: `));
    expect(r.stdout).toBe('');
  });

  test.each([
    [['validate'], /give at least one file or folder/],
    [['validate', '--format', 'xml', 'x'], /--format must be text or json/],
    [['validate', '--istio-version', '1.32', 'x'], /Unsupported Istio version '1.32'/],
    [['validate', '--nope', 'x'], /Unknown option '--nope'/],
    [['validate', '/no/such/file.yaml'], /\/no\/such\/file.yaml: no such file or folder/],
  ])('exit 2 for %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--help prints the usage and exits 0', async () => {
    const r = await run('validate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-istio validate [--istio-version 1.30] [--gateway-api-channel standard|experimental] [--format text|json]');
  });

  test('the command list names validate and analyze', async () => {
    const r = await run('--help');
    expect(r.stdout).toMatch(/validate .*\n\s+analyze /);
  });
});
