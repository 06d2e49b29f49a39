/**
 * Short texts for a route's edge in a picture: an edge label has room for a few words, so these
 * say what a rule takes and does in the fewest (the diff's explanations say it in full).
 */
import { JsonObject, num, obj, strs } from '../vocab/json';

/** A StringMatch in short: `/reviews` exact, `/api*` prefix, `~regex`. */
function stringMatch(value: unknown): string {
  const m = obj(value);
  if (typeof m.exact === 'string') return m.exact;
  if (typeof m.prefix === 'string') return `${m.prefix}*`;
  if (typeof m.regex === 'string') return `~${m.regex}`;
  return '*';
}

function pairs(value: unknown, sep: string): string[] {
  return Object.keys(obj(value)).sort().map((k) => `${k}${sep}${stringMatch(obj(value)[k])}`);
}

/** One HTTP match block in short, its conditions joined by `&`. */
function httpMatch(m: JsonObject): string {
  const parts: string[] = [];
  if (m.method !== undefined) parts.push(stringMatch(m.method));
  if (m.authority !== undefined) parts.push(`host ${stringMatch(m.authority)}`);
  if (m.uri !== undefined) parts.push(stringMatch(m.uri));
  parts.push(...pairs(m.headers, ': '), ...pairs(m.queryParams, '=').map((q) => `?${q}`), ...pairs(m.withoutHeaders, ': ').map((h) => `no ${h}`));
  if (m.port !== undefined) parts.push(`port ${num(m.port)}`);
  const source = Object.keys(obj(m.sourceLabels)).sort().map((k) => `${k}=${String(obj(m.sourceLabels)[k])}`);
  if (source.length > 0) parts.push(`from ${source.join(',')}`);
  if (typeof m.sourceNamespace === 'string') parts.push(`from ns ${m.sourceNamespace}`);
  return parts.length === 0 ? '*' : parts.join(' & ');
}

/** An HTTP rule's match blocks in short, ORed with `|`; `*` when it takes every request. */
export function matchSummary(matches: readonly JsonObject[]): string {
  if (matches.length === 0) return '*';
  const blocks = matches.map(httpMatch);
  return blocks.includes('*') ? '*' : blocks.join(' or ');
}

/** A TCP or TLS rule's match blocks in short: port, SNI hosts and source labels. */
export function tcpMatchSummary(matches: readonly JsonObject[]): string {
  const blocks = matches.map((m) => {
    const parts: string[] = [];
    if (m.port !== undefined) parts.push(`port ${num(m.port)}`);
    const sni = strs(m.sniHosts);
    if (sni.length > 0) parts.push(`sni ${sni.join(',')}`);
    const source = Object.keys(obj(m.sourceLabels)).sort().map((k) => `${k}=${String(obj(m.sourceLabels)[k])}`);
    if (source.length > 0) parts.push(`from ${source.join(',')}`);
    return parts.length === 0 ? '*' : parts.join(' & ');
  });
  return blocks.length === 0 || blocks.includes('*') ? '*' : blocks.join(' or ');
}

/** Retries in short: `3 x 2s` (attempts × per-try timeout). */
export function retriesSummary(retries: JsonObject): string {
  const attempts = retries.attempts === undefined ? '?' : String(num(retries.attempts));
  return typeof retries.perTryTimeout === 'string' ? `${attempts} x ${retries.perTryTimeout}` : attempts;
}

function percentOf(value: unknown): number {
  const v = obj(value).value;
  return typeof v === 'number' ? v : 100;
}

/** Fault injection in short: `delay 7s 100%`, `abort 500 10%`. */
export function faultSummary(fault: JsonObject): string {
  const parts: string[] = [];
  const delay = obj(fault.delay);
  if (Object.keys(delay).length > 0) parts.push(`delay ${String(delay.fixedDelay ?? delay.exponentialDelay ?? '?')} ${percentOf(delay.percentage)}%`);
  const abort = obj(fault.abort);
  if (Object.keys(abort).length > 0) parts.push(`abort ${String(abort.httpStatus ?? abort.grpcStatus ?? abort.http2Error ?? '?')} ${percentOf(abort.percentage)}%`);
  return parts.join(', ');
}
