import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandPaths } from '../../lib/input';

// Tests run as root, which reads any folder: the refusal is simulated where the loader lists a folder.
jest.mock('fs', () => {
  const real = jest.requireActual<typeof import('fs')>('fs');
  return { ...real, readdirSync: jest.fn(real.readdirSync) };
});

test('GIVEN an unreadable folder WHEN expanded THEN a one-line InputError, "permission denied"', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-input-'));
  try {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'sub', 'x.yaml'), 'a: 1\n');
    const real = jest.requireActual<typeof import('fs')>('fs').readdirSync;
    (fs.readdirSync as unknown as jest.Mock).mockImplementation((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p).endsWith('sub')) throw Object.assign(new Error(`EACCES: permission denied, scandir '${String(p)}'`), { code: 'EACCES' });
      return (real as (...a: unknown[]) => unknown)(p, ...rest);
    });
    expect(() => expandPaths([dir])).toThrow(`${path.join(dir, 'sub')}: permission denied`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
