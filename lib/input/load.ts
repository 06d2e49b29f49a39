import { AliasBudget } from './aliases';
import { expandPaths, readText } from './files';
import { LoadedDocument, parseDocuments } from './parse';

/** How far reading the input has come, for a progress line. */
export interface InputProgress {
  /** Files read so far (the file being read not included). */
  readonly filesDone: number;
  /** Files to read in all. */
  readonly filesTotal: number;
  /** Objects read so far: documents, and the items of `kind: List` documents. */
  readonly objects: number;
}

/** Options of `loadDocuments`. */
export interface LoadOptions {
  /**
   * Called after each file, and every PROGRESS_EVERY documents of a big file, e.g. to show progress.
   * @default - nothing
   */
  readonly onProgress?: (progress: InputProgress) => void;
}

/** How many documents of one file are read between two `onProgress` calls. */
export const PROGRESS_EVERY = 1000;

/**
 * Reads every document of the given files and folders, with one alias budget for the whole run.
 * @throws InputError on I/O or parse errors (naming the file, never echoing its content)
 */
export function loadDocuments(paths: readonly string[], options: LoadOptions = {}): LoadedDocument[] {
  const out: LoadedDocument[] = [];
  const aliasBudget = new AliasBudget();
  const files = expandPaths(paths);
  const onProgress = options.onProgress;
  files.forEach((file, i) => {
    const before = out.length;
    const onDocument = onProgress && ((done: number, objects: number): void => {
      if (done % PROGRESS_EVERY === 0) onProgress({ filesDone: i, filesTotal: files.length, objects: before + objects });
    });
    for (const doc of parseDocuments(file, readText(file), { aliasBudget, onDocument })) out.push(doc);
    onProgress?.({ filesDone: i + 1, filesTotal: files.length, objects: out.length });
  });
  return out;
}
