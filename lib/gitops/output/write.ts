import * as fs from 'fs';
import * as path from 'path';

/** A file to write: a path relative to the output folder (with `/`), and its bytes. */
export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** Whether a relative path stays in its folder: plain segments only (no `..`, no absolute path, no backslash). */
export function isSafeRelativePath(rel: string): boolean {
  return rel.split('/').every((s) => SEGMENT.test(s) && s !== '..');
}

/** Where a run builds the new tree and parks the old one: beside the output folder, hidden. */
function sideName(outdir: string, what: 'new' | 'old'): string {
  return `.${path.basename(outdir)}.${what}-`;
}

/**
 * Replaces the generated files of a folder atomically: the new tree (the files given, plus every
 * file of the old one that `keep` says to keep) is built in a fresh folder beside it, then swapped
 * in by two renames; a failure while building leaves the old folder as it was. Never writes
 * outside the new folder: paths are plain segments, and nothing is written through a symlink.
 * When the folder would not change, it is not touched.
 * @returns whether anything changed
 */
export function writeTreeAtomically(outdir: string, files: readonly FileToWrite[], keep: (file: string) => boolean): boolean {
  for (const f of files) {
    if (!isSafeRelativePath(f.path)) throw new Error(`GitOps output: refusing to write '${f.path}': not a plain relative path inside the output folder`);
  }
  let target = path.resolve(outdir);
  if (fs.existsSync(target)) target = fs.realpathSync(target);
  const parent = path.dirname(target);
  if (target === parent || target === path.resolve(process.cwd()) || process.cwd().startsWith(`${target}${path.sep}`)) {
    throw new Error(`GitOps output: the output folder ${outdir} is the working folder or holds it: give a folder of its own (e.g. dist)`);
  }
  removeLeftovers(target);

  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const old = fs.existsSync(target) ? listTree(target) : undefined;
  if (old && !changes(target, old, wanted, keep)) return false;

  fs.mkdirSync(parent, { recursive: true });
  const building = fs.mkdtempSync(path.join(parent, sideName(target, 'new')));
  try {
    fs.chmodSync(building, old ? permissions(target) : 0o755);
    for (const entry of old ?? []) {
      const from = path.join(target, entry.rel);
      const to = path.join(building, entry.rel);
      if (entry.type === 'dir') {
        fs.mkdirSync(to, { mode: permissions(from) });
      } else if (entry.type === 'link') {
        fs.symlinkSync(fs.readlinkSync(from), to);
      } else if (!wanted.has(entry.rel) && keep(from)) {
        fs.copyFileSync(from, to);
        fs.chmodSync(to, permissions(from));
      }
    }
    for (const [rel, content] of wanted) {
      const file = path.join(building, rel);
      mkdirNoLinks(building, path.dirname(rel));
      if (isLink(file)) fs.rmSync(file);
      fs.writeFileSync(file, content, { encoding: 'utf8', flag: 'w' });
    }
    // Folders emptied by removed files go too (a namespace that no longer has objects); empty ones of the user's stay.
    for (const entry of [...old ?? []].reverse()) {
      const dir = path.join(building, entry.rel);
      if (entry.type === 'dir' && fs.readdirSync(dir).length === 0 && fs.readdirSync(path.join(target, entry.rel)).length > 0) fs.rmdirSync(dir);
    }
    swap(target, building);
  } catch (e) {
    fs.rmSync(building, { recursive: true, force: true });
    throw e;
  }
  return true;
}

/** A path's permission bits (mode without the file type). */
function permissions(file: string): number {
  return fs.statSync(file).mode % 0o10000;
}

interface TreeEntry { readonly rel: string; readonly type: 'dir' | 'file' | 'link' }

/** The entries of a folder, parents before children, symlinks not followed. */
function listTree(root: string): TreeEntry[] {
  const out: TreeEntry[] = [];
  const walk = (rel: string): void => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        out.push({ rel: child, type: 'link' });
      } else if (entry.isDirectory()) {
        out.push({ rel: child, type: 'dir' });
        walk(child);
      } else {
        out.push({ rel: child, type: 'file' });
      }
    }
  };
  walk('');
  return out;
}

/** Whether writing would change the folder: a file missing or different, or an old generated file to drop. */
function changes(root: string, old: readonly TreeEntry[], wanted: ReadonlyMap<string, string>, keep: (file: string) => boolean): boolean {
  const files = new Map(old.map((e) => [e.rel, e.type]));
  for (const [rel, content] of wanted) {
    if (files.get(rel) !== 'file' || fs.readFileSync(path.join(root, rel), 'utf8') !== content) return true;
  }
  return old.some((e) => e.type === 'file' && !wanted.has(e.rel) && !keep(path.join(root, e.rel)));
}

/** Creates the folders of `rel` under `root`, refusing to go through a symlink (which could lead outside). */
function mkdirNoLinks(root: string, rel: string): void {
  let at = root;
  for (const segment of rel === '.' ? [] : rel.split('/')) {
    at = path.join(at, segment);
    if (isLink(at)) throw new Error(`GitOps output: refusing to write through the symbolic link ${at}`);
    if (!fs.existsSync(at)) fs.mkdirSync(at);
  }
}

function isLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Puts the new tree in place of the old one; if the second rename fails, the old one goes back. */
function swap(target: string, building: string): void {
  if (!fs.existsSync(target)) {
    fs.renameSync(building, target);
    return;
  }
  const parked = `${fs.mkdtempSync(path.join(path.dirname(target), sideName(target, 'old')))}`;
  fs.rmdirSync(parked);
  fs.renameSync(target, parked);
  try {
    fs.renameSync(building, target);
  } catch (e) {
    fs.renameSync(parked, target);
    throw e;
  }
  fs.rmSync(parked, { recursive: true, force: true });
}

/** Folders an interrupted run left beside the output (a new tree half built, an old one not yet removed). */
function removeLeftovers(target: string): void {
  const parent = path.dirname(target);
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    if (!name.startsWith(sideName(target, 'new')) && !name.startsWith(sideName(target, 'old'))) continue;
    // An old tree parked when the output is missing is the last good output: put it back.
    if (name.startsWith(sideName(target, 'old')) && !fs.existsSync(target)) fs.renameSync(path.join(parent, name), target);
    else fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}
