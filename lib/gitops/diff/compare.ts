// Comparing plain data, for the structural diff and the explainers (reading it: lib/vocab/json).
import { isAbsent, isObj } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';

/** Structural equality: key order is irrelevant, and a null field equals an absent one. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isAbsent(a) || isAbsent(b)) return isAbsent(a) && isAbsent(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    for (const k in a) if (!deepEqual(a[k], b[k])) return false;
    for (const k in b) if (!(k in a) && !isAbsent(b[k])) return false;
    return true;
  }
  return false;
}

/** A canonical string for a value: equal (per `deepEqual`) values give equal strings. */
export function canonical(value: unknown): string {
  if (isAbsent(value)) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObj(value)) {
    const keys = Object.keys(value).filter((k) => !isAbsent(value[k])).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What is in `after` and not in `before`, and the reverse (as multisets of canonical values). */
export function setDiff<T>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const count = new Map<string, number>();
  for (const b of before) count.set(canonical(b), (count.get(canonical(b)) ?? 0) + 1);
  const added: T[] = [];
  for (const a of after) {
    const key = canonical(a);
    const n = count.get(key) ?? 0;
    if (n > 0) count.set(key, n - 1);
    else added.push(a);
  }
  const removedCount = new Map(count);
  const removed: T[] = [];
  for (const b of before) {
    const key = canonical(b);
    const n = removedCount.get(key) ?? 0;
    if (n > 0) {
      removed.push(b);
      removedCount.set(key, n - 1);
    }
  }
  return { added, removed };
}

/**
 * Pairs the items of two lists for comparison: equal items first (whatever their positions), then
 * the remaining ones in order. Returns the pairs (OLD index, NEW index) and the unpaired indices.
 */
export function pairItems(before: readonly unknown[], after: readonly unknown[]): {
  pairs: Array<[number, number]>; removed: number[]; added: number[];
} {
  const free = new Map<string, number[]>();
  before.forEach((b, i) => addTo(free, canonical(b), i));
  const pairs: Array<[number, number]> = [];
  const usedOld = new Set<number>();
  const unmatchedNew: number[] = [];
  after.forEach((a, j) => {
    const list = free.get(canonical(a));
    const i = list?.shift();
    if (i === undefined) {
      unmatchedNew.push(j);
    } else {
      pairs.push([i, j]);
      usedOld.add(i);
    }
  });
  const unmatchedOld = before.map((_, i) => i).filter((i) => !usedOld.has(i));
  const n = Math.min(unmatchedOld.length, unmatchedNew.length);
  for (let k = 0; k < n; k++) pairs.push([unmatchedOld[k], unmatchedNew[k]]);
  pairs.sort((x, y) => x[1] - y[1]);
  return { pairs, removed: unmatchedOld.slice(n), added: unmatchedNew.slice(n) };
}
