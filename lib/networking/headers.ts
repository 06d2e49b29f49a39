import { checkNonEmpty, compactOrUndefined, nonEmpty, nonEmptyRecord } from './checks';

/** Changes to the headers of a request or a response. */
export interface HeaderOperations {
  /**
   * Headers to set, replacing any value they had.
   * @default - none
   */
  readonly set?: { [name: string]: string };
  /**
   * Headers to add (appended to existing values).
   * @default - none
   */
  readonly add?: { [name: string]: string };
  /**
   * Headers to remove.
   * @default - none
   */
  readonly remove?: string[];
}

/** Header manipulation on a route or a destination. */
export interface Headers {
  /**
   * Changes to the request before it is forwarded.
   * @default - none
   */
  readonly request?: HeaderOperations;
  /**
   * Changes to the response before it is returned.
   * @default - none
   */
  readonly response?: HeaderOperations;
}

function renderOps(ops: HeaderOperations | undefined, what: string): Record<string, unknown> | undefined {
  if (!ops) return undefined;
  for (const name of [...Object.keys(ops.set ?? {}), ...Object.keys(ops.add ?? {}), ...(ops.remove ?? [])]) {
    checkNonEmpty(name, `${what} header name`);
  }
  return compactOrUndefined({ set: nonEmptyRecord(ops.set), add: nonEmptyRecord(ops.add), remove: nonEmpty(ops.remove) });
}

/** Checks and renders `headers`; undefined when nothing is changed. */
export function renderHeaders(headers: Headers | undefined, what: string): Record<string, unknown> | undefined {
  if (!headers) return undefined;
  return compactOrUndefined({
    request: renderOps(headers.request, `${what}.request`),
    response: renderOps(headers.response, `${what}.response`),
  });
}
