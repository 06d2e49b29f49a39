/**
 * The one toolkit for reading untyped objects (YAML or JSON as the user wrote it): the checks, the
 * analysis and the diff run on whatever was written (malformed objects are reported by per-object
 * validation), so a field of the wrong type reads as absent instead of throwing.
 */

/** A JSON object as read from YAML: anything may be missing or of the wrong type. */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether the value is a (non-array) object. */
export function isObj(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a (non-array) object, otherwise an empty object. */
export function obj(value: unknown): JsonObject {
  return isObj(value) ? value : {};
}

/** The value when it is a (non-array) object, otherwise undefined (to tell an unset message from an empty one). */
export function asObj(value: unknown): JsonObject | undefined {
  return isObj(value) ? value : undefined;
}

/** The value when it is an array, otherwise an empty array. Istio reads an empty list as an unset one. */
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

/** The strings of an array; numbers count as their text (YAML users write `ports: [8080]`), anything else is skipped. */
export function strs(value: unknown): string[] {
  return arr(value).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

/** The value when it is a finite number (or a numeric string), otherwise 0. */
export function num(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return 0;
}

/** The value when it is `true` (or the string `"true"`). */
export function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

/** A string-to-string map (labels, selectors); values of another type are stringified, as YAML users expect. */
export function strMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isObj(value)) return result;
  // Own keys only, without an entries array: the analysis reads every object's labels and selectors this way.
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === null || v === undefined || typeof v === 'object') continue;
    result[k] = String(v);
  }
  return result;
}

/** Whether a field is absent: `undefined` or `null` (YAML `key:` and `key: null` mean "not set"). */
export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Whether a field is set: present and not null. Empty objects are set (Istio reads them as non-nil messages). */
export function isSet(value: unknown): boolean {
  return !isAbsent(value);
}

/** Whether a list or map field is non-empty (an empty list or map is unset for Istio). */
export function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return isObj(value) && Object.keys(value).length > 0;
}

/** The entries of a map field, or none when it is not an object. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  return isObj(value) ? Object.entries(value) : [];
}

/** Reads an enum that may be given by name or by number; `names[0]` is the default (unset) value. */
export function enumName(value: unknown, names: readonly string[]): string {
  if (typeof value === 'number') return names[value] ?? String(value);
  if (typeof value === 'string' && value !== '') return value;
  return names[0] ?? '';
}

/** The UTF-8 length of a string, which is what Go's `len` measures. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
