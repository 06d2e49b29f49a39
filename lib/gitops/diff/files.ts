import { DiffInput, compareSides } from './diff';
import { UnchangedPool, readDocuments } from './documents';
import { DiffReport } from './model';
import { AliasBudget, RawDocument, parseRaw } from '../../input';

/**
 * Compares the YAML of two files or folders (see `diffObjects`). Documents whose text is the same
 * in both (wherever they are) are unchanged and not parsed, unless a cross-resource check needs
 * them; the others are parsed and compared structurally, so key order and formatting alone are no
 * change. @throws InputError when a path cannot be read or a compared document cannot be parsed
 */
export function diffPaths(oldPath: string, newPath: string): DiffReport {
  const oldRaw = readDocuments(oldPath);
  const newRaw = readDocuments(newPath);
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
  const parse = (raws: RawDocument[]): DiffInput[] => {
    const out: DiffInput[] = [];
    for (const raw of raws) for (const doc of parseRaw(raw, aliasBudget)) out.push(doc);
    return out;
  };
  const oldDocs = parse(oldDiffering);
  const newDocs = parse(newDiffering);
  return compareSides(oldDocs, newDocs, new UnchangedPool(same, aliasBudget));
}
