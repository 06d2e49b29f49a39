import { stripComments } from '../../scripts/strip-comments';

// The build strips comments from the emitted JavaScript (scripts/strip-comments.ts); the code must stay the same.
describe('stripComments', () => {
  const js = [
    '"use strict";',
    '/** The answer. */',
    'exports.answer = 42; // trailing',
    '/* block */ exports.url = "https://example.com/* not a comment */"; ',
    'exports.re = /\\/\\/[a-z]+/g;',
    'exports.tpl = (x) => `// ${x} /* */`;',
    '',
  ].join('\n');

  test('drops JSDoc, line and block comments and keeps strings, regular expressions and templates', () => {
    const out = stripComments(js);
    expect(out).not.toMatch(/The answer|trailing|block \*\//);
    const run = (code: string) => {
      const module = { exports: {} as Record<string, unknown> };
      new Function('exports', code)(module.exports);
      return module.exports as { answer: number; url: string; re: RegExp; tpl: (x: string) => string };
    };
    const before = run(js);
    const after = run(out);
    expect([after.answer, after.url, after.re.source, after.tpl('a')]).toEqual([before.answer, before.url, before.re.source, before.tpl('a')]);
    expect(after.tpl('a')).toBe('// a /* */');
  });

  test('is idempotent: the build strips files tsc --build left as they were', () => {
    expect(stripComments(stripComments(js))).toBe(stripComments(js));
  });
});
