import { DiffInput, compareSides } from './diff';
import { UnchangedPool, readDocuments } from './documents';
import { DiffReport } from './model';
import { AliasBudget, InputProgress, LoadedDocument, PROGRESS_EVERY, RawDocument, expandPaths, parseRaw } from '../../input';
import { addTo } from '../../vocab/multimap';

/** Options of `diffPaths`. */
export interface DiffPathsOptions {
  /**
   * Called after each file is read and every PROGRESS_EVERY documents compared, e.g. to show progress.
   * @default - nothing
   */
  readonly onProgress?: (progress: InputProgress) => void;
}

/** The result of `diffPaths`: the report, and the documents it read, for what else looks at both sides. */
export interface PathsDiffReport extends DiffReport {
  /**
   * The parsed values of every document of one side, in file order (a `kind: List`'s items one by one),
   * e.g. for the behaviour model and the picture of each side. Each document is parsed once: those
   * the comparison parsed are handed on, the unchanged ones are parsed on first use and serve both
   * sides (the same objects: do not change them). Not enumerable, so the report's JSON is unchanged.
   * @throws InputError when an unchanged document cannot be parsed
   */
  readonly objects: (side: 'old' | 'new') => unknown[];
}

/**
 * Compares the YAML of two files or folders (see `diffObjects`). Documents whose text is the same
 * in both (wherever they are) are unchanged and not parsed, unless a cross-resource check needs
 * them (or `objects` is asked for); the others are parsed and compared structurally, so key order
 * and formatting alone are no change. @throws InputError when a path cannot be read or a compared
 * document cannot be parsed
 */
export function diffPaths(oldPath: string, newPath: string, options: DiffPathsOptions = {}): PathsDiffReport {
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
  for (const raw of oldRaw) addTo(remaining, raw.text, raw);
  const same: RawDocument[] = [];
  const newDiffering: RawDocument[] = [];
  // An unchanged OLD document stands for the NEW one of the same text, which the pool parses.
  const sameAs = new Map<RawDocument, RawDocument>();
  for (const raw of newRaw) {
    const match = remaining.get(raw.text);
    if (match && match.length > 0) {
      sameAs.set(match.shift()!, raw);
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
  const differing = new Map<RawDocument, LoadedDocument[]>();
  const parse = (raws: RawDocument[]): DiffInput[] => {
    const out: DiffInput[] = [];
    for (const raw of raws) {
      const docs = parseRaw(raw, aliasBudget);
      differing.set(raw, docs);
      for (const doc of docs) out.push(doc);
      if (++parsed % PROGRESS_EVERY === 0) onProgress?.({ filesDone, filesTotal, objects: parsed });
    }
    return out;
  };
  const oldDocs = parse(oldDiffering);
  const newDocs = parse(newDiffering);
  const pool = new UnchangedPool(same, aliasBudget);
  const report = compareSides(oldDocs, newDocs, pool);
  const documentsOf = (raw: RawDocument): readonly LoadedDocument[] => differing.get(raw) ?? pool.documents(sameAs.get(raw) ?? raw);
  const sideObjects = (side: 'old' | 'new'): unknown[] => {
    const out: unknown[] = [];
    for (const raw of side === 'old' ? oldRaw : newRaw) for (const doc of documentsOf(raw)) out.push(doc.object);
    return out;
  };
  return Object.defineProperty(report, 'objects', { value: sideObjects, enumerable: false }) as PathsDiffReport;
}
