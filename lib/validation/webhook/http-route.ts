import { WebhookCode } from './codes';
import { checkDestination, checkDuration, checkPort } from './common';
import { durationNanos } from './durations';
import { checkGatewayNames } from './gateway-names';
import {
  corsHeaderNameError, headerOperationNameError, headerValueError, isAuthorityHeader, matchHeaderNameError, setRequestHeaderNameError,
} from './headers';
import { checkLabels, isDNS1123Label } from './labels';
import { REGEX_HINT, regexError } from './regex';
import { Report } from './report';
import { arr, asObj, entriesOf, isSet, JsonObject, nonEmpty, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

/** Checks a `StringMatch`: an empty `prefix` or `regex` is rejected, a regex must be RE2. `allowEmptyPrefix` for `uri`. */
export function checkStringMatch(report: Report, value: unknown, path: string, allowEmptyPrefix = false): void {
  const sm = asObj(value);
  if (!sm) return;
  if (!allowEmptyPrefix && sm.prefix === '') {
    report.error(WebhookCode.INVALID_MATCH, at(path, 'prefix'), 'prefix string match should not be empty', 'Remove the match, or give a non-empty prefix.');
  }
  checkRegexMatch(report, sm, path);
}

function checkRegexMatch(report: Report, sm: JsonObject, path: string): void {
  if (typeof sm.regex !== 'string') return;
  if (sm.regex === '') {
    report.error(WebhookCode.INVALID_REGEX, at(path, 'regex'), 'regex string match should not be empty', REGEX_HINT);
    return;
  }
  report.errorIf(regexError(sm.regex), WebhookCode.INVALID_REGEX, at(path, 'regex'), REGEX_HINT);
}

/** Header manipulation (`headers.request/response.set/add/remove`). */
export function checkHeaderOperations(report: Report, value: unknown, path: string): void {
  const headers = asObj(value);
  if (!headers) return;
  const code = WebhookCode.INVALID_HEADER;
  const hint = 'Header names must not be empty, a pseudo-header (`:path`) or `Host` (use rewrite.authority); values may use `%%` for a literal `%`.';
  for (const side of ['request', 'response'] as const) {
    const ops = asObj(headers[side]);
    if (!ops) continue;
    const sp = at(path, side);
    for (const op of ['add', 'set'] as const) {
      for (const [name, val] of entriesOf(ops[op])) {
        const p = at(at(sp, op), name);
        report.errorIf(side === 'request' ? setRequestHeaderNameError(name) : headerOperationNameError(name), code, p, hint);
        report.errorIf(headerValueError(str(val)), code, p, hint);
      }
    }
    arr(ops.remove).forEach((name, i) => report.errorIf(headerOperationNameError(str(name)), code, at(at(sp, 'remove'), i), hint));
  }
}

/** Route destinations (HTTP, TCP and TLS): a destination each, no negative weight, not all weights zero. */
export function checkRouteDestinations(report: Report, value: unknown, path: string, gatewaySemantics: boolean, http: boolean): void {
  const list = arr(value);
  const code = WebhookCode.INVALID_ROUTE_DESTINATION;
  let total = 0;
  list.forEach((item, i) => {
    const p = at(path, i);
    const rd = asObj(item);
    if (!rd) {
      report.error(code, p, 'route destination may not be null');
      return;
    }
    if (!isSet(rd.destination)) report.error(code, at(p, 'destination'), 'destination is required', 'Set destination.host to the service to route to.');
    if (http) checkHeaderOperations(report, rd.headers, at(p, 'headers'));
    if (!gatewaySemantics) checkDestination(report, rd.destination, at(p, 'destination'));
    const weight = num(rd.weight);
    if (weight < 0) report.error(code, at(p, 'weight'), `weight ${weight} < 0`, 'Weights are 0 or more; they are relative shares of the traffic.');
    total += weight;
  });
  if (list.length > 1 && total === 0) {
    report.error(code, path, 'total destination weight = 0: with several destinations, at least one needs a weight',
      'Give the destinations weights that add up to 100, e.g. 90 and 10.');
  }
}

const RETRY_ON = new Set(['5xx', 'gateway-error', 'reset', 'reset-before-request', 'connect-failure', 'retriable-4xx', 'refused-stream',
  'retriable-status-codes', 'retriable-headers', 'envoy-ratelimited', 'http3-post-connect-failure',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable']);

const HTTP_STATUS_CODES = new Set([100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
  500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511]);

function isRetryOnPolicy(policy: string): boolean {
  if (/^[+-]?[0-9]+$/.test(policy) && HTTP_STATUS_CODES.has(parseInt(policy, 10))) return true;
  return RETRY_ON.has(policy);
}

function checkRetry(report: Report, value: unknown, path: string): void {
  const r = asObj(value);
  if (!r) return;
  const code = WebhookCode.INVALID_RETRY;
  const attempts = num(r.attempts);
  if (attempts < 0) report.error(code, at(path, 'attempts'), 'attempts cannot be negative');
  const retryOn = str(r.retryOn);
  if (attempts === 0 && (isSet(r.perTryTimeout) || retryOn !== '' || isSet(r.retryRemoteLocalities))) {
    report.error(code, at(path, 'attempts'), 'http retry policy configured when attempts are set to 0 (disabled)', 'Set attempts to 1 or more, or remove the other retry settings.');
  }
  checkDuration(report, r.perTryTimeout, at(path, 'perTryTimeout'));
  if (retryOn !== '') {
    for (const policy of retryOn.split(',')) {
      if (!isRetryOnPolicy(policy)) {
        report.error(code, at(path, 'retryOn'), `"${policy}" is not a valid retryOn policy`,
          'Use comma-separated values without spaces from 5xx, gateway-error, reset, connect-failure, retriable-4xx, refused-stream, retriable-status-codes, cancelled, deadline-exceeded, internal, resource-exhausted, unavailable, or HTTP status codes.');
      }
    }
  }
  checkDuration(report, r.backoff, at(path, 'backoff'));
}

const CORS_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', '*']);

function checkCors(report: Report, value: unknown, path: string): void {
  const cors = asObj(value);
  if (!cors) return;
  const code = WebhookCode.INVALID_CORS;
  arr(cors.allowOrigins).forEach((o, i) => {
    const p = at(at(path, 'allowOrigins'), i);
    const sm = asObj(o) ?? {};
    const match = str(sm.exact) || str(sm.prefix) || str(sm.regex);
    if (match === '') {
      report.error(code, p, "'' is not a valid match type for CORS allow origins", 'Give an origin as exact, prefix or regex, e.g. `exact: https://example.com`.');
      return;
    }
    checkRegexMatch(report, sm, p);
  });
  arr(cors.allowMethods).forEach((m, i) => {
    if (!CORS_METHODS.has(str(m))) report.error(code, at(at(path, 'allowMethods'), i), `"${str(m)}" is not a supported HTTP method`, 'Use upper-case methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, CONNECT, TRACE or `*`.');
  });
  for (const field of ['allowHeaders', 'exposeHeaders']) {
    arr(cors[field]).forEach((h, i) => report.errorIf(corsHeaderNameError(str(h)), code, at(at(path, field), i)));
  }
  if (isSet(cors.maxAge)) {
    checkDuration(report, cors.maxAge, at(path, 'maxAge'));
    const ns = durationNanos(cors.maxAge);
    if (ns !== undefined && ns > BigInt(0) && ns % BigInt(1000000000) !== BigInt(0)) {
      report.error(code, at(path, 'maxAge'), 'max_age duration is accurate only to seconds precision', 'Use whole seconds, e.g. `24h` or `600s`.');
    }
  }
}

const GRPC_STATUS = new Set(['OK', 'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS', 'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE', 'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED']);

function checkPercentage(report: Report, value: unknown, path: string, code: string): void {
  const pct = asObj(value);
  if (!pct) return;
  const v = num(pct.value);
  if (v < 0 || v > 100 || (v > 0 && v < 0.0001)) report.error(code, at(path, 'value'), `percentage ${v} is neither 0.0, nor in range [0.0001, 100.0]`);
}

function httpStatusError(status: number): string | undefined {
  return status < 200 || status > 600 ? `HTTP status ${status} is not in range 200-599` : undefined;
}

function checkFault(report: Report, value: unknown, path: string): void {
  const fault = asObj(value);
  if (!fault) return;
  const code = WebhookCode.INVALID_FAULT;
  if (!isSet(fault.abort) && !isSet(fault.delay)) report.error(code, path, 'HTTP fault injection must have an abort and/or a delay', 'Set fault.abort or fault.delay.');
  const abort = asObj(fault.abort);
  if (abort) {
    const p = at(path, 'abort');
    checkPercentage(report, abort.percentage, at(p, 'percentage'), code);
    if (isSet(abort.grpcStatus)) {
      if (!GRPC_STATUS.has(str(abort.grpcStatus))) report.error(code, at(p, 'grpcStatus'), `gRPC status "${str(abort.grpcStatus)}" is not supported`, "Use a gRPC status name such as 'NOT_FOUND' or 'UNAVAILABLE'.");
    } else if (isSet(abort.http2Error)) {
      report.error(code, at(p, 'http2Error'), 'HTTP/2 abort fault injection not supported yet', 'Use httpStatus or grpcStatus.');
    } else if (isSet(abort.httpStatus)) {
      report.errorIf(httpStatusError(num(abort.httpStatus)), code, at(p, 'httpStatus'), 'Use an HTTP status from 200 to 599.');
    } else {
      report.warn(code, p, 'abort configured, but error type not set', 'Set httpStatus or grpcStatus.');
    }
  }
  const delay = asObj(fault.delay);
  if (delay) {
    const p = at(path, 'delay');
    checkPercentage(report, delay.percentage, at(p, 'percentage'), code);
    if (isSet(delay.fixedDelay)) {
      checkDuration(report, delay.fixedDelay, at(p, 'fixedDelay'));
    } else if (isSet(delay.exponentialDelay)) {
      checkDuration(report, delay.exponentialDelay, at(p, 'exponentialDelay'));
      report.error(code, at(p, 'exponentialDelay'), 'exponentialDelay not supported yet', 'Use fixedDelay.');
    }
  }
}

function checkRedirect(report: Report, value: unknown, path: string, matches: unknown): void {
  const r = asObj(value);
  if (!r) return;
  const code = WebhookCode.INVALID_HTTP_ACTION;
  // prefixRewrite is new in Istio 1.31 (validateHTTPRedirect at 1.31.0-rc.0); older releases reject it as an unknown field.
  const prefixRewrite = str(r.prefixRewrite);
  if (str(r.uri) !== '' && prefixRewrite !== '') {
    report.error(code, path, 'redirect may only specify one of uri or prefix_rewrite', 'Keep uri (the whole path) or prefixRewrite (the matched prefix).');
    return;
  }
  if (prefixRewrite !== '' && arr(matches).some((m) => isSet(asObj(m)?.uri) && !isSet(asObj(asObj(m)?.uri)?.prefix))) {
    report.error(code, path, 'redirect prefix_rewrite requires all URI matches to use prefix match type', 'Match the URI with a prefix, or redirect with uri.');
    return;
  }
  if (str(r.uri) === '' && prefixRewrite === '' && str(r.authority) === '' && !isSet(r.port) && !isSet(r.derivePort) && str(r.scheme) === '') {
    report.error(code, path, 'redirect must specify URI, authority, scheme, or port', 'Set at least one of uri, authority, scheme or port.');
    return;
  }
  const redirectCode = num(r.redirectCode);
  if (redirectCode !== 0 && (redirectCode < 300 || redirectCode > 399)) {
    report.error(code, at(path, 'redirectCode'), `${redirectCode} is not a valid redirect code, must be 3xx`, 'Use 301, 302, 303, 307 or 308.');
    return;
  }
  const scheme = str(r.scheme);
  if (scheme !== '' && scheme !== 'http' && scheme !== 'https') {
    report.error(code, at(path, 'scheme'), 'invalid redirect scheme, must be "http" or "https"');
    return;
  }
  if (num(r.port) > 0) checkPort(report, r.port, at(path, 'port'));
}

function checkDirectResponse(report: Report, value: unknown, path: string): void {
  const dr = asObj(value);
  if (!dr) return;
  const code = WebhookCode.INVALID_HTTP_ACTION;
  const body = asObj(dr.body);
  if (body) {
    const size = typeof body.string === 'string' ? Buffer.byteLength(body.string, 'utf8')
      : typeof body.bytes === 'string' ? Buffer.from(body.bytes, 'base64').length : 0;
    if (size > 1024 * 1024) report.error(code, at(path, 'body'), 'large direct_responses may impact control plane performance, must be less than 1MB');
    else if (size > 100 * 1024) report.warn(code, at(path, 'body'), 'large direct_responses may impact control plane performance');
  }
  report.errorIf(httpStatusError(num(dr.status)), code, at(path, 'status'), 'Use an HTTP status from 200 to 599.');
}

function checkMirrors(report: Report, value: unknown, path: string): void {
  const code = WebhookCode.INVALID_HTTP_ACTION;
  arr(value).forEach((item, i) => {
    const p = at(path, i);
    const m = asObj(item);
    if (!m) {
      report.error(code, p, 'mirror cannot be null');
      return;
    }
    if (!isSet(m.destination)) {
      report.error(code, at(p, 'destination'), 'destination is required for mirrors');
      return;
    }
    checkDestination(report, m.destination, at(p, 'destination'));
    const pct = asObj(m.percentage);
    if (pct) {
      const v = num(pct.value);
      if (v > 100) report.error(code, at(p, 'percentage.value'), `mirror percentage must have a max value of 100 (it has ${v})`);
      if (v < 0) report.error(code, at(p, 'percentage.value'), `mirror percentage must have a min value of 0 (it has ${v})`);
    }
  });
}

function checkRewrite(report: Report, value: unknown, path: string): void {
  const rw = asObj(value);
  if (!rw) return;
  const code = WebhookCode.INVALID_HTTP_ACTION;
  const uri = str(rw.uri);
  const regexRewrite = asObj(rw.uriRegexRewrite);
  if (uri !== '' && regexRewrite) {
    report.error(code, path, 'rewrite may only contain one of uri or uriRegexRewrite');
    return;
  }
  if (uri === '' && !regexRewrite && str(rw.authority) === '') {
    report.error(code, path, 'rewrite must specify at least one of uri, uriRegexRewrite, or authority', 'Set uri, uriRegexRewrite or authority, or remove the rewrite.');
    return;
  }
  if (regexRewrite) {
    const match = str(regexRewrite.match);
    if (match === '' || str(regexRewrite.rewrite) === '') {
      report.error(code, at(path, 'uriRegexRewrite'), 'uriRegexRewrite requires both rewrite and match fields to be specified');
      return;
    }
    report.errorIf(regexError(match), WebhookCode.INVALID_REGEX, at(at(path, 'uriRegexRewrite'), 'match'), REGEX_HINT);
  }
}

function checkAuthorityRewrite(report: Report, rewrite: unknown, headers: unknown, path: string): void {
  let current = str(asObj(rewrite)?.authority);
  const request = asObj(asObj(headers)?.request);
  for (const op of ['set', 'add']) {
    for (const [name, val] of entriesOf(request?.[op])) {
      if (!isAuthorityHeader(name)) continue;
      if (current !== '') {
        report.error(WebhookCode.INVALID_HEADER, at(at(at(path, 'headers.request'), op), name), `authority header cannot be set multiple times: have "${current}", attempting to set "${str(val)}"`,
          'Set the authority once: in rewrite.authority or in one header operation.');
        return;
      }
      current = str(val);
    }
  }
}

function checkConflicts(report: Report, http: JsonObject, path: string, kind: 'independent' | 'root' | 'delegate'): void {
  const code = WebhookCode.HTTP_ROUTE_CONFLICT;
  const name = str(http.name);
  if (kind === 'root') {
    if (isSet(http.redirect)) report.error(code, at(path, 'redirect'), `root HTTP route ${name} must not specify redirect`, 'A route with `delegate` hands the request to the delegate VirtualService; move the redirect there.');
    if (nonEmpty(http.route)) report.error(code, at(path, 'route'), `root HTTP route ${name} must not specify route`, 'A route with `delegate` hands the request to the delegate VirtualService; move the route there.');
    return;
  }
  if (kind === 'delegate' && isSet(http.delegate)) report.error(code, at(path, 'delegate'), 'delegate HTTP route cannot contain delegate', 'Delegation is one level deep.');
  const hasRoute = nonEmpty(http.route);
  if (isSet(http.redirect)) {
    if (hasRoute) report.error(code, path, 'HTTP route cannot contain both route and redirect', 'Keep one of route and redirect.');
    if (isSet(http.fault)) report.error(code, path, 'HTTP route cannot contain both fault and redirect');
    if (isSet(http.rewrite)) report.error(code, path, 'HTTP route rule cannot contain both rewrite and redirect');
    if (isSet(http.directResponse)) report.error(code, path, 'HTTP route rule cannot contain both directResponse and redirect');
  } else if (isSet(http.directResponse)) {
    if (hasRoute) report.error(code, path, 'HTTP route cannot contain both route and directResponse');
    if (isSet(http.fault)) report.error(code, path, 'HTTP route cannot contain both fault and directResponse');
    if (isSet(http.rewrite)) report.error(code, path, 'HTTP route rule cannot contain both rewrite and directResponse');
  } else if (!hasRoute) {
    report.error(code, path, 'HTTP route, redirect or directResponse is required', 'Add `route` with at least one destination.');
  }
  if (isSet(http.mirror) && nonEmpty(http.mirrors)) report.error(code, path, 'HTTP route cannot contain both mirror and mirrors', 'Move mirror into mirrors.');
}

function checkMatchRequests(report: Report, http: JsonObject, path: string): void {
  arr(http.match).forEach((item, i) => {
    const m = asObj(item);
    if (!m) return;
    const p = at(at(path, 'match'), i);
    for (const [name, header] of entriesOf(m.headers)) {
      const hp = at(at(p, 'headers'), name);
      if (!isSet(header)) report.error(WebhookCode.INVALID_MATCH, hp, `header match ${name} cannot be null`);
      report.errorIf(matchHeaderNameError(name), WebhookCode.INVALID_HEADER, hp);
      checkStringMatch(report, header, hp);
    }
    for (const [name, header] of entriesOf(m.withoutHeaders)) {
      const hp = at(at(p, 'withoutHeaders'), name);
      report.errorIf(matchHeaderNameError(name), WebhookCode.INVALID_HEADER, hp);
      if (asObj(header)?.regex !== '*') checkStringMatch(report, header, hp);
    }
    checkStringMatch(report, m.uri, at(p, 'uri'), true);
    checkStringMatch(report, m.scheme, at(p, 'scheme'));
    checkStringMatch(report, m.method, at(p, 'method'));
    checkStringMatch(report, m.authority, at(p, 'authority'));
    for (const [name, qp] of entriesOf(m.queryParams)) checkStringMatch(report, qp, at(at(p, 'queryParams'), name));
    if (num(m.port) !== 0) checkPort(report, m.port, at(p, 'port'));
    checkLabels(report, m.sourceLabels, at(p, 'sourceLabels'));
    checkGatewayNames(report, m.gateways, at(p, 'gateways'), false);
    const sourceNamespace = str(m.sourceNamespace);
    if (sourceNamespace !== '' && !isDNS1123Label(sourceNamespace)) {
      report.error(WebhookCode.INVALID_MATCH, at(p, 'sourceNamespace'), `sourceNamespace match ${sourceNamespace} is invalid`, 'Use a namespace name.');
    }
  });
}

/** One `http` route of a VirtualService (istiod's `validateHTTPRoute`). */
export function checkHTTPRoute(report: Report, http: JsonObject, path: string, delegate: boolean, gatewaySemantics: boolean): void {
  const kind = delegate ? 'delegate' : isSet(http.delegate) ? 'root' : 'independent';
  checkConflicts(report, http, path, kind);
  checkMatchRequests(report, http, path);
  checkHeaderOperations(report, http.headers, at(path, 'headers'));
  checkCors(report, http.corsPolicy, at(path, 'corsPolicy'));
  checkFault(report, http.fault, at(path, 'fault'));
  if (isSet(http.mirrorPercent)) {
    const v = num(http.mirrorPercent);
    if (v > 100) report.error(WebhookCode.INVALID_HTTP_ACTION, at(path, 'mirrorPercent'), `mirrorPercent must have a max value of 100 (it has ${v})`);
    report.warn(WebhookCode.DEPRECATED_FIELD, at(path, 'mirrorPercent'), 'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead',
      'Replace `mirrorPercent: N` with `mirrorPercentage: {value: N}`.');
  }
  const mp = asObj(http.mirrorPercentage);
  if (mp) {
    const v = num(mp.value);
    if (v > 100) report.error(WebhookCode.INVALID_HTTP_ACTION, at(path, 'mirrorPercentage.value'), `mirrorPercentage must have a max value of 100 (it has ${v})`);
    if (v < 0) report.error(WebhookCode.INVALID_HTTP_ACTION, at(path, 'mirrorPercentage.value'), `mirrorPercentage must have a min value of 0 (it has ${v})`);
  }
  checkDestination(report, http.mirror, at(path, 'mirror'));
  checkMirrors(report, http.mirrors, at(path, 'mirrors'));
  checkRedirect(report, http.redirect, at(path, 'redirect'), http.match);
  checkDirectResponse(report, http.directResponse, at(path, 'directResponse'));
  checkRetry(report, http.retries, at(path, 'retries'));
  checkRewrite(report, http.rewrite, at(path, 'rewrite'));
  checkAuthorityRewrite(report, http.rewrite, http.headers, path);
  checkRouteDestinations(report, http.route, at(path, 'route'), gatewaySemantics, true);
  checkDuration(report, http.timeout, at(path, 'timeout'));
}
