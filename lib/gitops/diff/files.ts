import { DiffInput, compareSides } from './diff';
import { UnchangedPool, readDocuments } from './documents';
import { DiffReport } from './model';
import { AliasBudget, InputProgress, PROGRESS_EVERY, RawDocument, expandPaths, parseRaw } from '../../input';

/** Options of `diffPaths`. */
export interface DiffPathsOptions {
  /**
   * Called after each file is read and every PROGRESS_EVERY documents compared, e.g. to show progress.
   * @default - nothing
   */
  readonly onProgress?: (progress: InputProgress) => void;
}

/**
 * Compares the YAML of two files or folders (see `diffObjects`). Documents whose text is the same
 * in both (wherever they are) are unchanged and not parsed, unless a cross-resource check needs
 * them; the others are parsed and compared structurally, so key order and formatting alone are no
 * change. @throws InputError when a path cannot be read or a compared document cannot be parsed
 */
export function diffPaths(oldPath: string, newPath: string, options: DiffPathsOptions = {}): DiffReport {
  const onProgress = options.onProgress;
  const oldFiles = expandPaths([oldPath]);
  const newFiles = expandPaths([newPath]);
  const filesTotal = oldFiles.length + newFiles.length;
  let filesDone = 0;
  let objects = 0;
  const onFile = onProgress && ((documents: number): void => onProgress({ filesDone: ++filesDone, filesTotal, objects: objects + documents }));
  const oldRaw = readDocuments(oldFiles, onFile);
  objects = oldRaw.length;
  const newRaw = readDocuments(newFiles, onFile);
  objects += newRaw.length;
  const remaining = new Map<string, RawDocument[]>();
  for (const raw of oldRaw) {
    const list = remaining.get(raw.text);
    if (list) list.push(raw);
    else remaining.set(raw.text, [raw]);
  }
  const same: RawDocument[] = [];
  const newDiffering: RawDocument[] = [];
  for (const raw of newRaw) {
    const match = remaining.get(raw.text);
    if (match && match.length > 0) {
      match.shift();
      same.push(raw);
    } else {
      newDiffering.push(raw);
    }
  }
  const left = new Set([...remaining.values()].flat());
  const oldDiffering = oldRaw.filter((raw) => left.has(raw));
  // One alias budget for the whole comparison.
  const aliasBudget = new AliasBudget();
  // Progress while parsing: documents that differ, out of all read.
  let parsed = same.length;
  const parse = (raws: RawDocument[]): DiffInput[] => {
    const out: DiffInput[] = [];
    for (const raw of raws) {
      for (const doc of parseRaw(raw, aliasBudget)) out.push(doc);
      if (++parsed % PROGRESS_EVERY === 0) onProgress?.({ filesDone, filesTotal, objects: parsed });
    }
    return out;
  };
  const oldDocs = parse(oldDiffering);
  const newDocs = parse(newDiffering);
  return compareSides(oldDocs, newDocs, new UnchangedPool(same, aliasBudget));
}
