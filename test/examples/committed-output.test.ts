import { EXAMPLES, committedOutputDir } from '../../examples';
import { checkCommittedOutput } from '../../lib/gitops';

// The practice we recommend to users, shown on our own examples: the synthesized YAML is committed,
// and a test fails as soon as it differs from what the code synthesizes.
describe.each(EXAMPLES.map((e) => [e.name, e] as const))('committed output of examples/%s', (_name, example) => {
  test('is what the app synthesizes now (refresh with `npx projen synth-examples`)', () => {
    expect(checkCommittedOutput(example.app(), committedOutputDir(example), example.output)).toEqual([]);
  });
});
