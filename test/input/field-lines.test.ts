import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { composedLines, readerLines, syntaxLines, UNSURE } from '../../lib/input/field-lines';
import { splitDocuments } from '../../lib/input/split';

const ROOT = path.join(__dirname, '..', '..');

/** Every field path of a value (keys and list indexes), and a missing field under each map and list. */
function pathsOf(value: unknown, at = '', out: string[] = []): string[] {
  out.push(at);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, `${at}[${i}]`, out));
    out.push(`${at}[${value.length}]`);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) ? (at ? `${at}.${k}` : k) : `${at}[${JSON.stringify(k)}]`, out);
    out.push(at ? `${at}.notThere` : 'notThere');
  }
  return out;
}

/**
 * Compares the syntax tree's and js-yaml's lines with the composed document's for every path of every
 * document; the share each answers without composing.
 */
function compare(text: string): { paths: number; sure: number; read: number } {
  let paths = 0;
  let sure = 0;
  let read = 0;
  for (const raw of splitDocuments('file.yaml', text)) {
    let value: unknown;
    try {
      value = parse(raw.text, { uniqueKeys: false });
    } catch {
      continue;
    }
    const tree = syntaxLines(raw.text);
    const reader = readerLines(raw.text);
    const composed = composedLines(raw.text);
    for (const p of pathsOf(value)) {
      paths++;
      const readLine = reader ? reader.lineOf(p) : UNSURE;
      if (readLine !== UNSURE) {
        read++;
        expect({ path: p, read: readLine }).toEqual({ path: p, read: composed(p) });
      }
      const line = tree ? tree.lineOf(p) : UNSURE;
      if (line === UNSURE) continue;
      sure++;
      expect({ path: p, line }).toEqual({ path: p, line: composed(p) });
    }
  }
  return { paths, sure, read };
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}

describe('field lines from the syntax tree (issue 21: validate finds the lines of findings without composing their documents)', () => {
  test('the same line as the composed document for every field of the examples\' output and Istio\'s valid examples', () => {
    const files = [...yamlFiles(path.join(ROOT, 'examples')).filter((f) => f.includes(`${path.sep}dist${path.sep}`)), ...yamlFiles(path.join(ROOT, 'data', 'istio', '1.30.3', 'valid-examples'))];
    expect(files.length).toBeGreaterThan(20);
    let paths = 0;
    let sure = 0;
    let read = 0;
    for (const file of files) {
      const r = compare(fs.readFileSync(file, 'utf8'));
      paths += r.paths;
      sure += r.sure;
      read += r.read;
    }
    expect(paths).toBeGreaterThan(5_000);
    // Kubernetes YAML is block maps and lists: nearly every line comes from the syntax tree, and from js-yaml's reading.
    expect(sure / paths).toBeGreaterThan(0.9);
    expect(read / paths).toBeGreaterThan(0.9);
  });

  test('the same line as the composed document, or no answer, for any YAML of any style (property)', () => {
    const key = fc.oneof(fc.constantFrom('a', 'spec', 'app.kubernetes.io/name', '1', '0x1F', 'true', 'null', '~', 'x y', '-a', '', '"q"', "it's", 'k:v', '#c', '&a'), fc.string({ maxLength: 4 }));
    const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('multi\nline', '*', '&x', '- a', '{a}', 'a: b'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    const options = fc.record({
      indent: fc.constantFrom(2, 4),
      collectionStyle: fc.constantFrom('any', 'block', 'flow') as fc.Arbitrary<'any' | 'block' | 'flow'>,
      indentSeq: fc.boolean(),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_SINGLE', 'QUOTE_DOUBLE', 'BLOCK_LITERAL') as fc.Arbitrary<'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL'>,
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE') as fc.Arbitrary<null | 'PLAIN' | 'QUOTE_DOUBLE'>,
    });
    fc.assert(fc.property(fc.dictionary(key, value, { maxKeys: 5 }), options, fc.boolean(), (doc, opts, comments) => {
      let text = stringify(doc, opts);
      // Comment lines between the lines shift every line after them.
      if (comments) text = text.replace(/\n(?=\S)/g, '\n# a comment\n');
      compare(text);
    }), { numRuns: 300 });
  });

  test('anchors, tags, flow collections and explicit keys are left to the composed document', () => {
    const text = 'a: &x\n  b: 1\nc: *x\nd: {e: 1}\n? f\n: 2\n';
    const tree = syntaxLines(text)!;
    expect(tree.lineOf('a.b')).toBe(UNSURE);
    expect(tree.lineOf('d.e')).toBe(UNSURE);
    expect(syntaxLines('--- !tag\na: 1\n')).toBeNull();
    expect(readerLines(text)).toBeNull();
    compare(text);
  });

  test('js-yaml\'s reading answers block YAML, and leaves flow collections, explicit keys and empty items to the others', () => {
    const text = [
      'a:', '  # a comment', '  b:', '    - x', '    -', '      c: 1', '    - - y', '      - z', 'd: {e: 1}', 'f: [1, 2]',
      '? g', ': 2', '"h i": |', '  text', '  more', 'j:', '- 1', '-', 'k: 3',
    ].join('\n') + '\n';
    const reader = readerLines(text)!;
    expect(reader.lineOf('a')).toBe(1);
    expect(reader.lineOf('a.b[1]')).toBe(6);
    expect(reader.lineOf('a.b[1].c')).toBe(6);
    expect(reader.lineOf('a.b[2][1]')).toBe(8);
    expect(reader.lineOf('a.b[9]')).toBe(3);
    expect(reader.lineOf('d.e')).toBe(UNSURE);
    expect(reader.lineOf('f[0]')).toBe(UNSURE);
    expect(reader.lineOf('k')).toBe(19);
    expect(readerLines('a: 1\n? b\n? c\n')!.lineOf('a')).toBe(UNSURE);
    expect(readerLines('- a\n-\n- b\n')!.lineOf('[2]')).toBe(UNSURE);
    expect(readerLines('a: &x 1\n')).toBeNull();
    expect(readerLines('a: 1\ra: 2\n')).toBeNull();
    expect(readerLines('a: [\n')).toBeNull();
    compare(text);
    // Windows line ends: the same lines.
    expect(compare(text.replace(/\n/g, '\r\n')).read).toBeGreaterThan(10);
  });
});
