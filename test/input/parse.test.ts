import { AliasBudget, InputError, parseDocuments } from '../../lib/input';

describe('parseDocuments', () => {
  const TEXT = [
    '# a comment before the first document', // 1
    'apiVersion: v1', // 2
    'kind: A', // 3
    'spec:', // 4
    '  list:', // 5
    '    - name: x', // 6
    '    - name: y', // 7
    '      port: 80', // 8
    '---', // 9
    '', // 10
    'kind: B', // 11
    'spec: {a: 1,', // 12
    '  b: 2}', // 13
    '--- {kind: C, spec: {c: 3}}', // 14
    '...', // 15
    '---', // 16
    '---', // 17
    '  kind: D', // 18
    '  spec:', // 19
    '    d: 4', // 20
    '',
  ].join('\n');

  test('GIVEN several documents WHEN a field is looked up THEN its line in the file is found', () => {
    const docs = parseDocuments('f.yaml', TEXT);
    expect(docs.map((d) => [d.index, d.line])).toEqual([[0, 2], [1, 11], [2, 14], [4, 18]]);
    const [a, b, c, d] = docs;
    expect(a.lineOf!('spec.list[1].port')).toBe(8);
    expect(a.lineOf!('spec.list[0]')).toBe(6);
    expect(b.lineOf!('spec.b')).toBe(13);
    expect(c.lineOf!('spec.c')).toBe(14);
    expect(d.lineOf!('spec.d')).toBe(20);
  });

  test('GIVEN a field that is absent WHEN looked up THEN the line of its nearest parent is given', () => {
    const [a] = parseDocuments('f.yaml', TEXT);
    expect(a.lineOf!('spec.list[1].missing.deeper')).toBe(7);
    expect(a.lineOf!('nothing')).toBe(2);
  });

  test('GIVEN a duplicate key in a later document WHEN parsed THEN the error names the file and line', () => {
    const text = 'kind: A\n---\nkind: B\nspec:\n  a: 1\n  a: 2\n';
    expect(() => parseDocuments('f.yaml', text)).toThrow(InputError);
    expect(() => parseDocuments('f.yaml', text)).toThrow(/^f\.yaml:6: Map keys must be unique/);
  });
});

describe('merge keys, as Kubernetes reads them (go.yaml.in/yaml/v2 behind sigs.k8s.io/yaml)', () => {
  const objectOf = (text: string): unknown => parseDocuments('f.yaml', text)[0].object;

  test('GIVEN <<: *base WHEN parsed THEN the base keys are merged and no `<<` key is left', () => {
    expect(objectOf('base: &b {host: reviews, port: 80}\nspec:\n  <<: *b\n  port: 9080\n')).toEqual({
      base: { host: 'reviews', port: 80 },
      spec: { host: 'reviews', port: 9080 },
    });
  });

  test('GIVEN keys before and after << WHEN parsed THEN the merge sets its keys where it stands (later keys win)', () => {
    expect(objectOf('b: &b {x: 1, y: 1}\nm:\n  x: 0\n  <<: *b\n  y: 2\n')).toEqual({ b: { x: 1, y: 1 }, m: { x: 1, y: 2 } });
  });

  test('GIVEN a list of mappings WHEN merged THEN earlier mappings win', () => {
    expect(objectOf('a: &a {x: 1}\nb: &b {x: 2, y: 2}\nm:\n  <<: [*a, *b]\n')).toMatchObject({ m: { x: 1, y: 2 } });
  });

  test('GIVEN a merge of a scalar WHEN parsed THEN the error names the file and the line of <<', () => {
    expect(() => parseDocuments('f.yaml', 'a: 1\nm:\n  <<: 3\n')).toThrow(/^f\.yaml:3: a merge key \(<<\) needs a mapping/);
  });
});

describe('kind: List', () => {
  const LIST = [
    'apiVersion: v1', // 1
    'kind: List', // 2
    'items:', // 3
    '- apiVersion: v1', // 4
    '  kind: A', // 5
    '  spec:', // 6
    '    x: 1', // 7
    '- {apiVersion: v1, kind: B, spec: {x: 2}}', // 8
    '',
  ].join('\n');

  test('GIVEN a List WHEN parsed THEN each item is an object of its own, with its index, path and lines', () => {
    const docs = parseDocuments('f.yaml', `a: 1\n---\n${LIST}`);
    expect(docs.map((d) => [d.index, d.line, d.path, (d.object as { kind?: string }).kind])).toEqual([
      [0, 1, undefined, undefined],
      [1, 6, 'items[0]', 'A'],
      [1, 10, 'items[1]', 'B'],
    ]);
    expect(docs[1].lineOf!('spec.x')).toBe(9);
    expect(docs[1].lineOf!('')).toBe(6);
  });
});

describe('nesting', () => {
  test('GIVEN a flow sequence nested 100,000 deep WHEN parsed THEN an InputError says it is nested too deeply', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`;
    expect(() => parseDocuments('deep.yaml', deep)).toThrow(/^deep\.yaml:1: nested too deeply/);
  });
});

describe('aliases', () => {
  const laughs = (levels: number, width: number): string => {
    const lines = [`l0: &l0 [${Array(width).fill('"lol"').join(',')}]`];
    for (let i = 1; i < levels; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(',')}]`);
    return `${lines.join('\n')}\n`;
  };

  test('GIVEN billion laughs WHEN parsed THEN a clean InputError naming the file', () => {
    expect(() => parseDocuments('bomb.yaml', laughs(9, 9))).toThrow(/^bomb\.yaml:1: aliases expand the input by more than 1000000 nodes/);
  });

  test('GIVEN a wide alias tree under any alias-count limit WHEN parsed THEN it is refused by the bound on expanded size', () => {
    // Three aliases-lists of 400: 64 million nodes from a few KB, with only 800 aliases.
    expect(() => parseDocuments('wide.yaml', laughs(3, 400))).toThrow(InputError);
  });

  test('GIVEN aliases within the budget WHEN parsed THEN they are ordinary shared values', () => {
    const [doc] = parseDocuments('f.yaml', 'a: &x {b: 1}\nc: *x\n');
    expect(doc.object).toEqual({ a: { b: 1 }, c: { b: 1 } });
  });

  test('GIVEN a budget shared by several documents WHEN they add up past it THEN the run is refused', () => {
    const budget = new AliasBudget(100);
    const text = laughs(2, 8); // 64 nodes more than spelt out
    parseDocuments('a.yaml', text, { aliasBudget: budget });
    expect(() => parseDocuments('b.yaml', text, { aliasBudget: budget })).toThrow(/^b\.yaml:1: aliases expand/);
  });
});

describe('many documents', () => {
  test('GIVEN 150,000 documents in one text WHEN parsed THEN no stack overflow and every document is kept', () => {
    const docs = parseDocuments('many.yaml', 'a\n---\n'.repeat(150_000));
    expect(docs.length).toBe(150_000);
    expect(docs[149_999]).toMatchObject({ index: 149_999, line: 299_999 });
  });
});
