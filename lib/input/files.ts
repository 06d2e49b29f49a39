import * as fs from 'fs';
import * as path from 'path';
import { InputError } from './input-error';

const YAML_FILE = /\.(ya?ml|json)$/i;

/** Sorts by UTF-16 code units: the same order on every machine, whatever the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or folder';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR': return 'not a folder';
    case 'EISDIR': return 'is a folder';
    default: return code ? `cannot be read (${code})` : 'cannot be read';
  }
}

/**
 * The files a list of paths names: files as given, folders searched recursively for .yaml/.yml/.json
 * files in code-unit order. A dangling symlink, an unreadable folder or a symlink loop is an InputError
 * naming the path; a folder reached twice through symlinks is read once.
 */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (p: string, given: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const dangling = !given && (e as NodeJS.ErrnoException).code === 'ENOENT' && isSymlink(p);
      throw new InputError(p, undefined, dangling ? 'a symbolic link to nothing (dangling symlink)' : reason(e));
    }
    if (!stat.isDirectory()) {
      if (given || stat.isFile()) files.push(p);
      return;
    }
    let real: string;
    let entries: string[];
    try {
      real = fs.realpathSync(p);
      entries = fs.readdirSync(p);
    } catch (e) {
      throw new InputError(p, undefined, reason(e));
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of entries.sort(compareStrings)) {
      const child = path.join(p, entry);
      let isDir: boolean;
      try {
        isDir = fs.statSync(child).isDirectory();
      } catch (e) {
        if (!YAML_FILE.test(entry) && !isSymlink(child)) continue;
        throw new InputError(child, undefined, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'a symbolic link to nothing (dangling symlink)' : reason(e));
      }
      if (isDir || YAML_FILE.test(entry)) walk(child, false);
    }
  };
  for (const p of paths) walk(p, true);
  return files;
}

function isSymlink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// Characters YAML does not allow in a stream (C0 controls but tab, LF and CR; DEL): binary content.
const NOT_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/** Reads a file as YAML text. @throws InputError when it cannot be read or is not text (binary, not UTF-8) */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new InputError(file, undefined, reason(e));
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new InputError(file, undefined, 'not YAML: the file is not UTF-8 text (binary content?)');
  }
  const bad = NOT_PRINTABLE.exec(text);
  if (bad) {
    const line = lineAt(text, bad.index);
    throw new InputError(file, line, `not YAML: control character U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} (binary content?)`);
  }
  return text;
}

/** The 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
