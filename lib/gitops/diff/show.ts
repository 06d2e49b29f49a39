// Showing plain data in the diff's messages (reading it: lib/vocab/json).
import { isAbsent, isObj, obj } from '../../vocab/json';

/** A short inline rendering of a value for messages: scalars as they are, objects as compact flow YAML-like text. */
export function show(value: unknown, max = 120): string {
  const text = inline(value, false);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function inline(value: unknown, nested: boolean): string {
  if (isAbsent(value)) return 'null';
  if (typeof value === 'string') {
    const quote = value === '' || /^\s|\s$/.test(value) || (nested && /[,{}[\]]|: /.test(value));
    return quote ? JSON.stringify(value) : value;
  }
  if (Array.isArray(value)) return `[${value.map((v) => inline(v, true)).join(', ')}]`;
  if (isObj(value)) return `{${Object.keys(value).filter((k) => !isAbsent(value[k])).map((k) => `${k}: ${inline(value[k], true)}`).join(', ')}}`;
  return String(value);
}

/** A value in backticks, for messages that name values (`batch`). */
export function code(value: unknown): string {
  return `\`${show(value)}\``;
}

/** Backticked values joined with commas. */
export function codes(values: readonly unknown[]): string {
  return values.map(code).join(', ');
}

/** Labels as `k=v, k2=v2`, or a placeholder when there are none. */
export function showLabels(labels: unknown, none = 'none'): string {
  const entries = Object.entries(obj(labels)).filter(([, v]) => !isAbsent(v)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? none : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}
