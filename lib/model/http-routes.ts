/**
 * Gateway API HTTPRoutes as Istio 1.30 turns them into routes (pilot/pkg/config/kube/gateway/route_collections.go
 * `HTTPRouteCollection`, conversion.go `convertHTTPRoute`, `sortHTTPRoutes`, `buildHTTPDestination`):
 * - each rule is split into one route per match (a rule without matches has the API's default match, path prefix
 *   `/`); a path match without type is a prefix, a prefix ignores a trailing `/` and matches whole path segments;
 * - the routes of all HTTPRoutes for one parent and host are merged (HTTPRoutes by creation time, then namespace,
 *   then name) and sorted, stably: exact path before prefix before regex, a longer path first, then a method match,
 *   then more header matches, then more query parameter matches;
 * - backendRefs keep their relative weights (default 1; weight 0 is dropped); a rule without backendRefs answers 404,
 *   one whose weights are all 0 answers 500; a RequestRedirect filter answers with a redirect;
 * - a mesh route (parentRef a Service, GAMMA) applies to callers in the route's namespace (consumer) and, when the
 *   route is in the Service's namespace (producer), to every caller; a parentRef `port` adds a port match;
 * - a Gateway parentRef attaches to the Gateway's listeners (by `sectionName` and `port` when set) that admit the
 *   route's namespace (`allowedRoutes.namespaces.from`, default Same) and kind, for the hostnames both allow.
 */
import { fqdn } from './hosts';
import { Inventory, ModelConfig } from './inventory';
import { allowedKinds, Listener, listenersOf, namespaceAllowed } from '../analysis/analyzers/gateway-api';
import { GK } from '../analysis/context';
import { hostsMatch } from '../vocab/hosts';
import { arr, isObj, JsonObject, num, obj, objs, str, strs } from '../vocab/json';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
/** The key under which a converted route carries the `namespace/name` of the HTTPRoute it comes from. */
export const ROUTE_ORIGIN = '__origin';

/** A reference from an HTTPRoute to a parent, with the defaults applied. */
interface ParentRef {
  readonly kind: string;
  readonly group: string;
  readonly namespace: string;
  readonly name: string;
  readonly sectionName: string;
  readonly port: number;
}

function parentRefs(route: ModelConfig): ParentRef[] {
  return objs(route.spec.parentRefs).map(([p]) => ({
    kind: str(p.kind) || 'Gateway',
    group: p.group === undefined ? GATEWAY_GROUP : str(p.group),
    namespace: str(p.namespace) || route.namespace,
    name: str(p.name),
    sectionName: str(p.sectionName),
    port: num(p.port),
  }));
}

