import { IConstruct } from 'constructs';
import { configError } from '../core/errors';
import { SUPPRESS_ANNOTATION } from '../vocab/finding';

/** Prints a warning of an L3 pattern on stderr, construct path first: for settings Istio accepts but that do nothing. */
export function patternWarning(scope: IConstruct, message: string): void {
  process.stderr.write(`warning: [${scope.node.path}] ${message}\n`);
}

/** Throws a pattern error when `value` is not a percentage in 0..100 (a whole one for route weights, which Istio keeps as integers). */
export function checkPercent(scope: IConstruct, what: string, value: number, options: { whole?: boolean } = {}): number {
  if (!Number.isFinite(value) || value < 0 || value > 100 || (options.whole && !Number.isInteger(value))) {
    throw configError(scope, `${what} is ${value}, it must be a ${options.whole ? 'whole ' : ''}percentage in 0..100.`);
  }
  return value;
}

/**
 * The base name of a pattern's objects: the given one, else the construct's id (lower case, other characters as
 * '-'), so that names stay readable and stable when constructs move (two objects of one name are a CIS5014 error).
 * Checked as a DNS label of at most 40 characters.
 */
export function patternName(scope: IConstruct, name: string | undefined): string {
  if (name === undefined) {
    name = scope.node.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
    if (!name) throw configError(scope, `the construct id '${scope.node.id}' gives no name: set name.`);
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 40) {
    throw configError(scope, `name '${name}' is not a DNS label of at most 40 characters (lower case letters, digits, '-').`);
  }
  return name;
}

/** Checks one external host name (no wildcard, no namespace) and returns it. */
export function checkExternalHost(scope: IConstruct, host: string): string {
  if (!host || host.includes('*') || host.includes('/')) {
    throw configError(scope, `host '${host}' must be one external host name, without wildcard or namespace.`);
  }
  return host;
}

/** A default object name for an external host: `api.stripe.com` → `api-stripe-com`. */
export function hostName(host: string): string {
  return host.replace(/\./g, '-').toLowerCase();
}

/**
 * Metadata that suppresses analysis findings a pattern causes on purpose (Istio's `galley.istio.io/analyze-suppress`),
 * e.g. CIS5003 on a declared PERMISSIVE exception.
 */
export function suppressing(codes: string[]): { annotations: { [key: string]: string } } {
  return { annotations: { [SUPPRESS_ANNOTATION]: codes.join(',') } };
}
