/**
 * VirtualService request matching as Envoy evaluates the route Istio builds
 * (pilot/pkg/networking/core/route/route.go `TranslateRouteMatch`, `translateHeaderMatch`,
 * `translateQueryParamMatch`): every condition of a match block must hold; string matches are exact, prefix
 * or RE2 regex (a full match); an empty match `{}` means "present"; `withoutHeaders` inverts, a missing
 * header counting as empty. `uri` exact and regex see the path without its query string, prefix the whole
 * `:path`. Header names are case-insensitive.
 */
import { isObj, JsonObject, obj, str } from '../vocab/json';
import { compileRe2 } from '../vocab/re2';

/** The parts of a request a match block looks at. */
export interface HttpRequestView {
  /** The `:path` header (path and query string). */
  readonly path: string;
  /** The `:authority` header, without a port. */
  readonly authority: string;
  /** The HTTP method. */
  readonly method: string;
  /** Headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

function fullMatch(regex: string, value: string): boolean {
  const { re } = compileRe2(regex);
  return re !== undefined && re.matcher(value).matches();
}

/** An Istio `StringMatch` on a value (undefined = absent: only a `{}` presence match fails on it too). */
export function stringMatches(m: JsonObject, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (typeof m.exact === 'string') return v === (ignoreCase ? m.exact.toLowerCase() : m.exact);
  if (typeof m.prefix === 'string') return v.startsWith(ignoreCase ? m.prefix.toLowerCase() : m.prefix);
  // Envoy's case_sensitive does not apply to regex matches.
  if (typeof m.regex === 'string') return fullMatch(m.regex, value);
  return true;
}

function isPresenceMatch(m: JsonObject): boolean {
  return typeof m.exact !== 'string' && typeof m.prefix !== 'string' && typeof m.regex !== 'string';
}

function query(path: string): Map<string, string> {
  const q = path.indexOf('?');
  const out = new Map<string, string>();
  if (q < 0) return out;
  for (const pair of path.slice(q + 1).split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!out.has(k)) out.set(k, eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1)));
  }
  return out;
}

/** Whether the request-dependent conditions of a match block hold (port, source and gateway are checked elsewhere). */
export function httpMatchBlockMatches(block: JsonObject, req: HttpRequestView): boolean {
  const ignoreCase = block.ignoreUriCase === true;
  if (isObj(block.uri)) {
    const bare = req.path.split('?')[0];
    const m = block.uri;
    if (typeof m.pathSeparatedPrefix === 'string') {
      // Gateway API prefixes match whole segments (Envoy's path_separated_prefix, route.go for Gateway semantics).
      const p = m.pathSeparatedPrefix;
      if (bare !== p && !bare.startsWith(`${p}/`)) return false;
    } else if (!stringMatches(m, typeof m.prefix === 'string' ? req.path : bare, ignoreCase)) {return false;}
  }
  if (isObj(block.method) && !stringMatches(block.method, req.method)) return false;
  if (isObj(block.authority) && !stringMatches(block.authority, req.authority)) return false;
  if (isObj(block.scheme) && !stringMatches(block.scheme, 'http')) return false;
  for (const [name, m] of Object.entries(obj(block.headers))) {
    if (!stringMatches(obj(m), req.headers[name.toLowerCase()])) return false;
  }
  for (const [name, m] of Object.entries(obj(block.withoutHeaders))) {
    const value = req.headers[name.toLowerCase()];
    const sm = obj(m);
    const matched = isPresenceMatch(sm) ? value !== undefined : stringMatches(sm, value ?? '');
    if (matched) return false;
  }
  const params = query(req.path);
  for (const [name, m] of Object.entries(obj(block.queryParams))) {
    if (!stringMatches(obj(m), params.get(name))) return false;
  }
  return true;
}

/** The name of a rule (`http[i].name`) or its index. */
export function ruleName(rule: JsonObject, index: number): string {
  return str(rule.name) || String(index);
}
