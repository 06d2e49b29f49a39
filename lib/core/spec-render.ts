/**
 * A copy of an object without its undefined fields (Istio specs omit what is not set). The type comes from
 * where the result goes (e.g. a renderer's `Wire<L1Type>` return type, or an optional field of one), not
 * from the argument, so the object literal is checked against it: a field the target lacks is a compile error.
 */
export function dropUndefined<T = Record<string, unknown>>(record: NoInfer<T> & object): NonNullable<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as NonNullable<T>;
}

/** A copy of a record with its keys sorted, for deterministic output whatever order the user wrote them in. */
export function sortedRecord<T>(record: { readonly [key: string]: T }): { [key: string]: T } {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
