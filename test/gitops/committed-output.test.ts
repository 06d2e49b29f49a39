import * as path from 'path';
import { SHOP_OUTPUT, shopApp } from '../../examples/ci/app';
import { checkCommittedOutput } from '../../lib/gitops';

// The practice we recommend: commit the synthesized output, and let the tests fail when it is stale.
describe('committed example output', () => {
  test('examples/ci/dist is what the example synthesizes now', () => {
    const drift = checkCommittedOutput(shopApp(), path.join(__dirname, '..', '..', 'examples', 'ci', 'dist'), SHOP_OUTPUT);
    if (drift.length > 0) {
      throw new Error(`examples/ci/dist is stale (${drift.map((d) => `${d.file}: ${d.problem}`).join(', ')}): `
        + 'run `cd examples/ci && npx ts-node --transpile-only main.ts` and commit examples/ci/dist/');
    }
  });
});
