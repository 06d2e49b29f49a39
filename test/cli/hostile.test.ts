import * as fs from 'fs';
import * as path from 'path';
import { BAD_DR, GOOD_VS, run, writeFiles } from './helpers';
import { findingJson, sortFindings, writeFindings } from '../../lib/cli/report';
import { Finding, Severity } from '../../lib/vocab/finding';

/** No stack trace, no raw `Error:` line: what every run must hold to, whatever the input. */
function expectClean(stderr: string): void {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/^(?:\w*Error|Error):/m);
  expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

const GARBAGE = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xd8, 0x0a, 0x3a, 0x2d]);

describe.each(['validate', 'analyze'])('%s on hostile input', (command) => {
  test('GIVEN binary garbage THEN exit 2, "not YAML", naming the file', async () => {
    const dir = writeFiles({});
    fs.writeFileSync(path.join(dir, 'x.yaml'), GARBAGE);
    const r = await run(command, path.join(dir, 'x.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'x.yaml')}: not YAML`);
    expectClean(r.stderr);
  });

  test('GIVEN billion laughs THEN exit 2 with the file name', async () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [p, c] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f'], ['f', 'g'], ['g', 'h'], ['h', 'i']]) lines.push(`${c}: &${c} [${Array(9).fill(`*${p}`).join(',')}]`);
    const dir = writeFiles({ 'bomb.yaml': `${lines.join('\n')}\n` });
    const r = await run(command, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.yaml:1: aliases expand the input by more than/);
    expectClean(r.stderr);
  });

  test('GIVEN a dangling symlink in a folder THEN exit 2 and one line', async () => {
    const dir = writeFiles({ 'vs.yaml': GOOD_VS });
    fs.symlinkSync(path.join(dir, 'gone.yaml'), path.join(dir, 'link.yaml'));
    const r = await run(command, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('dangling symlink');
    expectClean(r.stderr);
  });

  test('GIVEN a kind: List (kubectl get -o yaml) THEN its items are checked, with file, index, path and line', async () => {
    const item = (text: string): string => text.trim().split('\n').map((l, i) => `${i === 0 ? '- ' : '  '}${l}`).join('\n');
    const dir = writeFiles({ 'list.yaml': `apiVersion: v1\nkind: List\nitems:\n${item(GOOD_VS)}\n${item(BAD_DR)}\n` });
    const r = await run(command, '--format', 'json', dir);
    expect(r.code).toBe(1);
    const findings = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const bad = findings.find((f) => f.kind === 'DestinationRule' && /interval/.test(f.path));
    // The second item (BAD_DR) starts at line 14 of the file; its `interval:` is its 10th line.
    expect(bad).toMatchObject({ file: path.join(dir, 'list.yaml'), index: 0, line: 23, path: 'items[1].spec.trafficPolicy.connectionPool.http.interval' });
  });
});

describe('merge keys', () => {
  const MERGED = `base: &base
  host: reviews
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: shop}
spec:
  <<: {host: reviews}
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`;

  test('GIVEN a spec with <<: WHEN validated THEN it is merged, no false wrong-type finding', async () => {
    const dir = writeFiles({ 'dr.yaml': MERGED });
    const r = await run('validate', '--format', 'json', dir);
    expect(r.stdout).not.toContain('<<');
    expect(r.code).toBe(0);
  });

  test('GIVEN a merged spec that changes WHEN diffed THEN the merged field is compared, no [object Object]', async () => {
    const dir = writeFiles({ 'old/dr.yaml': MERGED, 'new/dr.yaml': MERGED.replace('<<: {host: reviews}', '<<: {host: ratings}') });
    const r = await run('diff', path.join(dir, 'old'), path.join(dir, 'new'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ratings');
    expect(r.stdout).not.toContain('[object Object]');
    expect(r.stdout).not.toContain('<<');
  });
});

describe('diff on hostile input', () => {
  test('GIVEN binary garbage on one side THEN exit 2, "not YAML"', async () => {
    const dir = writeFiles({ 'old/a.yaml': GOOD_VS });
    fs.mkdirSync(path.join(dir, 'new'));
    fs.writeFileSync(path.join(dir, 'new', 'a.yaml'), GARBAGE);
    const r = await run('diff', path.join(dir, 'old'), path.join(dir, 'new'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not YAML');
    expectClean(r.stderr);
  });
});

describe('many findings', () => {
  // 200,000 findings: more than a call can take as arguments (a spread into push or Math.max would throw
  // RangeError), printed in bounded writes rather than one string (a million findings of JSON pass the
  // longest string V8 holds). bench/findings.ts runs a million through the same path.
  const count = 200_000;
  const many: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const n = (i * 7919) % count;
    many.push({ severity: n % 2 ? Severity.WARNING : Severity.ERROR, code: 'IST0101', path: 'spec', message: `m${n}`, file: `f${n % 100}.yaml`, index: n });
  }
  const lineOf = (f: Finding) => f.index! + 1;

  test('GIVEN 200,000 findings THEN they are sorted by file and line, byte-wise, and written in chunks, as text and JSON', () => {
    const ordered = sortFindings(many, lineOf);
    expect(ordered).toHaveLength(count);
    expect(ordered[0]).toMatchObject({ file: 'f0.yaml', index: 0 });
    expect(ordered[count - 1]).toMatchObject({ file: 'f99.yaml', index: count - 1 });
    // JSON for a tenth of them (the same chunking; the slower format kept the test fast).
    for (const [format, some] of [['text', ordered], ['json', ordered.slice(0, count / 10)]] as const) {
      const writes: string[] = [];
      writeFindings(some, format, lineOf, { stdout: (s) => writes.push(s), stderr: () => {} });
      expect(writes.length).toBeGreaterThan(1);
      expect(writes.reduce((n, w) => n + w.split('\n').length - 1, 0)).toBe(some.length);
      expect(writes[0].split('\n')[0]).toBe(format === 'json'
        ? JSON.stringify(findingJson(ordered[0], 1))
        : 'f0.yaml:1 [error IST0101] spec: m0');
    }
  });
});
