import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { IstioConfigError } from '../../lib/core/errors';
import { MtlsMode, PeerAuthentication } from '../../lib/security';

// A second copy of cdk8s, as a `file:` dependency with its own node_modules brings it: the package copied under
// a temporary folder (a symlink would resolve to the same module) and required by its absolute path.
describe('two copies of cdk8s in one app', () => {
  let dir: string;
  let other: typeof import('cdk8s');
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-two-cdk8s-'));
    const ours = path.dirname(require.resolve('cdk8s/package.json'));
    fs.cpSync(ours, path.join(dir, 'node_modules', 'cdk8s'), { recursive: true, filter: (src) => !/[\\/](docs|git-hooks)$/.test(src) });
    // One `constructs`, as npm would hoist it.
    fs.symlinkSync(path.dirname(require.resolve('constructs/package.json')), path.join(dir, 'node_modules', 'constructs'), 'dir');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    other = require(path.join(dir, 'node_modules', 'cdk8s'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a construct added to a chart of the other copy throws at once, naming both copies and the fix', () => {
    expect(other.Chart).not.toBe(Chart);
    const chart = new other.Chart(new other.App(), 'app', { namespace: 'shop' });
    let error: unknown;
    try {
      new PeerAuthentication(chart, 'strict', { mtlsMode: MtlsMode.STRICT });
    } catch (e) {
      error = e;
    }
    expect(IstioConfigError.isIstioConfigError(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('app/strict');
    expect(message).toContain(`second copy of cdk8s (${fs.realpathSync(path.join(dir, 'node_modules', 'cdk8s'))})`);
    expect(message).toContain(`(${fs.realpathSync(path.dirname(require.resolve('cdk8s/package.json')))})`);
    expect(message).toMatch(/peerDependency/);
    expect(message).not.toMatch(/non-simple object of type 'Lazy'/);
  });

  test('a chart of our copy is fine', () => {
    const chart = Testing.chart();
    new PeerAuthentication(chart, 'strict', { mtlsMode: MtlsMode.STRICT });
    expect(Testing.synth(chart)[0].spec).toEqual({ mtls: { mode: 'STRICT' } });
  });
});
