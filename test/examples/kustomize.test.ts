import { execFileSync, spawnSync } from 'child_process';
import { EXAMPLES, committedOutputDir } from '../../examples';

// kustomize refuses two objects of one kind, namespace and name: what `kubectl apply -k` of the committed output meets.
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
const maybe = kubectl ? test : test.skip;

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('committed output of examples/%s', (_name, example) => {
  maybe('builds with `kubectl kustomize` (no object written twice)', () => {
    expect(() => execFileSync('kubectl', ['kustomize', committedOutputDir(example)], { stdio: 'pipe' })).not.toThrow();
  });
});
