import { InputError, parseDocuments } from '../../lib/cli/load';

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
