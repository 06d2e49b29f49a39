import { Finding, Severity } from '../../vocab/finding';

/** A JSON object as read from YAML: anything may be missing or of the wrong type. */
export type Obj = Readonly<Record<string, unknown>>;

/** The value when it is a plain object, otherwise undefined. */
export function asObj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Obj : undefined;
}

/** The value when it is an array, otherwise an empty array. Istio reads an empty list as an unset one. */
export function asArr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, otherwise ''. */
export function asStr(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value when it is a finite number (or a numeric string), otherwise 0. */
export function asNum(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return 0;
}

/** The value when it is `true` (or the string `"true"`). */
export function asBool(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Whether a field is set: present and not null. Empty objects are set (Istio reads them as non-nil messages). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Whether a list or map field is non-empty (an empty list or map is unset for Istio). */
export function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  const o = asObj(value);
  return o !== undefined && Object.keys(o).length > 0;
}

/** The entries of a map field, or none when it is not an object. */
export function entriesOf(value: unknown): Array<[string, unknown]> {
  const o = asObj(value);
  return o ? Object.entries(o) : [];
}

/** Reads an enum that may be given by name or by number; `names[0]` is the default (unset) value. */
export function enumName(value: unknown, names: readonly string[]): string {
  if (typeof value === 'number') return names[value] ?? String(value);
  if (typeof value === 'string' && value !== '') return value;
  return names[0] ?? '';
}

/** A field name, or several joined by dots (`port.name`). */
const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/** Joins a field path: `spec` + `http` = `spec.http`; a number gives `[0]`; a map key that is no identifier gives `["a/b"]`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (FIELD_PATH.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${JSON.stringify(key)}]`;
}

/** The UTF-8 length of a string, which is what Go's `len` measures. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Collects the findings of one object. */
export class Report {
  readonly findings: Finding[] = [];

  /** Istio rejects the object. */
  error(code: string, path: string, message: string, hint?: string): void {
    this.findings.push(hint ? { severity: Severity.ERROR, code, path, message, hint } : { severity: Severity.ERROR, code, path, message });
  }

  /** Istio accepts the object with a warning. */
  warn(code: string, path: string, message: string, hint?: string): void {
    this.findings.push(hint ? { severity: Severity.WARNING, code, path, message, hint } : { severity: Severity.WARNING, code, path, message });
  }

  /** Reports an error when `message` is defined (the style of the small validators, which return a message or nothing). */
  errorIf(message: string | undefined, code: string, path: string, hint?: string): void {
    if (message !== undefined) this.error(code, path, message, hint);
  }

  /** Whether an error has been reported. */
  get hasErrors(): boolean {
    return this.findings.some((f) => f.severity === Severity.ERROR);
  }
}
