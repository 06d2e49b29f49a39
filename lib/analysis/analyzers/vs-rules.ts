import { isObj, JsonObject, obj, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, Resource } from '../context';

/**
 * A canonical serialization of a match, standing for Go's `json.Marshal` of the proto message Istio compares:
 * keys sorted, zero values (empty strings and lists, 0, false, null) left out, and an HTTP match's `name` ignored.
 */
function canonicalMatch(value: unknown, dropName: boolean): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(canon);
      return items.length ? items : undefined;
    }
    if (isObj(v)) {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) {
        const c = canon(v[key]);
        if (c !== undefined) out[key] = c;
      }
      return Object.keys(out).length ? out : undefined;
    }
    if (v === null || v === undefined || v === '' || v === 0 || v === false) return undefined;
    return v;
  };
  const o = { ...obj(value) };
  if (dropName) delete o.name;
  return JSON.stringify(canon(o) ?? {});
}

/** A prefix-URI match, reduced to what Istio's overlap check compares. */
interface PrefixMatch {
  readonly route: string;
  readonly match: string;
  readonly matchIndex: number;
  readonly routeIndex: number;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Record<string, string>;
  readonly queryParams: Record<string, string>;
  readonly withoutHeaders: Record<string, string>;
}

function exactOrPrefix(m: unknown): string {
  const o = obj(m);
  if (str(o.exact)) return `exact:${str(o.exact)}`;
  if (str(o.prefix)) return `prefix:${str(o.prefix)}`;
  return '';
}

function stringMatches(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value))) result[k] = exactOrPrefix(v);
  return result;
}

function routeName(rule: JsonObject, n: number, http: boolean): string {
  return http && str(rule.name) ? JSON.stringify(str(rule.name)) : `#${n}`;
}

function matchName(match: JsonObject, n: number, http: boolean): string {
  return http && str(match.name) ? JSON.stringify(str(match.name)) : `#${n}`;
}

/** Whether every key of `a` is in `b` with an equal value or a value `a`'s starts with (and both have as many keys). */
function coveredMap(a: Record<string, string>, b: Record<string, string>): boolean {
  if (Object.keys(a).length !== Object.keys(b).length) return false;
  for (const [k, v] of Object.entries(a)) {
    if (!(k in b)) return false;
    if (v !== b[k] && !v.startsWith(b[k])) return false;
  }
  return true;
}

/** Istio's `coveredValidation`: whether the earlier prefix match `a` covers the later one `b`. */
function covers(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (b.port !== a.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return coveredMap(a.headers, b.headers) && coveredMap(a.queryParams, b.queryParams) && coveredMap(a.withoutHeaders, b.withoutHeaders);
}

function analyzeRules(ctx: AnalysisContext, vs: Resource, section: 'http' | 'tcp' | 'tls'): void {
  const http = section === 'http';
  const rules = Array.isArray(vs.spec[section]) ? vs.spec[section] as unknown[] : [];
  const seen = new Map<string, number>();
  const prefixMatches: PrefixMatch[] = [];
  let emptyMatchAt = -1;
  rules.forEach((r, n) => {
    if (!isObj(r)) return;
    const matches = Array.isArray(r.match) ? r.match : [];
    const name = routeName(r, n, http);
    if (matches.length === 0) {
      if (emptyMatchAt >= 0) ctx.report(vs, 'IST0130', [name, 'only the last rule can have no matches'], `spec.${section}[${n}]`);
      emptyMatchAt = n;
      return;
    }
    let duplicates = 0;
    matches.forEach((m, k) => {
      if (emptyMatchAt >= 0) {
        ctx.report(vs, 'IST0130', [name, 'route without matches defined before'], `spec.${section}[${n}]`);
        return;
      }
      const key = canonicalMatch(m, http);
      const dup = seen.get(key);
      if (dup !== undefined) {
        ctx.report(vs, 'IST0131', [name, matchName(obj(m), k, http), routeName(obj(rules[dup]), dup, http)], `spec.${section}[${n}].match[${k}]`);
        duplicates++;
        return;
      }
      seen.set(key, n);
      const match = obj(m);
      const prefix = str(obj(match.uri).prefix);
      if (http && prefix) {
        prefixMatches.push({
          route: name,
          match: matchName(match, k, http),
          routeIndex: n,
          matchIndex: k,
          prefix,
          port: Number(match.port) || 0,
          method: exactOrPrefix(match.method) || 'exact:GET',
          authority: exactOrPrefix(match.authority),
          headers: stringMatches(match.headers),
          queryParams: stringMatches(match.queryParams),
          withoutHeaders: stringMatches(match.withoutHeaders),
        });
      }
    });
    if (duplicates === matches.length) ctx.report(vs, 'IST0130', [name, 'all matches used by prior rules'], `spec.${section}[${n}]`);
  });
  for (let i = 0; i < prefixMatches.length; i++) {
    const a = prefixMatches[i];
    for (let j = i + 1; j < prefixMatches.length; j++) {
      const b = prefixMatches[j];
      if (b.prefix === a.prefix || !covers(a, b)) continue;
      ctx.report(vs, 'IST0131', [b.route, `${b.match} of prefix ${b.prefix}`, `${a.match} of prefix ${a.prefix} on ${a.route}`],
        `spec.http[${b.routeIndex}].match[${b.matchIndex}]`);
    }
  }
}

/**
 * IST0130 unreachable rules and IST0131 ineffective matches of a VirtualService, the warnings Istio's
 * VirtualService validation adds (`analyzeUnreachableHTTPRules` and its TCP/TLS twins).
 */
export const virtualServiceRulesAnalyzer: Analyzer = {
  name: 'schema.ValidationAnalyzer.VirtualService',
  description: 'Checks for VirtualService rules that can never be used',
  codes: ['IST0130', 'IST0131'],
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.list(GK.VirtualService)) {
      analyzeRules(ctx, vs, 'http');
      analyzeRules(ctx, vs, 'tcp');
      analyzeRules(ctx, vs, 'tls');
    }
  },
};
