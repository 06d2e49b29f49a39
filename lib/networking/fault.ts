import { Duration } from 'cdk8s';
import { checkPercent } from './checks';
import type { VirtualServiceSpecHttpFault } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire, WireDraft } from '../core/wire';

/** gRPC status codes an abort fault can answer with. */
export enum GrpcStatus {
  /** The operation was cancelled. */
  CANCELLED = 'CANCELLED',
  /** Unknown error. */
  UNKNOWN = 'UNKNOWN',
  /** The client sent an invalid argument. */
  INVALID_ARGUMENT = 'INVALID_ARGUMENT',
  /** The deadline expired. */
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  /** Not found. */
  NOT_FOUND = 'NOT_FOUND',
  /** Already exists. */
  ALREADY_EXISTS = 'ALREADY_EXISTS',
  /** Permission denied. */
  PERMISSION_DENIED = 'PERMISSION_DENIED',
  /** A resource (quota, memory) is exhausted. */
  RESOURCE_EXHAUSTED = 'RESOURCE_EXHAUSTED',
  /** The system is not in a state required for the operation. */
  FAILED_PRECONDITION = 'FAILED_PRECONDITION',
  /** The operation was aborted. */
  ABORTED = 'ABORTED',
  /** Out of range. */
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  /** Not implemented. */
  UNIMPLEMENTED = 'UNIMPLEMENTED',
  /** Internal error. */
  INTERNAL = 'INTERNAL',
  /** The service is unavailable. */
  UNAVAILABLE = 'UNAVAILABLE',
  /** Unrecoverable data loss. */
  DATA_LOSS = 'DATA_LOSS',
  /** The request is not authenticated. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
}

/**
 * Delays a share of requests before forwarding them. (Istio's `exponentialDelay` is not supported
 * by Envoy's translation and is not offered.)
 */
export interface FaultDelay {
  /** How long to delay, at least 1ms. */
  readonly fixedDelay: Duration;
  /**
   * The percentage of requests to delay, 0 to 100 (fractions allowed, e.g. 0.1). Always emitted,
   * because Istio delays no request when it is missing.
   * @default 100
   */
  readonly percentage?: number;
}

/** Answers a share of requests with an error instead of forwarding them. Give exactly one of `httpStatus` or `grpcStatus`. */
export interface FaultAbort {
  /**
   * The HTTP status to answer with, e.g. 500.
   * @default - give `grpcStatus` instead
   */
  readonly httpStatus?: number;
  /**
   * The gRPC status to answer with.
   * @default - give `httpStatus` instead
   */
  readonly grpcStatus?: GrpcStatus;
  /**
   * The percentage of requests to abort, 0 to 100 (fractions allowed). Always emitted, because Istio aborts no
   * request when it is missing (pilot's `TranslateFault` leaves Envoy's percentage unset, which Envoy reads as 0%).
   * @default 100
   */
  readonly percentage?: number;
}

/**
 * Faults injected into an HTTP route, for testing resilience.
 * @example { delay: { fixedDelay: Duration.seconds(5), percentage: 10 }, abort: { httpStatus: 500, percentage: 1 } }
 */
export interface HttpFault {
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort requests.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
}

/** Checks and renders `fault`. */
export function renderFault(fault: HttpFault, what: string): Wire<VirtualServiceSpecHttpFault> {
  if (!fault.delay && !fault.abort) {
    throw fieldError(what, 'must have a delay, an abort, or both.');
  }
  const out: WireDraft<VirtualServiceSpecHttpFault> = {};
  if (fault.delay) {
    const d = fault.delay;
    out.delay = {
      fixedDelay: renderIstioDuration(d.fixedDelay, `${what}.delay.fixedDelay`),
      percentage: renderPercentage(d.percentage ?? 100, `${what}.delay.percentage`),
    };
  }
  if (fault.abort) {
    const a = fault.abort;
    if ((a.httpStatus === undefined) === (a.grpcStatus === undefined)) {
      throw fieldError(`${what}.abort`, 'needs exactly one of httpStatus or grpcStatus.');
    }
    if (a.httpStatus !== undefined && (!Number.isInteger(a.httpStatus) || a.httpStatus < 200 || a.httpStatus > 599)) {
      throw fieldError(`${what}.abort.httpStatus`, `must be an HTTP status code from 200 to 599, got ${a.httpStatus}.`);
    }
    out.abort = dropUndefined({
      httpStatus: a.httpStatus,
      grpcStatus: a.grpcStatus,
      percentage: renderPercentage(a.percentage ?? 100, `${what}.abort.percentage`),
    });
  }
  return out;
}

/** Renders an optional percentage as `{ value }`. */
export function renderPercentage(value: number | undefined, what: string): { value: number } | undefined {
  return value === undefined ? undefined : { value: checkPercent(value, what) };
}
