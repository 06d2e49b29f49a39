import * as fs from 'fs';
import * as path from 'path';
import { run, writeFiles } from '../cli/helpers';

const BOOKINFO = path.join(__dirname, '..', '..', 'examples', 'bookinfo', 'dist');

describe('cdk8s-istio graph', () => {
  test('Mermaid by default, on files or folders', async () => {
    const r = await run('graph', BOOKINFO);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^---\ntitle: mesh\n---\nflowchart LR\n/);
    expect(r.stdout).toContain('host reviews.bookinfo');
  });

  test('--format dot, --namespace and --focus cut the picture', async () => {
    const r = await run('graph', '--format', 'dot', '--focus', 'ratings', BOOKINFO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('digraph "mesh · around ratings"');
    expect(r.stdout).toContain('"workload:bookinfo/ratings-v1"');
    expect(r.stdout).not.toContain('"workload:bookinfo/reviews-v1"');
    expect((await run('graph', '-n', 'bookinfo', BOOKINFO)).code).toBe(0);
  });

  test('--output writes the file; svg and html are the same bytes every run', async () => {
    const dir = writeFiles({});
    const out = path.join(dir, 'mesh.html');
    expect((await run('graph', '--format', 'html', '--output', out, BOOKINFO)).code).toBe(0);
    const first = fs.readFileSync(out, 'utf8');
    expect((await run('graph', '--format', 'html', '--output', out, BOOKINFO)).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(first);
  });

  test('exit 2: usage, unknown format, missing file, YAML error, unknown namespace or host', async () => {
    const bad = writeFiles({ 'bad.yaml': 'a: [1\n' });
    const cases: Array<[string[], RegExp]> = [
      [[], /expected at least one PATH/],
      [['--format', 'png', BOOKINFO], /unknown format 'png' \(expected mermaid, dot, svg, html\)/],
      [['/nonexistent/x.yaml'], /no such file or folder/],
      [[path.join(bad, 'bad.yaml')], /bad\.yaml:\d+: /],
      [['--namespace', 'shop', BOOKINFO], /no gateway, service or workload in namespace 'shop' \(namespaces: bookinfo\)/],
      [['--focus', 'review', BOOKINFO], /no service with host 'review' \(did you mean reviews\.bookinfo\.svc\.cluster\.local\?\)/],
      [['--bogus', BOOKINFO], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const r = await run('graph', ...args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
  });

  test('--help', async () => {
    const r = await run('graph', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-istio graph [--format mermaid|dot|svg|html] [--namespace NS] [--focus HOST]');
  });
});
