import * as path from 'path';
import { SHOP_OUTPUT, shopApp } from '../../examples/ci/app';
import { checkCommittedOutput } from '../../lib/gitops';
import { run } from '../cli/helpers';

const DIST = path.join(__dirname, '..', '..', 'examples', 'ci', 'dist');

// The practice we recommend: commit the synthesized output, and let the tests fail when it is stale.
describe('committed example output', () => {
  test('examples/ci/dist is what the example synthesizes now', () => {
    const drift = checkCommittedOutput(shopApp(), DIST, SHOP_OUTPUT);
    if (drift.length > 0) {
      throw new Error(`examples/ci/dist is stale (${drift.map((d) => `${d.file}: ${d.problem}`).join(', ')}): `
        + 'run `cd examples/ci && npx ts-node --transpile-only main.ts` and commit examples/ci/dist/');
    }
  });

  test.each(['validate', 'analyze'])('it passes `cdk8s-istio %s`, as the CI recipe requires', async (command) => {
    const r = await run(command, DIST);
    expect(r.stdout).toMatch(/5 Istio objects checked, 3 other documents skipped, 0 errors, 0 warnings/);
    expect(r.code).toBe(0);
  });
});
