/**
 * Defensive readers for plain objects: analysis runs on whatever the user wrote (malformed objects are
 * reported by per-object validation), so a field of the wrong type reads as absent instead of throwing.
 */

/** A JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** The value when it is a (non-array) object, otherwise an empty object. */
export function obj(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as JsonObject : {};
}

/** Whether the value is a (non-array) object. */
export function isObj(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is an array, otherwise an empty array. */
export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The elements of an array that are objects, with their index in the array. */
export function objs(value: unknown): Array<[JsonObject, number]> {
  const result: Array<[JsonObject, number]> = [];
  if (!Array.isArray(value)) return result;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (isObj(v)) result.push([v, i]);
  }
  return result;
}

/** The value when it is a string, otherwise `''`. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The strings of an array (other elements are skipped). */
export function strs(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string');
}

/** The value when it is a number (or a numeric string), otherwise 0. */
export function num(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  return 0;
}

/** A string-to-string map (labels, selectors); values of another type are stringified, as YAML users expect. */
export function strMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) {
    if (v === null || v === undefined || typeof v === 'object') continue;
    result[k] = String(v);
  }
  return result;
}
