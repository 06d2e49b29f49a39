import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Document, parseAllDocuments, stringify } from 'yaml';
import { parseDocuments } from '../../lib/input';

/*
 * The loader reads documents with js-yaml (fast) and falls back to the `yaml` package; both must give
 * the objects the `yaml` package alone gives (YAML 1.2 core schema), or fail where it fails.
 */
function reference(text: string): unknown[] | 'error' {
  const docs = parseAllDocuments(text, { uniqueKeys: true }) as Document[];
  if (docs.some((d) => d.errors.length > 0)) return 'error';
  return docs.map((d) => d.toJS()).filter((v) => v !== null && v !== undefined);
}

function loaded(text: string): unknown[] | 'error' {
  try {
    return parseDocuments('f.yaml', text).map((d) => d.object);
  } catch {
    return 'error';
  }
}

const SCALARS = [
  '~', 'null', 'Null', 'NULL', '', 'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0o17', '017', '0x1F', '0x', '0o8', '1_000', '+12', '-0', '0', '1.0', '1.', '.5', '+.5', '-.5e+3', '1e3', '1E-3', '1e',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '0b101', '12:30', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '99999999999999999999',
  '"12"', "'x'", '"a\\tb \\u00e9"', "'it''s'", 'a b', '-', '=', '<<x', '@', '`', 'x#y', 'x #y',
];

describe('the fast loader reads YAML as the yaml package does', () => {
  test.each(SCALARS)('GIVEN the plain scalar %j as a value, a list item and a key THEN the same objects', (s) => {
    const text = `v: ${s}\nl: [${s === '' ? '""' : s}]\n${s === '' ? '""' : s}: k\n`;
    expect(loaded(text)).toEqual(reference(text));
  });

  test.each([
    'a: |\n  x\n  y\n\nb: >-\n  p\n  q\nc: |+\n  k\n\n',
    'a: plain\n  multi line\nb: "dq \\x41"\n',
    'a: &x {b: 1}\nc: *x\nd: [*x, *x]\n',
    '- a\n- - b\n  - c\n- {d: e}\n',
    'a: !!str 12\nb: !!int "12"\nc: !!float 1\nd: !custom x\n',
    '? a\n: b\n? [x, y]\n: z\n',
    '__proto__: {a: 1}\nb: 2\n',
    '1: a\n"1": b\n',
    'a: 1\na: 2\n',
    'a:\n\tb: 1\n',
    'a: [1, 2\n',
    '# only a comment\n',
    'x\n---\n- y\n--- |\n  z\n---\n"w"\n',
    '%YAML 1.2\n---\na: 1\n...\n---\nb: 2\n',
    '# header\n---\na: 1\n',
  ])('GIVEN %j THEN the same objects or the same failure', (text) => {
    expect(loaded(text)).toEqual(reference(text));
  });

  test('GIVEN any JSON-like value written as YAML THEN the same objects (property)', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), fc.boolean(), (value, flow) => {
      const text = stringify(value, flow ? { collectionStyle: 'flow' } : {});
      expect(loaded(text)).toEqual(reference(text));
    }), { numRuns: 300 });
  });

  test('GIVEN Istio\'s valid examples and CRDs THEN the same objects', () => {
    const root = path.join(__dirname, '..', '..', 'data', 'istio');
    const files = [path.join(root, '1.30.3', 'crd-all.gen.yaml')];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (/\.ya?ml$/.test(e.name)) files.push(path.join(dir, e.name));
      }
    };
    walk(path.join(root, '1.30.3', 'valid-examples'));
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect([file, loaded(text)]).toEqual([file, reference(text)]);
    }
  });
});
