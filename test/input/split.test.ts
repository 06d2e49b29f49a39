import { splitDocuments } from '../../lib/input';

describe('splitDocuments', () => {
  test('cuts at --- lines, with the line where each document starts', () => {
    expect(splitDocuments('f.yaml', '# header\na: 1\n---\nb: 2\n--- # c\nc: 3\n---\n')).toEqual([
      { file: 'f.yaml', index: 0, line: 1, text: '# header\na: 1\n' },
      { file: 'f.yaml', index: 1, line: 4, text: 'b: 2\n' },
      { file: 'f.yaml', index: 2, line: 5, text: '--- # c\nc: 3\n' },
      { file: 'f.yaml', index: 3, line: 8, text: '' },
    ]);
  });

  test('comments before the first --- are no document of their own (a license header)', () => {
    expect(splitDocuments('f.yaml', '# license\n\n---\na: 1\n---\nb: 2\n')).toEqual([
      { file: 'f.yaml', index: 0, line: 4, text: 'a: 1\n' },
      { file: 'f.yaml', index: 1, line: 6, text: 'b: 2\n' },
    ]);
  });

  test('keeps a file whole when it has directives or ... markers; --- inside a word is no marker', () => {
    const directive = '%YAML 1.2\n---\na: 1\n';
    expect(splitDocuments('f.yaml', directive)).toEqual([{ file: 'f.yaml', index: 0, line: 1, text: directive, whole: true }]);
    const ended = 'a: 1\n...\n---\nb: 2\n';
    expect(splitDocuments('f.yaml', ended)).toEqual([{ file: 'f.yaml', index: 0, line: 1, text: ended, whole: true }]);
    expect(splitDocuments('f.yaml', 'a: |\n  x\n---b: 1\n')).toEqual([{ file: 'f.yaml', index: 0, line: 1, text: 'a: |\n  x\n---b: 1\n' }]);
    // Each call starts from the beginning of its text, whatever the previous call returned.
    splitDocuments('f.yaml', 'a: 1\nb: 2\nc: 3\nd: 4\n...\n');
    expect(splitDocuments('g.yaml', 'a: 1\n---\nb: 2\n').map((d) => d.text)).toEqual(['a: 1\n', 'b: 2\n']);
  });
});
