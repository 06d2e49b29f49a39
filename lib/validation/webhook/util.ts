import { Finding, Severity } from '../../vocab/finding';
import { childPath, indexPath } from '../../vocab/paths';

/** A field name, or several joined by dots (`port.name`). */
const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/** Whether each key used so far is a plain field path (the rules use a few dozen keys, on every object). */
const PLAIN = new Map<string, boolean>();

/** Joins a field path (with lib/vocab/paths): `spec` + `http` = `spec.http`, `port.name` appends two fields, a number gives `[0]`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return indexPath(base, key);
  let plain = PLAIN.get(key);
  if (plain === undefined) {
    plain = FIELD_PATH.test(key);
    if (PLAIN.size < 10_000) PLAIN.set(key, plain);
  }
  // A plain path's fields are plain keys: appending them one by one is appending the dotted path.
  return plain ? (base === '' ? key : `${base}.${key}`) : childPath(base, key);
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
