import { checkNonEmpty, compactOrUndefined, nonEmpty, nonEmptyRecord } from './checks';
import type { VirtualServiceSpecHttpHeaders, VirtualServiceSpecHttpHeadersRequest } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import type { Wire } from '../core/wire';

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

const AUTHORITY = new Set([':authority', 'host']);

/**
 * Istio's rules on header names: no pseudo-headers (`:path`), and the authority (`Host`) may only be
 * set or added on requests (prefer `rewrite.authority`).
 */
function checkHeaderName(name: string, what: string, authorityAllowed: boolean): void {
  checkNonEmpty(name, `${what} header name`);
  const lower = name.toLowerCase();
  if (AUTHORITY.has(lower) && !authorityAllowed) {
    throw fieldError(what, `header '${name}' cannot be changed here; rewrite the authority with rewrite.authority.`);
  }
  if (name.startsWith(':') && !AUTHORITY.has(lower)) {
    throw fieldError(what, `pseudo-header '${name}' cannot be changed.`);
  }
}

function renderOps(ops: HeaderOperations | undefined, what: string, isRequest: boolean): Wire<VirtualServiceSpecHttpHeadersRequest> | undefined {
  if (!ops) return undefined;
  for (const name of [...Object.keys(ops.set ?? {}), ...Object.keys(ops.add ?? {})]) checkHeaderName(name, what, isRequest);
  for (const name of ops.remove ?? []) checkHeaderName(name, what, false);
  return compactOrUndefined({ set: nonEmptyRecord(ops.set), add: nonEmptyRecord(ops.add), remove: nonEmpty(ops.remove) });
}

/** Checks and renders `headers`; undefined when nothing is changed. */
export function renderHeaders(headers: Headers | undefined, what: string): Wire<VirtualServiceSpecHttpHeaders> | undefined {
  if (!headers) return undefined;
  return compactOrUndefined({
    request: renderOps(headers.request, `${what}.request`, true),
    response: renderOps(headers.response, `${what}.response`, false),
  });
}
