import * as fs from 'fs';
import * as path from 'path';

// The README is shown on the repository host and on npm. Its links to the repository's files are
// relative: npm resolves them against package.json's `repository` (see "Releasing" in the README), so
// each must name a file of the repository; absolute links are only for sites that are known.
const ROOT = path.join(__dirname, '..', '..');

function links(markdown: string): string[] {
  const found: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) found.push(m[1]);
  return found;
}

test('every relative link of the README names a file of the repository', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const relative = links(readme).filter((l) => !/^[a-z]+:/.test(l) && !l.startsWith('#'));
  expect(relative.length).toBeGreaterThan(5);
  const missing = relative.map((l) => l.split('#')[0]).filter((l) => !fs.existsSync(path.join(ROOT, l)));
  expect(missing).toEqual([]);
});

test('no link of the README points at a repository host guessed for this project', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const known = [pkg.repository?.url ?? pkg.repository, pkg.homepage].filter((u): u is string => typeof u === 'string')
    .map((u) => u.replace(/^git\+/, '').replace(/\.git$/, ''));
  const hosted = links(readme).filter((l) => /^https:\/\/(github\.com|gitlab\.com|bitbucket\.org)\//.test(l));
  expect(hosted.filter((l) => !known.some((k) => l.startsWith(k)))).toEqual([]);
});
