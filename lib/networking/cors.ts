import { Duration } from 'cdk8s';
import { compactOrUndefined, nonEmpty } from './checks';
import { HttpMethod, StringMatch } from './match';
import type { VirtualServiceSpecHttpCorsPolicy } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import type { Wire } from '../core/wire';

/** What to do with a CORS preflight request whose origin is not allowed. */
export enum UnmatchedPreflights {
  /** Forward it to the upstream. */
  FORWARD = 'FORWARD',
  /** Answer it without forwarding and without CORS headers. */
  IGNORE = 'IGNORE',
}

/**
 * Cross-origin resource sharing for an HTTP route.
 * @example { allowOrigins: [StringMatch.exact('https://example.com')], allowMethods: ['GET', 'POST'], maxAge: Duration.hours(24) }
 */
export interface CorsPolicy {
  /**
   * Origins allowed to make requests.
   * @default - no origin is allowed
   */
  readonly allowOrigins?: StringMatch[];
  /**
   * Methods allowed (`Access-Control-Allow-Methods`).
   * @default - none
   */
  readonly allowMethods?: HttpMethod[];
  /**
   * Request headers allowed (`Access-Control-Allow-Headers`).
   * @default - none
   */
  readonly allowHeaders?: string[];
  /**
   * Response headers browsers may read (`Access-Control-Expose-Headers`).
   * @default - none
   */
  readonly exposeHeaders?: string[];
  /**
   * How long browsers may cache the preflight result, in whole seconds.
   * @default - not set
   */
  readonly maxAge?: Duration;
  /**
   * Whether requests may carry credentials (`Access-Control-Allow-Credentials`).
   * @default - not set
   */
  readonly allowCredentials?: boolean;
  /**
   * What to do with preflight requests from origins that are not allowed.
   * @default UnmatchedPreflights.FORWARD
   */
  readonly unmatchedPreflights?: UnmatchedPreflights;
}

/** Renders `corsPolicy`. */
export function renderCors(cors: CorsPolicy, what: string): Wire<VirtualServiceSpecHttpCorsPolicy> {
  return compactOrUndefined({
    allowOrigins: nonEmpty(cors.allowOrigins)?.map((o) => o.toJson()),
    allowMethods: nonEmpty(cors.allowMethods),
    allowHeaders: nonEmpty(cors.allowHeaders),
    exposeHeaders: nonEmpty(cors.exposeHeaders),
    maxAge: cors.maxAge && renderMaxAge(cors.maxAge, `${what}.maxAge`),
    allowCredentials: cors.allowCredentials,
    unmatchedPreflights: cors.unmatchedPreflights,
  }) ?? {};
}

function renderMaxAge(maxAge: Duration, what: string): string {
  const text = renderIstioDuration(maxAge, what);
  if (!text.endsWith('s') || text.endsWith('ms')) {
    throw fieldError(what, `Istio keeps CORS maxAge to whole seconds, got ${text}.`);
  }
  return text;
}
