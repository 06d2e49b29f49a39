import { Duration } from 'cdk8s';
import { checkInteger, nonEmpty } from './checks';
import type { VirtualServiceSpecHttpRetries } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** A condition under which Envoy retries an HTTP request (Envoy's `x-envoy-retry-on` and `x-envoy-retry-grpc-on` values). */
export enum RetryOn {
  /** Any 5xx response, or a connect failure, reset or refused stream. */
  FIVE_XX = '5xx',
  /** 502, 503 or 504 responses. */
  GATEWAY_ERROR = 'gateway-error',
  /** The upstream did not respond at all (disconnect, reset, read timeout). */
  RESET = 'reset',
  /** The upstream reset the stream before any response was sent. */
  RESET_BEFORE_REQUEST = 'reset-before-request',
  /** The connection to the upstream failed (e.g. connect timeout). */
  CONNECT_FAILURE = 'connect-failure',
  /** The upstream returned HTTP/2 `REFUSED_STREAM`. */
  REFUSED_STREAM = 'refused-stream',
  /** A retriable 4xx response (currently 409). */
  RETRIABLE_4XX = 'retriable-4xx',
  /** Status codes listed in `retryOnStatusCodes` (or the `x-envoy-retriable-status-codes` header). */
  RETRIABLE_STATUS_CODES = 'retriable-status-codes',
  /** Responses carrying one of the `x-envoy-retriable-header-names` headers. */
  RETRIABLE_HEADERS = 'retriable-headers',
  /** Envoy's local rate limit answered (`x-envoy-ratelimited`). */
  ENVOY_RATELIMITED = 'envoy-ratelimited',
  /** An HTTP/3 request failed after the connection was set up. */
  HTTP3_POST_CONNECT_FAILURE = 'http3-post-connect-failure',
  /** gRPC status CANCELLED. */
  GRPC_CANCELLED = 'cancelled',
  /** gRPC status DEADLINE_EXCEEDED. */
  GRPC_DEADLINE_EXCEEDED = 'deadline-exceeded',
  /** gRPC status INTERNAL. */
  GRPC_INTERNAL = 'internal',
  /** gRPC status RESOURCE_EXHAUSTED. */
  GRPC_RESOURCE_EXHAUSTED = 'resource-exhausted',
  /** gRPC status UNAVAILABLE. */
  GRPC_UNAVAILABLE = 'unavailable',
}

/**
 * How an HTTP route retries failed requests.
 * @example { attempts: 3, perTryTimeout: Duration.seconds(2), retryOn: [RetryOn.GATEWAY_ERROR, RetryOn.CONNECT_FAILURE] }
 */
export interface HttpRetry {
  /** How many times to retry; 0 disables retries (then give no other setting). */
  readonly attempts: number;
  /**
   * The timeout of each attempt, at least 1ms.
   * @default - the route's timeout
   */
  readonly perTryTimeout?: Duration;
  /**
   * The conditions under which to retry.
   * @default - Istio's default: connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes
   */
  readonly retryOn?: RetryOn[];
  /**
   * HTTP status codes to retry on, appended to `retryOn` as numbers (Istio adds `retriable-status-codes` for them).
   * @default - none
   */
  readonly retryOnStatusCodes?: number[];
  /**
   * Retry on endpoints in other localities.
   * @default false
   */
  readonly retryRemoteLocalities?: boolean;
  /**
   * Avoid endpoints already tried.
   * @default false
   */
  readonly retryIgnorePreviousHosts?: boolean;
  /**
   * The base interval between retries.
   * @default 25ms
   */
  readonly backoff?: Duration;
}

/** Checks and renders `retries`. */
export function renderRetry(retry: HttpRetry, what: string): Wire<VirtualServiceSpecHttpRetries> {
  checkInteger(retry.attempts, `${what}.attempts`);
  const { attempts: _attempts, ...others } = retry;
  if (retry.attempts === 0 && Object.values(others).some((v) => v !== undefined)) {
    throw fieldError(what, 'attempts 0 disables retries, so the other retry settings would be ignored; remove them or allow attempts.');
  }
  const codes = (retry.retryOnStatusCodes ?? []).map((code, i) => {
    if (!Number.isInteger(code) || code < 100 || code > 599) {
      throw fieldError(`${what}.retryOnStatusCodes[${i}]`, `must be an HTTP status code from 100 to 599, got ${code}.`);
    }
    return String(code);
  });
  const conditions = [...new Set<string>([...(retry.retryOn ?? []), ...codes])];
  return dropUndefined({
    attempts: retry.attempts,
    perTryTimeout: retry.perTryTimeout && renderIstioDuration(retry.perTryTimeout, `${what}.perTryTimeout`),
    retryOn: nonEmpty(conditions)?.join(','),
    retryRemoteLocalities: retry.retryRemoteLocalities,
    retryIgnorePreviousHosts: retry.retryIgnorePreviousHosts,
    backoff: retry.backoff && renderIstioDuration(retry.backoff, `${what}.backoff`),
  });
}
