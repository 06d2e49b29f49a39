import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { InputError, compareStrings, expandPaths, loadDocuments, readText } from '../../lib/input';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-input-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, content: string | Buffer): string => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
};

describe('readText', () => {
  test('GIVEN binary garbage WHEN read THEN "not YAML", naming the file', () => {
    const file = write('garbage.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]));
    expect(() => readText(file)).toThrow(InputError);
    expect(() => readText(file)).toThrow(`${file}: not YAML: the file is not UTF-8 text (binary content?)`);
  });

  test('GIVEN valid UTF-8 with a control character WHEN read THEN "not YAML" with its line', () => {
    const file = write('ctl.yaml', 'a: 1\nb: "x\u0000y"\n');
    expect(() => readText(file)).toThrow(`${file}:2: not YAML: control character U+0000 (binary content?)`);
  });

  test('GIVEN text with a byte-order mark, tabs and CRLF WHEN read THEN it is text', () => {
    const file = write('ok.yaml', '\uFEFFa: "x\ty"\r\nb: 1\r\n');
    expect(loadDocuments([file]).map((d) => d.object)).toEqual([{ a: 'x\ty', b: 1 }]);
  });
});

describe('expandPaths', () => {
  test('GIVEN a folder WHEN expanded THEN YAML files in code-unit order, whatever the locale', () => {
    for (const name of ['b.yaml', 'B.yaml', 'a.yml', 'ä.yaml', 'sub/c.json', 'notes.txt']) write(name, 'a: 1\n');
    expect(expandPaths([dir]).map((f) => path.relative(dir, f))).toEqual(['B.yaml', 'a.yml', 'b.yaml', 'sub/c.json', 'ä.yaml']);
    expect(['b', 'B', 'ä', 'a'].sort(compareStrings)).toEqual(['B', 'a', 'b', 'ä']);
  });

  test('GIVEN a dangling symlink in a folder WHEN expanded THEN a one-line InputError naming it', () => {
    write('a.yaml', 'a: 1\n');
    fs.symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'link.yaml'));
    expect(() => expandPaths([dir])).toThrow(`${path.join(dir, 'link.yaml')}: a symbolic link to nothing (dangling symlink)`);
  });

  test('GIVEN a path that does not exist WHEN expanded THEN an InputError', () => {
    expect(() => expandPaths([path.join(dir, 'nope')])).toThrow(`${path.join(dir, 'nope')}: no such file or folder`);
  });

  test('GIVEN a symlink loop WHEN expanded THEN an InputError, no hang', () => {
    fs.symlinkSync(path.join(dir, 'b.yaml'), path.join(dir, 'a.yaml'));
    fs.symlinkSync(path.join(dir, 'a.yaml'), path.join(dir, 'b.yaml'));
    expect(() => expandPaths([dir])).toThrow(/a\.yaml: too many levels of symbolic links \(a symlink loop\)$/);
  });

  test('GIVEN a folder linked into itself WHEN expanded THEN each folder is read once', () => {
    write('sub/x.yaml', 'a: 1\n');
    fs.symlinkSync(dir, path.join(dir, 'sub', 'up'));
    expect(expandPaths([dir]).map((f) => path.relative(dir, f))).toEqual(['sub/x.yaml']);
  });
});
