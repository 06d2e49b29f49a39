import { fieldError } from '../core/errors';
import { dropUndefined } from '../core/spec-render';

// Input checks shared by the networking constructs. Not exported from the package: each throws a
// FieldError naming the field and saying what to do; the construct adds its path and resource.

/** Throws unless `value` is a non-empty string. */
export function checkNonEmpty(value: string | undefined, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw fieldError(what, 'must not be empty.');
  }
  return value;
}

/** Throws unless `value` is a number from 0 to 100 (a percentage of traffic). */
export function checkPercent(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0 || value > 100) {
    throw fieldError(what, `must be a percentage from 0 to 100, got ${value}.`);
  }
  return value;
}

/** Throws unless `value` is a whole number from 0 to 100 (a route weight). */
export function checkWeight(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw fieldError(what, `must be a whole number from 0 to 100, got ${value}.`);
  }
  return value;
}

/** Throws unless `value` is a port number from 1 to 65535. */
export function checkPort(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw fieldError(what, `must be a port number from 1 to 65535, got ${value}.`);
  }
  return value;
}

/** Throws unless `value` is a whole number of at least `min`. */
export function checkInteger(value: number, what: string, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw fieldError(what, `must be a whole number of at least ${min}, got ${value}.`);
  }
  return value;
}

/** Throws unless every host is non-empty; `namespace/host` forms must have both parts. */
export function checkHosts(hosts: readonly string[], what: string, options: { requireNamespace?: boolean } = {}): string[] {
  hosts.forEach((host, i) => {
    checkNonEmpty(host, `${what}[${i}]`);
    const slash = host.indexOf('/');
    if (options.requireNamespace && slash < 0) {
      throw fieldError(`${what}[${i}]`, `'${host}' must have the form 'namespace/host' (e.g. './*', 'istio-system/*', '*/api.example.com').`);
    }
    if (slash >= 0 && (slash === 0 || slash === host.length - 1 || host.indexOf('/', slash + 1) >= 0)) {
      throw fieldError(`${what}[${i}]`, `'${host}' is not a valid 'namespace/host': both parts must be non-empty (use '*' for any).`);
    }
  });
  return [...hosts];
}

/** `dropUndefined(obj)`, or undefined when nothing is left. */
export function compactOrUndefined<T extends object = Record<string, unknown>>(obj: NoInfer<T>): T | undefined {
  const out = dropUndefined<T>(obj);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A copy of a non-empty array, or undefined for an absent or empty one. */
export function nonEmpty<T>(items: readonly T[] | undefined): T[] | undefined {
  return items && items.length > 0 ? [...items] : undefined;
}

/** A copy of a non-empty record, or undefined for an absent or empty one. */
export function nonEmptyRecord<T>(record: { readonly [key: string]: T } | undefined): { [key: string]: T } | undefined {
  return record && Object.keys(record).length > 0 ? { ...record } : undefined;
}
