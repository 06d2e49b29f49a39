import { arr, isAbsent, isObj, JsonObject, obj } from '../../../vocab/json';
import { canonical, deepEqual, pairItems, setDiff } from '../compare';
import { Entry } from '../mesh-index';
import { ChangeDetail } from '../model';
import { show, showLabels } from '../show';
import { fieldChange, structuralDiff } from '../structural';
import { Explanation, KindExplainer, specOf } from './explainer';

/** The route lists of a VirtualService. */
const ROUTE_LISTS = ['http', 'tls', 'tcp'] as const;

/** Route fields explained here (for http routes, and tcp/tls routes); the others of a route get the generic diff. */
const OTHER_ROUTE_KEYS = new Set(['match', 'route']);
const EXPLAINED_ROUTE_KEYS = new Set(['match', 'route', 'timeout', 'retries', 'fault', 'mirror', 'mirrorPercentage', 'mirror_percent', 'mirrorPercent', 'mirrors']);

/** A destination of a route, with its effective weight. */
interface WeightedDestination {
  /** Identity of the destination: host, subset and port. */
  readonly key: string;
  /** e.g. `reviews v2` or `productpage:9080`. */
  readonly text: string;
  /** Percent of the route's traffic. */
  readonly weight: number;
  /** The route entry (destination, weight, headers). */
  readonly entry: JsonObject;
}

/** A destination in words: `host[:port][ subset]`. */
export function destinationText(destination: unknown): string {
  const d = obj(destination);
  const port = obj(d.port).number;
  return `${String(d.host ?? '?')}${isAbsent(port) ? '' : `:${String(port)}`}${isAbsent(d.subset) ? '' : ` ${String(d.subset)}`}`;
}

/** The destinations of a route with their weights: a lone destination without weight takes 100%, others default to 0%. */
export function weightedDestinations(route: JsonObject): WeightedDestination[] {
  const entries = arr(route.route).filter(isObj);
  const byKey = new Map<string, WeightedDestination>();
  for (const entry of entries) {
    const d = obj(entry.destination);
    const key = canonical({ host: d.host, subset: d.subset, port: obj(d.port).number });
    const weight = entries.length === 1 && isAbsent(entry.weight) ? 100 : Number(entry.weight ?? 0);
    const prev = byKey.get(key);
    byKey.set(key, { key, text: destinationText(d), weight: (prev?.weight ?? 0) + weight, entry });
  }
  return [...byKey.values()];
}

function stringMatch(value: unknown): string {
  const m = obj(value);
  const kind = Object.keys(m).find((k) => !isAbsent(m[k]));
  return kind === undefined ? 'any' : `${kind} ${show(m[kind])}`;
}

/** A match condition in words, e.g. `uri prefix /static and header end-user exact jason`. */
export function matchText(match: unknown): string {
  const m = obj(match);
  const parts: string[] = [];
  for (const key of Object.keys(m).sort()) {
    const v = m[key];
    if (isAbsent(v) || key === 'name') continue;
    if (key === 'uri' || key === 'scheme' || key === 'method' || key === 'authority') {
      parts.push(`${key} ${stringMatch(v)}`);
    } else if (key === 'headers' || key === 'queryParams' || key === 'withoutHeaders') {
      const noun = key === 'headers' ? 'header' : key === 'queryParams' ? 'query' : 'without header';
      for (const [name, sm] of Object.entries(obj(v)).sort(([a], [b]) => (a < b ? -1 : 1))) parts.push(`${noun} ${name} ${stringMatch(sm)}`);
    } else if (key === 'sourceLabels') {
      parts.push(`source ${showLabels(v)}`);
    } else if (key === 'ignoreUriCase') {
      parts.push(v ? 'ignoring URI case' : 'URI case-sensitive');
    } else {
      parts.push(`${key} ${show(v)}`);
    }
  }
  return parts.length === 0 ? 'every request' : parts.join(' and ');
}