/** Istio's order of route objects before merging (`sortRoutesByCreationTime`). */
function routeOrder(a: ModelConfig, b: ModelConfig): number {
  return a.created - b.created || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A ReferenceGrant in `to` namespace lets routes of `fromNamespace` reference the Service `name`. */
function referenceGranted(inv: Inventory, fromNamespace: string, toNamespace: string, name: string): boolean {
  return inv.listIn('ReferenceGrant', toNamespace).some((g) =>
    objs(g.spec.from).some(([f]) => str(f.group) === GATEWAY_GROUP && str(f.kind) === 'HTTPRoute' && str(f.namespace) === fromNamespace)
    && objs(g.spec.to).some(([t]) => str(t.group) === '' && str(t.kind) === 'Service' && (!str(t.name) || str(t.name) === name)));
}

/** The Istio form of one match of a rule. */
function convertMatch(m: JsonObject): JsonObject {
  const path = obj(m.path);
  const type = str(path.type) || 'PathPrefix';
  let value = typeof path.value === 'string' ? path.value : '/';
  let uri: JsonObject;
  if (type === 'Exact') {uri = { exact: value };} else if (type === 'RegularExpression') {uri = { regex: value };} else {
    if (value !== '/') value = value.replace(/\/$/, '');
    uri = value === '/' ? { prefix: '/' } : { pathSeparatedPrefix: value };
  }
  const out: Record<string, unknown> = { uri };
  const headers: Record<string, unknown> = {};
  for (const [h] of objs(m.headers)) headers[str(h.name).toLowerCase()] = str(h.type) === 'RegularExpression' ? { regex: str(h.value) } : { exact: str(h.value) };
  if (Object.keys(headers).length > 0) out.headers = headers;
  const params: Record<string, unknown> = {};
  for (const [q] of objs(m.queryParams)) params[str(q.name)] = str(q.type) === 'RegularExpression' ? { regex: str(q.value) } : { exact: str(q.value) };
  if (Object.keys(params).length > 0) out.queryParams = params;
  if (typeof m.method === 'string') out.method = { exact: m.method };
  return out;
}

/** Istio's HTTPRedirect for a RequestRedirect filter (`createRedirectFilter`). */
function convertRedirect(f: JsonObject): JsonObject {
  const out: Record<string, unknown> = {};
  if (f.statusCode !== undefined) out.redirectCode = num(f.statusCode);
  if (typeof f.hostname === 'string') out.authority = f.hostname;
  if (typeof f.scheme === 'string') out.scheme = f.scheme;
  if (f.port !== undefined) out.port = num(f.port);
  const path = obj(f.path);
  if (str(path.type) === 'ReplaceFullPath') out.uri = str(path.replaceFullPath);
  if (str(path.type) === 'ReplacePrefixMatch') out.uri = `%PREFIX()%${str(path.replacePrefixMatch)}`;
  return out;
}

/**
 * The Istio routes of an HTTPRoute: one per rule and match, with `ROUTE_ORIGIN` and, for a mesh parent with a
 * port, a port match. Gateway routes need a ReferenceGrant for a backend in another namespace.
 */
export function convertHttpRoute(inv: Inventory, route: ModelConfig, mesh: boolean, port = 0): JsonObject[] {
  const out: JsonObject[] = [];
  for (const [rule, index] of objs(route.spec.rules)) {
    const matches = objs(rule.matches).map(([m]) => m);
    const filters = objs(rule.filters).map(([f]) => f);
    const redirect = filters.find((f) => str(f.type) === 'RequestRedirect');
    const base: Record<string, unknown> = { name: str(rule.name) || `${route.namespace}.${route.name}.${index}`, [ROUTE_ORIGIN]: route.id };
    const refs = objs(rule.backendRefs).map(([b]) => b);
    const weighted = refs.map((b) => ({ b, weight: b.weight === undefined ? 1 : num(b.weight) })).filter((x) => x.weight > 0);
    if (redirect) {
      base.redirect = convertRedirect(obj(redirect.requestRedirect));
    } else if (weighted.length === 0) {
      base.directResponse = { status: refs.length === 0 ? 404 : 500 };
    } else {
      const valid = weighted.filter(({ b }) => {
        const kind = str(b.kind) || 'Service';
        const ns = str(b.namespace) || route.namespace;
        if (kind !== 'Service' || (str(b.group) !== '' && str(b.group) !== 'core')) return true;
        return mesh || ns === route.namespace || referenceGranted(inv, route.namespace, ns, str(b.name));
      });
      const total = valid.reduce((s, x) => s + x.weight, 0);
      base.route = valid.map(({ b, weight }) => ({
        destination: {
          host: fqdn(str(b.name), str(b.namespace) || route.namespace),
          ...(b.port !== undefined ? { port: { number: num(b.port) } } : {}),
        },
        weight: Math.round((weight * 10000) / total) / 100,
      }));
      if (valid.length === 0) base.directResponse = { status: 500 };
    }
    for (const m of matches.length > 0 ? matches : [{}]) {
      const match: Record<string, unknown> = { ...convertMatch(m) };
      if (port) match.port = port;
      out.push({ ...base, match: [match] });
    }
  }
  return out;
}

function uriRank(m: JsonObject): [number, number] {
  const uri = obj(m.uri);
  if (typeof uri.exact === 'string') return [3, uri.exact.length];
  if (typeof uri.prefix === 'string') return [2, uri.prefix.length];
  if (typeof uri.pathSeparatedPrefix === 'string') return [2, uri.pathSeparatedPrefix.length];
  if (typeof uri.regex === 'string') return [1, uri.regex.length];
  return [-1, 0];
}

/** Istio's `sortHTTPRoutes` (stable). */
export function sortHttpRoutes(routes: JsonObject[]): JsonObject[] {
  const before = (a: JsonObject, b: JsonObject): number => {
    const ma = obj(arr(a.match)[0]);
    const mb = obj(arr(b.match)[0]);
    const [ra, la] = uriRank(ma);
    const [rb, lb] = uriRank(mb);
    if (ra !== rb) return rb - ra;
    if (la !== lb) return lb - la;
    const meth = Number(isObj(mb.method)) - Number(isObj(ma.method));
    if (meth !== 0) return meth;
    const headers = Object.keys(obj(mb.headers)).length - Object.keys(obj(ma.headers)).length;
    if (headers !== 0) return headers;
    return Object.keys(obj(mb.queryParams)).length - Object.keys(obj(ma.queryParams)).length;
  };
  return routes.map((r, i) => ({ r, i })).sort((x, y) => before(x.r, y.r) || x.i - y.i).map((x) => x.r);
}

/**
 * The mesh routes of the HTTPRoutes whose parent is a Service, as Istio merges them: one VirtualService-like
 * config per route namespace, parent port and Service host, bound to `mesh`, flagged as Gateway API routes.
 */
export function meshRouteConfigs(inv: Inventory): ModelConfig[] {
  const merged = new Map<string, { host: string; namespace: string; parts: Array<{ route: ModelConfig; port: number }> }>();
  for (const route of inv.list('HTTPRoute')) {
    for (const p of parentRefs(route)) {
      if (p.kind !== 'Service' || (p.group !== '' && p.group !== 'core')) continue;
      const host = `${p.name}.${p.namespace}.svc.cluster.local`;
      const key = `${route.namespace}/${p.port || ''}/${host}`;
      const entry = merged.get(key) ?? { host, namespace: route.namespace, parts: [] };
      entry.parts.push({ route, port: p.port });
      merged.set(key, entry);
    }
  }
  const out: ModelConfig[] = [];
  for (const [key, { host, namespace, parts }] of merged) {
    parts.sort((a, b) => routeOrder(a.route, b.route));
    const first = parts[0].route;
    out.push({
      ...first,
      kind: 'HTTPRoute',
      name: key.replace(/\//g, '~'),
      id: first.id,
      namespace,
      spec: { hosts: [host], gateways: ['mesh'], http: sortHttpRoutes(parts.flatMap((x) => convertHttpRoute(inv, x.route, true, x.port))) },
    });
  }
  return out;
}

/** The virtual host domains of a listener for a route's hostnames: where both match, the more specific. */
function domains(listener: Listener, routeHosts: readonly string[]): string[] {
  const out: string[] = [];
  for (const h of routeHosts.length > 0 ? routeHosts.map((x) => x.toLowerCase()) : ['*']) {
    const l = listener.hostname.toLowerCase();
    if (!hostsMatch(h, l)) continue;
    out.push(specificity(h) >= specificity(l) ? h : l);
  }
  return out;
}

function specificity(host: string): number {
  return host.startsWith('*') ? host.length - 1 : Number.MAX_SAFE_INTEGER;
}

/** The routes a Gateway API Gateway serves on a port, by virtual host domain, sorted as Istio sorts them. */
export function gatewayDomains(inv: Inventory, gateway: ModelConfig, port: number): Map<string, JsonObject[]> {
  const listeners = listenersOfGateway(inv, gateway).filter((l) => l.port === port);
  const byDomain = new Map<string, ModelConfig[]>();
  for (const route of inv.list('HTTPRoute')) {
    for (const p of parentRefs(route)) {
      if (p.kind !== 'Gateway' || p.group !== GATEWAY_GROUP || p.namespace !== gateway.namespace || p.name !== gateway.name) continue;
      for (const l of listeners) {
        if ((p.sectionName && p.sectionName !== l.name) || (p.port && p.port !== l.port)) continue;
        if (!allowedKinds(l).includes('HTTPRoute') || namespaceAllowed(inv.context, l, route.namespace) !== true) continue;
        for (const d of domains(l, strs(route.spec.hostnames))) {
          const list = byDomain.get(d) ?? [];
          if (!list.includes(route)) list.push(route);
          byDomain.set(d, list);
        }
      }
    }
  }
  const out = new Map<string, JsonObject[]>();
  for (const [d, routes] of byDomain) out.set(d, sortHttpRoutes(routes.sort(routeOrder).flatMap((r) => convertHttpRoute(inv, r, false))));
  return out;
}

/** Whether a Gateway API Gateway has a listener on a port. */
export function hasListener(inv: Inventory, gateway: ModelConfig, port: number): boolean {
  return listenersOfGateway(inv, gateway).some((l) => l.port === port);
}

function listenersOfGateway(inv: Inventory, gateway: ModelConfig): Listener[] {
  const r = inv.context.find(GK.KubernetesGateway, gateway.namespace, gateway.name);
  return r ? listenersOf(r) : [];
}
