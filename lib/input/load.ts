import { AliasBudget } from './aliases';
import { expandPaths, readText } from './files';
import { LoadedDocument, parseDocuments } from './parse';

/** Options of `loadDocuments`. */
export interface LoadOptions {
  /**
   * Called after each file is read, e.g. to show progress.
   * @default - nothing
   */
  readonly onFile?: (file: string, filesDone: number, filesTotal: number, objects: number) => void;
}

/**
 * Reads every document of the given files and folders, with one alias budget for the whole run.
 * @throws InputError on I/O or parse errors (naming the file, never echoing its content)
 */
export function loadDocuments(paths: readonly string[], options: LoadOptions = {}): LoadedDocument[] {
  const out: LoadedDocument[] = [];
  const aliasBudget = new AliasBudget();
  const files = expandPaths(paths);
  files.forEach((file, i) => {
    for (const doc of parseDocuments(file, readText(file), { aliasBudget })) out.push(doc);
    options.onFile?.(file, i + 1, files.length, out.length);
  });
  return out;
}