function percentOf(value: unknown, legacy?: unknown): number {
  const p = obj(value).value;
  if (!isAbsent(p)) return Number(p);
  return isAbsent(legacy) ? 100 : Number(legacy);
}

/** Fault injection in words, e.g. `delay 7s for 100%, abort HTTP 500 for 10%`. */
export function faultText(fault: unknown): string {
  const f = obj(fault);
  const parts: string[] = [];
  if (isObj(f.delay)) {
    const d = f.delay;
    parts.push(`delay ${show(d.fixedDelay ?? d.exponentialDelay ?? '?')} for ${percentOf(d.percentage, d.percent)}%`);
  }
  if (isObj(f.abort)) {
    const a = f.abort;
    const what = !isAbsent(a.httpStatus) ? `HTTP ${show(a.httpStatus)}` : !isAbsent(a.grpcStatus) ? `gRPC ${show(a.grpcStatus)}` : `HTTP/2 ${show(a.http2Error ?? '?')}`;
    parts.push(`abort with ${what} for ${percentOf(a.percentage)}%`);
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}

/** Mirroring in words, e.g. `reviews v3 at 100%`. */
export function mirrorText(route: JsonObject): string {
  const parts: string[] = [];
  if (isObj(route.mirror)) parts.push(`${destinationText(route.mirror)} at ${percentOf(route.mirrorPercentage, route.mirrorPercent ?? route.mirror_percent)}%`);
  for (const m of arr(route.mirrors).filter(isObj)) parts.push(`${destinationText(m.destination)} at ${percentOf(m.percentage)}%`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

function retriesText(retries: unknown): string {
  const r = obj(retries);
  const parts = [`${show(r.attempts ?? '?')} attempts`];
  if (!isAbsent(r.perTryTimeout)) parts.push(`${show(r.perTryTimeout)} per try`);
  if (!isAbsent(r.retryOn)) parts.push(`on ${show(r.retryOn)}`);
  return parts.join(', ');
}

/** What a route does, in one line: `match … → destinations`. */
export function routeText(route: JsonObject): string {
  const matches = arr(route.match);
  const when = matches.length === 0 ? 'every request' : matches.map(matchText).join(' or ');
  const dests = weightedDestinations(route);
  const to = dests.length > 0 ? dests.map((d) => `${d.text} ${d.weight}%`).join(', ')
    : isObj(route.redirect) ? `redirect ${show(route.redirect)}`
      : isObj(route.directResponse) ? `direct response ${show(obj(route.directResponse).status)}`
        : isObj(route.delegate) ? `delegate to ${show(obj(route.delegate).name)}` : 'nowhere';
  return `${when} → ${to}`;
}

function routeLabel(list: string, route: JsonObject, index: number): string {
  return typeof route.name === 'string' && route.name !== '' ? `${list} "${route.name}"` : `${list}[${index}]`;
}

/** Whether every route has a distinct name (then routes pair by name). */
function named(routes: JsonObject[]): boolean {
  const names = new Set(routes.map((r) => r.name));
  return routes.length > 0 && names.size === routes.length && routes.every((r) => typeof r.name === 'string' && r.name !== '');
}

function pairRoutes(before: JsonObject[], after: JsonObject[]): { pairs: Array<[number, number]>; removed: number[]; added: number[] } {
  if (!named(before) || !named(after)) return pairItems(before, after);
  const oldIndex = new Map(before.map((r, i) => [r.name, i]));
  const pairs: Array<[number, number]> = [];
  const added: number[] = [];
  after.forEach((r, j) => {
    const i = oldIndex.get(r.name);
    if (i === undefined) {
      added.push(j);
    } else {
      pairs.push([i, j]);
      oldIndex.delete(r.name);
    }
  });
  return { pairs, added, removed: [...oldIndex.values()] };
}

function compareWeights(before: JsonObject, after: JsonObject, name: string, path: string, out: ChangeDetail[]): void {
  const oldDests = new Map(weightedDestinations(before).map((d) => [d.key, d]));
  const newDests = weightedDestinations(after);
  for (const d of newDests) {
    const o = oldDests.get(d.key);
    if (!o) {
      out.push({ path: `${path}.route`, message: `${name}: ${d.text} 0% → ${d.weight}% (new destination)`, before: 0, after: d.weight });
      continue;
    }
    if (o.weight !== d.weight) out.push({ path: `${path}.route`, message: `${name}: ${d.text} ${o.weight}% → ${d.weight}%`, before: o.weight, after: d.weight });
    // Other settings of the destination (headers...), per field.
    const { weight: _w1, ...oRest } = o.entry;
    const { weight: _w2, ...nRest } = d.entry;
    structuralDiff(oRest, nRest, `${path}.route[${d.text}]`, out, { scalarListsAreSets: true });
    oldDests.delete(d.key);
  }
  for (const o of oldDests.values()) {
    out.push({ path: `${path}.route`, message: `${name}: ${o.text} ${o.weight}% → 0% (destination removed)`, before: o.weight, after: 0 });
  }
}

function compareMatches(before: JsonObject, after: JsonObject, name: string, path: string, out: ChangeDetail[]): void {
  const oldMatches = arr(before.match);
  const newMatches = arr(after.match);
  if (deepEqual(oldMatches, newMatches)) return;
  if (newMatches.length === 0) {
    out.push({ path: `${path}.match`, message: `${name}: now matches every request (was ${oldMatches.map(matchText).join(' or ')})`, before: oldMatches });
    return;
  }
  if (oldMatches.length === 0) {
    out.push({ path: `${path}.match`, message: `${name}: now only matches ${newMatches.map(matchText).join(' or ')} (was every request)`, after: newMatches });
    return;
  }
  const { added, removed } = setDiff(oldMatches, newMatches);
  for (const m of added) out.push({ path: `${path}.match`, message: `${name}: match added: ${matchText(m)}`, after: m });
  for (const m of removed) out.push({ path: `${path}.match`, message: `${name}: match removed: ${matchText(m)}`, before: m });
  if (added.length === 0 && removed.length === 0) out.push({ path: `${path}.match`, message: `${name}: match conditions reordered`, before: oldMatches, after: newMatches });
}

function compareAspect(
  name: string, path: string, what: string, before: unknown, after: unknown, text: (v: unknown) => string, out: ChangeDetail[],
): void {
  if (deepEqual(before, after)) return;
  if (isAbsent(before)) out.push({ path, message: `${name}: ${what} added: ${text(after)}`, after });
  else if (isAbsent(after)) out.push({ path, message: `${name}: ${what} removed (was ${text(before)})`, before });
  else out.push({ path, message: `${name}: ${what} ${text(before)} → ${text(after)}`, before, after });
}

function compareRoute(list: string, before: JsonObject, after: JsonObject, path: string, name: string, out: ChangeDetail[]): void {
  compareWeights(before, after, name, path, out);
  compareMatches(before, after, name, path, out);
  compareAspect(name, `${path}.timeout`, 'timeout', before.timeout, after.timeout, (v) => show(v), out);
  if (isObj(before.retries) && isObj(after.retries)) {
    for (const key of new Set([...Object.keys(before.retries), ...Object.keys(after.retries)])) {
      const [b, a] = [before.retries[key], after.retries[key]];
      if (!deepEqual(b, a)) {
        out.push({ path: `${path}.retries.${key}`, message: `${name}: retries.${key} ${isAbsent(b) ? 'unset' : show(b)} → ${isAbsent(a) ? 'unset' : show(a)}`, before: b, after: a });
      }
    }
  } else {
    compareAspect(name, `${path}.retries`, 'retries', before.retries, after.retries, retriesText, out);
  }
  compareAspect(name, `${path}.fault`, 'fault injection', before.fault, after.fault, faultText, out);
  const mirrorOf = (r: JsonObject) => [r.mirror, r.mirrorPercentage, r.mirrorPercent, r.mirror_percent, r.mirrors];
  const [om, nm] = [mirrorText(before), mirrorText(after)];
  if (!deepEqual(mirrorOf(before), mirrorOf(after))) {
    const message = om === 'none' ? `mirroring added: ${nm}` : nm === 'none' ? `mirroring removed (was ${om})` : `mirroring ${om} → ${nm}`;
    out.push({ path: `${path}.mirror`, message: `${name}: ${message}`, before: om === 'none' ? undefined : om, after: nm === 'none' ? undefined : nm });
  }
  structuralDiff(before, after, path, out, { skip: list === 'http' ? EXPLAINED_ROUTE_KEYS : OTHER_ROUTE_KEYS, scalarListsAreSets: true });
}

function compareRouteList(list: string, before: JsonObject[], after: JsonObject[], out: ChangeDetail[]): void {
  const { pairs, removed, added } = pairRoutes(before, after);
  for (const [i, j] of pairs) {
    if (!deepEqual(before[i], after[j])) compareRoute(list, before[i], after[j], `spec.${list}[${j}]`, routeLabel(list, after[j], j), out);
  }
  for (const j of added) {
    out.push({ path: `spec.${list}[${j}]`, message: `${routeLabel(list, after[j], j)}: route added: ${routeText(after[j])}`, after: after[j] });
  }
  for (const i of removed) {
    out.push({ path: `spec.${list}[${i}]`, message: `${routeLabel(list, before[i], i)}: route removed (was ${routeText(before[i])})`, before: before[i] });
  }
  // First match wins: a different order of the routes kept is a change of behaviour.
  const order = pairs.map(([i]) => i);
  if (order.some((i, k) => k > 0 && i < order[k - 1])) {
    const names = (routes: JsonObject[], idx: number[]) => idx.map((i) => routeLabel(list, routes[i], i));
    out.push({
      path: `spec.${list}`,
      message: `${list} routes reordered (the first matching route wins): ${names(before, [...order].sort((a, b) => a - b)).join(', ')} → ${names(before, order).join(', ')}`,
    });
  }
}

function describe(entry: Entry, out: Explanation, verb: string): void {
  const spec = specOf(entry.object);
  const hosts = arr(spec.hosts).map((h) => show(h));
  const gateways = arr(spec.gateways).map((g) => show(g));
  if (hosts.length > 0 || gateways.length > 0) {
    out.details.push({
      path: 'spec.hosts',
      message: `${verb} hosts ${hosts.join(', ') || '(none)'}${gateways.length > 0 ? ` on gateways ${gateways.join(', ')}` : ''}`,
    });
  }
  for (const list of ROUTE_LISTS) {
    arr(spec[list]).filter(isObj).forEach((route, i) => {
      out.details.push({ path: `spec.${list}[${i}]`, message: `${routeLabel(list, route, i)}: ${routeText(route)}` });
    });
  }
}

/** VirtualService: weights per destination and subset, match rules, timeouts, retries, fault injection, mirroring, route order. */
export const virtualServiceExplainer: KindExplainer = {
  groupKind: 'networking.istio.io/VirtualService',
  specKeys: ROUTE_LISTS,
  changed(before, after, out) {
    const [o, n] = [specOf(before.object), specOf(after.object)];
    for (const list of ROUTE_LISTS) {
      if (deepEqual(o[list], n[list])) continue;
      if (!Array.isArray(o[list]) && !Array.isArray(n[list])) out.details.push(fieldChange(`spec.${list}`, o[list], n[list]));
      else compareRouteList(list, arr(o[list]).map(obj), arr(n[list]).map(obj), out.details);
    }
  },
  added(after, out) {
    describe(after, out, 'serves');
  },
  removed(before, out) {
    describe(before, out, 'served');
  },
};
