import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// What users do with the committed output: `kubectl kustomize` (or Argo CD, Flux) over each example's dist folder.
// Kustomize refuses two objects of one id, the mistake CIS5014 reports at synth.
const EXAMPLES = path.resolve(__dirname, '../../examples');
const dists = fs.readdirSync(EXAMPLES)
  .map((name) => path.join(EXAMPLES, name, 'dist'))
  .filter((dir) => fs.existsSync(path.join(dir, 'kustomization.yaml')));
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

(kubectl ? describe : describe.skip)('kubectl kustomize on every committed examples/*/dist', () => {
  test('there are committed outputs to build', () => {
    expect(dists.length).toBeGreaterThanOrEqual(2);
  });

  test.each(dists.map((d) => [path.relative(EXAMPLES, d), d]))('%s builds', (_name, dir) => {
    const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^apiVersion: /m);
  });
});
