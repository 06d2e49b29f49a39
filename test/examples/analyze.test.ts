import * as fs from 'fs';
import * as path from 'path';
import { run } from '../cli/helpers';

// Every committed example output passes the CLI's own checks. `analyze` on files assumes they are the whole
// mesh, as `istioctl analyze` does; the patterns' egress routes name the egress gateway Istio installs, which
// is not in their files, so they are analyzed as a part of a mesh (`--partial-mesh`), as synth checks them.
const ROOT = path.join(__dirname, '..', '..', 'examples');
const EXAMPLES = fs.readdirSync(ROOT).filter((e) => fs.existsSync(path.join(ROOT, e, 'dist')));

describe('committed example output', () => {
  test('there are examples to check', () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(['bookinfo', 'bookinfo-ambient', 'bookinfo-gateway-api', 'ci', 'patterns']));
  });

  test.each(EXAMPLES)('%s: validate and analyze --partial-mesh find no error', async (example) => {
    const dist = path.join(ROOT, example, 'dist');
    const validate = await run('validate', dist);
    expect(validate.stdout).toMatch(/, 0 errors,/);
    expect(validate.code).toBe(0);
    const analyze = await run('analyze', '--partial-mesh', dist);
    expect(analyze.stdout).toMatch(/, 0 errors,/);
    expect(analyze.code).toBe(0);
  });

  test('without --partial-mesh, the egress gateway Istio installs is a missing reference', async () => {
    const r = await run('analyze', path.join(ROOT, 'patterns', 'dist'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/IST0101\] spec\.selector: Referenced selector not found: "istio=egressgateway"/);
  });
});
