import { Finding, Severity } from '../../vocab/finding';

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
