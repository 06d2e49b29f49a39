import { WebhookCode } from './codes';
import { Report } from './report';
import { arr, asObj, entriesOf, JsonObject, num, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

/** A stable serialization of a match for comparison: keys sorted, the match `name` and Go zero values left out. */
function canonical(value: unknown, dropName: boolean): string {
  const walk = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) return v.length === 0 ? undefined : v.map((x) => walk(x, false));
    const o = asObj(v);
    if (o) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) {
        if (top && dropName && k === 'name') continue;
        const w = walk(o[k], false);
        if (w !== undefined) out[k] = w;
      }
      return out;
    }
    if (v === null || v === false || v === 0 || v === '') return undefined;
    return v;
  };
  return JSON.stringify(walk(value, true) ?? null);
}

interface PrefixMatch {
  readonly route: string;
  readonly match: string;
  readonly prefix: string;
  readonly port: number;
  readonly method: string;
  readonly authority: string;
  readonly headers: Map<string, string>;
  readonly queryParams: Map<string, string>;
  readonly withoutHeaders: Map<string, string>;
}

function exactOrPrefix(value: unknown): string {
  const sm = asObj(value);
  if (str(sm?.exact) !== '') return `exact:${str(sm?.exact)}`;
  if (str(sm?.prefix) !== '') return `prefix:${str(sm?.prefix)}`;
  return '';
}

function toMap(value: unknown): Map<string, string> {
  return new Map(entriesOf(value).map(([k, v]) => [k, exactOrPrefix(v)]));
}

function prefixMatch(route: string, match: JsonObject, matchName: string): PrefixMatch | undefined {
  const prefix = str(asObj(match.uri)?.prefix);
  if (prefix === '') return undefined;
  return {
    route,
    match: matchName,
    prefix,
    port: num(match.port),
    method: exactOrPrefix(match.method) || 'exact:GET',
    authority: exactOrPrefix(match.authority),
    headers: toMap(match.headers),
    queryParams: toMap(match.queryParams),
    withoutHeaders: toMap(match.withoutHeaders),
  };
}

function mapsCovered(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || (v !== w && !v.startsWith(w))) return false;
  }
  return true;
}

/** Istio's `coveredValidation`: whether the earlier prefix match `a` takes all traffic of the later one `b`. */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (b.port !== a.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  return mapsCovered(a.headers, b.headers) && mapsCovered(a.queryParams, b.queryParams) && mapsCovered(a.withoutHeaders, b.withoutHeaders);
}

/**
 * Warns, as istiod does, about VirtualService rules that can never match: rules after a catch-all rule, matches
 * repeated from an earlier rule, and prefix matches that an earlier prefix match already covers.
 */
export function checkUnreachableRules(report: Report, routes: unknown, path: string, http: boolean): void {
  const list = arr(routes);
  const seen = new Map<string, number>();
  let catchAll = -1;
  const prefixMatches: PrefixMatch[] = [];
  const routeName = (r: JsonObject, i: number): string => (http && str(r.name) !== '' ? `"${str(r.name)}"` : `#${i}`);
  const matchName = (m: JsonObject, i: number): string => (http && str(m.name) !== '' ? `"${str(m.name)}"` : `#${i}`);
  const unreachable = (i: number, name: string, reason: string): void => {
    report.warn(WebhookCode.UNREACHABLE_RULE, at(path, i), `virtualService rule ${name} not used (${reason})`,
      'Order rules from the most specific match to the least; a rule without match catches everything and must come last.');
  };
  list.forEach((item, i) => {
    const route = asObj(item);
    if (!route) return;
    const matches = arr(route.match);
    const name = routeName(route, i);
    if (matches.length === 0) {
      if (catchAll >= 0) unreachable(i, name, 'only the last rule can have no matches');
      catchAll = i;
      return;
    }
    let duplicates = 0;
    matches.forEach((mv, j) => {
      if (catchAll >= 0) {
        unreachable(i, name, 'route without matches defined before');
        return;
      }
      const m = asObj(mv) ?? {};
      const key = canonical(mv, http);
      const dup = seen.get(key);
      if (dup !== undefined) {
        report.warn(WebhookCode.UNREACHABLE_RULE, at(at(at(path, i), 'match'), j),
          `virtualService rule ${name} match ${matchName(m, j)} is not used (duplicate/overlapping match in rule ${routeName(asObj(list[dup]) ?? {}, dup)})`,
          'Remove the repeated match, or move this rule before the one that already matches it.');
        duplicates++;
        return;
      }
      seen.set(key, i);
      if (http) {
        const pm = prefixMatch(name, m, matchName(m, j));
        if (pm) prefixMatches.push(pm);
      }
    });
    if (duplicates === matches.length) unreachable(i, name, 'all matches used by prior rules');
  });
  for (let a = 0; a < prefixMatches.length; a++) {
    for (let b = a + 1; b < prefixMatches.length; b++) {
      const pa = prefixMatches[a];
      const pb = prefixMatches[b];
      if (pa.prefix === pb.prefix) continue;
      if (covered(pa, pb)) {
        report.warn(WebhookCode.UNREACHABLE_RULE, path,
          `virtualService rule ${pb.route} match ${pb.match} of prefix ${pb.prefix} is not used (overlapping match ${pa.match} of prefix ${pa.prefix} in rule ${pa.route})`,
          'Put the longer prefix first.');
      }
    }
  }
}
