import { canonical, deepEqual, pairItems, setDiff } from './compare';
import { ChangeDetail } from './model';
import { isRedacted } from './secrets';
import { show } from './show';
import { isAbsent, isObj, JsonObject } from '../../vocab/json';
import { childPath, indexPath } from '../../vocab/paths';

/** The path as a message shows it: without the leading `spec.`. */
export function label(path: string): string {
  return path.startsWith('spec.') ? path.slice(5) : path;
}

/** The detail for a field set, removed or changed as a whole. */
export function fieldChange(path: string, before: unknown, after: unknown): ChangeDetail {
  if (isAbsent(before)) return { path, message: `${label(path)}: set to ${show(after)}`, after };
  if (isAbsent(after)) return { path, message: `${label(path)}: removed (was ${show(before)})`, before };
  if (isRedacted(before) && isRedacted(after)) return { path, message: `${label(path)}: changed ${show(before)} → ${show(after)}`, before, after };
  return { path, message: `${label(path)}: ${show(before)} → ${show(after)}`, before, after };
}

/** Options of the structural diff. */
export interface StructuralOptions {
  /** Keys of the top-level object not to compare (an explainer covers them). */
  readonly skip?: ReadonlySet<string>;
  /**
   * Whether lists of scalars are sets, their order meaningless (Istio's `hosts`, `gateways`,
   * `exportTo`...), rather than sequences (a container's `args`).
   * @default false
   */
  readonly scalarListsAreSets?: boolean;
}

/**
 * The generic structural diff: one detail per changed leaf (a whole subtree when it was added or
 * removed). Key order is irrelevant; lists of scalars compare as sets (plus one detail for a
 * reorder, unless they are sets); lists of objects that all carry a unique `name` pair by name,
 * other lists pair equal items first, then by position.
 */
export function structuralDiff(before: unknown, after: unknown, path: string, out: ChangeDetail[], options: StructuralOptions = {}): void {
  if (deepEqual(before, after)) return;
  if (isObj(before) && isObj(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    const inner = { scalarListsAreSets: options.scalarListsAreSets };
    for (const key of [...keys].sort()) {
      if (!options.skip?.has(key)) structuralDiff(before[key], after[key], childPath(path, key), out, inner);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    listDiff(before, after, path, out, options.scalarListsAreSets ?? false);
    return;
  }
  out.push(fieldChange(path, before, after));
}

function listDiff(before: unknown[], after: unknown[], path: string, out: ChangeDetail[], sets: boolean): void {
  const inner = { scalarListsAreSets: sets };
  const scalar = (v: unknown) => !isObj(v) && !Array.isArray(v);
  if (before.every(scalar) && after.every(scalar)) {
    const { added, removed } = setDiff(before, after);
    const parts = [
      ...(added.length ? [`added ${added.map((v) => show(v)).join(', ')}`] : []),
      ...(removed.length ? [`removed ${removed.map((v) => show(v)).join(', ')}`] : []),
    ];
    if (parts.length === 0) {
      if (sets) return;
      parts.push(`order changed: ${show(before)} → ${show(after)}`);
    }
    out.push({ path, message: `${label(path)}: ${parts.join('; ')}`, before, after });
    return;
  }
  const byName = namedItems(before) && namedItems(after);
  if (byName) {
    const oldByName = new Map(before.map((b) => [String((b as JsonObject).name), b]));
    const newNames = new Set(after.map((a) => String((a as JsonObject).name)));
    for (const a of after) {
      const name = String((a as JsonObject).name);
      structuralDiff(oldByName.get(name), a, `${path}[name=${name}]`, out, inner);
    }
    for (const b of before) {
      const name = String((b as JsonObject).name);
      if (!newNames.has(name)) out.push(fieldChange(`${path}[name=${name}]`, b, undefined));
    }
    reorder(before.map((b) => (b as JsonObject).name), after.map((a) => (a as JsonObject).name), path, out);
    return;
  }
  const { pairs, removed, added } = pairItems(before, after);
  const start = out.length;
  for (const [i, j] of pairs) structuralDiff(before[i], after[j], indexPath(path, j), out, inner);
  for (const j of added) out.push(fieldChange(indexPath(path, j), undefined, after[j]));
  for (const i of removed) out.push(fieldChange(indexPath(path, i), before[i], undefined));
  if (out.length === start && !sets && !deepEqual(before, after)) {
    out.push({ path, message: `${label(path)}: order changed`, before, after });
  }
}

/** Whether every item is an object with a `name`, all names distinct. */
function namedItems(items: unknown[]): boolean {
  const names = new Set<string>();
  for (const item of items) {
    if (!isObj(item) || typeof item.name !== 'string' || names.has(item.name)) return false;
    names.add(item.name);
  }
  return items.length > 0;
}

/** A detail when the common names are in a different order. */
function reorder(before: unknown[], after: unknown[], path: string, out: ChangeDetail[]): void {
  const common = new Set(before.map(String).filter((n) => after.map(String).includes(n)));
  const b = before.map(String).filter((n) => common.has(n));
  const a = after.map(String).filter((n) => common.has(n));
  if (canonical(a) !== canonical(b)) out.push({ path, message: `${label(path)}: order changed: ${b.join(', ')} → ${a.join(', ')}`, before: b, after: a });
}
