/**
 * Where a request goes, as Istio 1.30 builds a caller's routes:
 * - a sidecar (pilot/pkg/model/virtualservice.go `SelectVirtualServices`, pilot/pkg/networking/core/route/route.go
 *   `BuildSidecarVirtualHostWrapper`): VirtualServices bound to `mesh` (no `gateways` = `mesh`) and exported
 *   to the caller's namespace whose hosts (short names resolved in the VirtualService's namespace) match the
 *   host — an exact host before wildcards, the most specific wildcard first — in Istio's configuration order;
 *   a VirtualService that builds no route for this caller and port is skipped, and with none the request goes
 *   to the Service itself;
 * - a gateway (pilot/pkg/networking/core/gateway.go): VirtualServices naming the Gateway whose hosts intersect
 *   the hosts of its servers on the port; the routes of several VirtualServices for one host are appended in
 *   order; the request's Host picks the virtual host (exact, then the longest wildcard).
 * Within a VirtualService (`BuildHTTPRoutesForVirtualService`, `TranslateRoute`): rules in order, each match
 * block a route; blocks for another port, other source labels or namespace, or other gateways are not built;
 * the first route matching the request wins; none matching is a 404.
 */
import { Caller, isHttpPort, ModelContext } from './context';
import { exportedTo, fqdn, resolveCallerHost } from './hosts';
import { httpMatchBlockMatches, HttpRequestView, ruleName } from './http-match';
import { gatewayDomains, hasListener, meshRouteConfigs, ROUTE_ORIGIN } from './http-routes';
import { istioOrder, ModelConfig, ModelService, WorkloadDataplane } from './inventory';
import { RoutedDestination, RouteRequest, RouteResult } from './requests';
import { serviceWaypoint } from './waypoints';
import { selectorMatches } from '../analysis/labels';
import { hostsMatch as hostMatches } from '../vocab/hosts';
import { arr, isObj, JsonObject, num, obj, objs, str, strMap, strs } from '../vocab/json';

/** The gateway name Istio uses for sidecars. */
const MESH = 'mesh';

/** A VirtualService with its hosts and gateways resolved once. */
interface IndexedVirtualService {
  readonly config: ModelConfig;
  /** Converted from Gateway API HTTPRoutes (Istio's Gateway semantics). */
  readonly gatewayApi: boolean;
  readonly hosts: readonly string[];
  readonly gateways: ReadonlySet<string>;
  readonly order: number;
}

/** One built route: a rule and, when it has matches, the match block. */
interface BuiltRoute {
  /** The VirtualService the caller selected (a delegate's root). */
  readonly root: ModelConfig;
  /** The VirtualService that defines the rule (its namespace resolves the destinations). */
  readonly vs: ModelConfig;
  readonly rule: JsonObject;
  readonly index: number;
  readonly blocks: readonly JsonObject[];
  /** Match blocks of delegating rules: one of each level must match too. */
  readonly parents: ReadonlyArray<readonly JsonObject[]>;
}

/** Who a route is built for. */
interface RouteProxy {
  readonly gatewayNames: ReadonlySet<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly namespace: string;
  readonly port: number;
}

/** VirtualServices indexed by host and gateway. */
export class VirtualServiceIndex {
  private readonly byHost = new Map<string, IndexedVirtualService[]>();
  private readonly wildcards: IndexedVirtualService[] = [];
  private readonly byGateway = new Map<string, IndexedVirtualService[]>();
  private readonly byId = new Map<string, ModelConfig>();

  public constructor(private readonly ctx: ModelContext) {
    // VirtualServices are checked when a question first reads them (HTTPRoutes are checked when converted).
    const configs = [...ctx.inv.unchecked('VirtualService'), ...meshRouteConfigs(ctx.inv)].sort(istioOrder);
    configs.forEach((config, order) => {
      const gatewayApi = config.kind === 'HTTPRoute';
      if (!gatewayApi) this.byId.set(config.id, config);
      const hosts = strs(config.spec.hosts).map((h) => fqdn(h, config.namespace));
      const gatewayRefs = strs(config.spec.gateways);
      const gateways = new Set((gatewayRefs.length === 0 ? [MESH] : gatewayRefs).map((g) => resolveGateway(g, config.namespace)));
      const vs: IndexedVirtualService = { config, gatewayApi, hosts, gateways, order };
      if (hosts.length === 0) return; // a delegate: reached only through its root
      for (const h of new Set(hosts)) {
        if (h.startsWith('*')) continue;
        const list = this.byHost.get(h) ?? [];
        list.push(vs);
        this.byHost.set(h, list);
      }
      if (hosts.some((h) => h.startsWith('*'))) this.wildcards.push(vs);
      for (const g of gateways) {
        const list = this.byGateway.get(g) ?? [];
        list.push(vs);
        this.byGateway.set(g, list);
      }
    });
  }

  /** Whether Istio accepts a VirtualService (converted HTTPRoutes were checked before). */
  private valid(v: IndexedVirtualService): boolean {
    return v.gatewayApi || this.ctx.inv.isValid(v.config);
  }

  /** Routes a request. */
  public route(request: RouteRequest): RouteResult {
    const caller = this.ctx.caller(request.from, true);
    return caller.kind === 'gateway' ? this.gatewayRoute(caller, request) : this.meshRoute(caller, request);
  }

  private meshRoute(caller: Caller, request: RouteRequest): RouteResult {
    const inv = this.ctx.inv;
    const callerNamespace = caller.namespace || 'default';
    const host = resolveCallerHost(request.host, callerNamespace, (h) => inv.servicesByHost.has(h) || this.byHost.has(h));
    // A host no Service defines is still answered (a VirtualService may serve it, or nothing does).
    const service = inv.servicesByHost.get(host);
    const port = request.port ?? defaultPort(service);
    const itself = (why: string): RouteResult => ({
      destinations: [],
      service: service ? { host: service.host, port } : { host, port },
      reason: `${why}: the request goes to ${service ? service.host : host} itself`,
    });
    // Who applies the routes: the caller's sidecar; for a ztunnel caller the Service's waypoint, or nobody (L4 only).
    let proxy: RouteProxy;
    if (caller.dataplane === WorkloadDataplane.SIDECAR) {
      proxy = { gatewayNames: new Set([MESH]), labels: caller.labels, namespace: callerNamespace, port };
    } else if (caller.dataplane === WorkloadDataplane.AMBIENT && service) {
      const waypoint = serviceWaypoint(this.ctx, service).waypoint;
      if (!waypoint) return itself(`${request.from} is in ambient mode and ${service.host} has no waypoint: ztunnel does not apply L7 routes`);
      proxy = { gatewayNames: new Set([MESH]), labels: { 'gateway.networking.k8s.io/gateway-name': waypoint.name }, namespace: waypoint.namespace, port };
    } else {
      return itself(caller.dataplane === WorkloadDataplane.AMBIENT
        ? `${request.from} is in ambient mode and ${host} is no Service with a waypoint: ztunnel does not apply L7 routes`
        : `${request.from} has no proxy to apply routes`);
    }
    const http = isHttpPort(service?.ports.find((p) => p.port === port));
    const view = requestView(request, host);
    const hostNamespace = service?.namespace;
    // Gateway API routes apply to callers of their own namespace (consumer, preferred) and, in the Service's namespace, to all.
    const visible = (v: IndexedVirtualService) => v.gateways.has(MESH) && exportedTo(v.config, proxy.namespace)
      && (!v.gatewayApi || v.config.namespace === hostNamespace || v.config.namespace === proxy.namespace) && this.valid(v);
    const consumerFirst = (v: IndexedVirtualService) => (v.gatewayApi && v.config.namespace === proxy.namespace ? 0 : 1);
    const exact = (this.byHost.get(host) ?? []).filter(visible);
    const wildcard = this.wildcards
      .filter((v) => visible(v) && v.hosts.some((h) => h.startsWith('*') && hostMatches(h, host)))
      .map((v) => ({ v, specificity: Math.max(...v.hosts.filter((h) => h.startsWith('*') && hostMatches(h, host)).map((h) => h.length)) }))
      .sort((a, b) => b.specificity - a.specificity || importOrder(a.v, proxy.namespace) - importOrder(b.v, proxy.namespace) || a.v.order - b.v.order)
      .map((x) => x.v);
    const candidates = [
      ...exact.sort((a, b) => consumerFirst(a) - consumerFirst(b)
        || importOrder(a, proxy.namespace) - importOrder(b, proxy.namespace) || a.order - b.order),
      ...wildcard,
    ];
    for (const vs of candidates) {
      const routes = http ? this.httpRoutes(vs.config, proxy) : tcpRoutes(vs.config, proxy);
      if (routes.length === 0) continue;
      return answer(vs.config, routes, view, http);
    }
    return itself(`no VirtualService or HTTPRoute applies to ${request.host} for ${request.from}`);
  }

  private gatewayRoute(caller: Caller, request: RouteRequest): RouteResult {
    const gw = caller.gateway!;
    const port = request.port ?? 80;
    if (gw.kind === 'KubernetesGateway') return this.kubernetesGatewayRoute(gw, port, request);
    const servers = objs(gw.spec.servers).map(([s]) => s).filter((s) => num(obj(s.port).number) === port);
    if (servers.length === 0) return { destinations: [], reason: `Gateway ${gw.id} has no server on port ${port}` };
    const requestHost = request.host.toLowerCase().replace(/:\d+$/, '');
    const selector = strMap(gw.spec.selector);
    const pod = Object.keys(selector).length > 0 ? this.ctx.inv.workloads.find((w) => selectorMatches(selector, w.labels)) : undefined;
    const proxy: RouteProxy = { gatewayNames: new Set([gw.id]), labels: pod?.labels ?? selector, namespace: pod?.namespace ?? gw.namespace, port };
    const domains = new Map<string, ModelConfig[]>();
    const vses = (this.byGateway.get(gw.id) ?? []).filter((v) => exportedTo(v.config, gw.namespace) && this.valid(v));
    for (const server of servers) {
      for (const vs of vses) {
        for (const domain of intersect(strs(server.hosts), vs.config.namespace, gw.namespace, vs.hosts)) {
          const list = domains.get(domain) ?? [];
          if (!list.includes(vs.config)) list.push(vs.config);
          domains.set(domain, list);
        }
      }
    }
    const domain = pickDomain([...domains.keys()], requestHost);
    if (domain === undefined) return { destinations: [], reason: `no VirtualService bound to Gateway ${gw.id} serves host ${requestHost} on port ${port}: 404` };
    const routes = domains.get(domain)!.flatMap((vs) => this.httpRoutes(vs, proxy));
    if (routes.length === 0) return { virtualService: domains.get(domain)![0].id, routeKind: 'VirtualService', destinations: [], reason: `no route of ${domains.get(domain)!.map((v) => v.id).join(', ')} applies on Gateway ${gw.id}: 404` };
    return answer(routes[0].root, routes, requestView(request, requestHost), true);
  }

  /** A Gateway API Gateway: the HTTPRoutes attached to its listeners on the port, by virtual host. */
  private kubernetesGatewayRoute(gw: ModelConfig, port: number, request: RouteRequest): RouteResult {
    if (!hasListener(this.ctx.inv, gw, port)) return { destinations: [], reason: `Gateway ${gw.id} has no listener on port ${port}` };
    const requestHost = request.host.toLowerCase().replace(/:\d+$/, '');
    const byDomain = gatewayDomains(this.ctx.inv, gw, port);
    const domain = pickDomain([...byDomain.keys()], requestHost);
    if (domain === undefined) return { destinations: [], reason: `no HTTPRoute attached to Gateway ${gw.id} serves host ${requestHost} on port ${port}: 404` };
    const rules = byDomain.get(domain)!;
    const routes: BuiltRoute[] = rules.map((rule, index) => ({
      root: gw, vs: gw, rule, index, blocks: objs(rule.match).map(([b]) => b), parents: [],
    }));
    return answer(gw, routes, requestView(request, requestHost), true);
  }

  /**
   * The routes a VirtualService builds for a proxy. A rule delegating to another VirtualService expands to
   * the delegate's rules, each also requiring one of the delegating rule's match blocks.
   */
  private httpRoutes(vs: ModelConfig, proxy: RouteProxy, parents: ReadonlyArray<readonly JsonObject[]> = []): BuiltRoute[] {
    const out: BuiltRoute[] = [];
    for (const [rule, index] of objs(vs.spec.http)) {
      const blocks = objs(rule.match).map(([b]) => b);
      const applicable = blocks.filter((b) => builtFor(b, proxy, vs.namespace));
      if (blocks.length > 0 && applicable.length === 0) continue;
      const delegate = obj(rule.delegate);
      if (str(delegate.name)) {
        const target = this.byId.get(`${str(delegate.namespace) || vs.namespace}/${str(delegate.name)}`);
        if (target && this.ctx.inv.isValid(target) && parents.length < 8) {
          out.push(...this.httpRoutes(target, proxy, [...parents, applicable]).map((r) => ({ ...r, root: vs })));
        }
        continue;
      }
      out.push({ root: vs, vs, rule, index, blocks: applicable, parents });
      if (blocks.length === 0 || applicable.some(isCatchAll)) break;
    }
    return out;
  }
}

/** Istio's `resolveGatewayName`: `name` is in the configuration's namespace; `mesh` stays. */
function resolveGateway(ref: string, namespace: string): string {
  if (ref === MESH) return MESH;
  return ref.includes('/') ? ref : `${namespace}/${ref}`;
}

/** Private (exportTo `.`) first, then exported to the namespace by name, then public (`SelectVirtualServices`). */
function importOrder(vs: IndexedVirtualService, namespace: string): number {
  const exportTo = arr(vs.config.spec.exportTo).map(String);
  if (exportTo.includes('.') && vs.config.namespace === namespace) return 0;
  if (exportTo.includes(namespace)) return 1;
  return 2;
}

/** `sourceMatchHTTP` and the port check of `TranslateRoute`: whether a match block is built for this proxy. */
function builtFor(block: JsonObject, proxy: RouteProxy, namespace: string): boolean {
  const port = num(block.port);
  if (port !== 0 && port !== proxy.port) return false;
  const gateways = strs(block.gateways);
  if (gateways.length > 0) return gateways.some((g) => proxy.gatewayNames.has(resolveGateway(g, namespace)));
  if (!selectorMatches(strMap(block.sourceLabels), proxy.labels)) return false;
  return !str(block.sourceNamespace) || str(block.sourceNamespace) === proxy.namespace;
}

function isCatchAll(block: JsonObject): boolean {
  const uri = obj(block.uri);
  const uriAll = Object.keys(uri).length === 0 || uri.prefix === '/';
  return uriAll && ['headers', 'withoutHeaders', 'queryParams', 'method', 'authority', 'scheme'].every((k) => Object.keys(obj(block[k])).length === 0);
}

function tcpRoutes(vs: ModelConfig, proxy: RouteProxy): BuiltRoute[] {
  const out: BuiltRoute[] = [];
  for (const [rule, index] of objs(vs.spec.tcp)) {
    const blocks = objs(rule.match).map(([b]) => b);
    const applicable = blocks.filter((b) => builtFor(b, proxy, vs.namespace));
    if (blocks.length > 0 && applicable.length === 0) continue;
    out.push({ root: vs, vs, rule, index, blocks: [], parents: [] });
  }
  return out;
}

function answer(vs: ModelConfig, routes: readonly BuiltRoute[], view: HttpRequestView, http: boolean): RouteResult {
  const hit = routes.find((r) => anyBlock(r.blocks, view) && r.parents.every((level) => anyBlock(level, view)));
  if (!hit) {
    const origin = str(routes[0]?.rule[ROUTE_ORIGIN]);
    const what = origin ? `HTTPRoute ${origin}` : `VirtualService ${vs.id}`;
    return { virtualService: origin || vs.id, routeKind: origin ? 'HTTPRoute' : 'VirtualService', destinations: [], reason: `no rule of ${what} matches ${view.method} ${view.path}: 404` };
  }
  const rule = ruleName(hit.rule, hit.index);
  const kind = http ? 'http' : 'tcp';
  const origin = str(hit.rule[ROUTE_ORIGIN]);
  const base = { virtualService: origin || hit.root.id, routeKind: origin ? 'HTTPRoute' : 'VirtualService', rule };
  const fault = isObj(hit.rule.fault) ? hit.rule.fault : undefined;
  if (isObj(hit.rule.redirect)) return { ...base, destinations: [], redirect: hit.rule.redirect, fault, reason: `${kind} rule ${rule} of ${base.virtualService} redirects` };
  if (isObj(hit.rule.directResponse)) return { ...base, destinations: [], directResponse: hit.rule.directResponse, fault, reason: `${kind} rule ${rule} of ${base.virtualService} answers directly` };
  return { ...base, destinations: destinationsOf(hit.rule, hit.vs.namespace), fault, reason: `${kind} rule ${rule} of ${origin ? `HTTPRoute ${origin}` : base.virtualService} matches` };
}

/** No match blocks match everything; otherwise one must match. */
function anyBlock(blocks: readonly JsonObject[], view: HttpRequestView): boolean {
  return blocks.length === 0 || blocks.some((b) => httpMatchBlockMatches(b, view));
}

/** The weighted destinations of a rule (`route.go`: one destination takes everything; a weight of 0 among several is dropped). */
function destinationsOf(rule: JsonObject, namespace: string): RoutedDestination[] {
  const routes = objs(rule.route).map(([r]) => r);
  const toDestination = (r: JsonObject, weight: number): RoutedDestination => {
    const d = obj(r.destination);
    const port = num(obj(d.port).number);
    return { host: fqdn(str(d.host), namespace), subset: str(d.subset) || undefined, port: port || undefined, weight };
  };
  if (routes.length === 1) return [toDestination(routes[0], 100)];
  return routes.filter((r) => num(r.weight) > 0).map((r) => toDestination(r, num(r.weight)));
}

function requestView(request: RouteRequest, authority: string): HttpRequestView {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = String(v);
  return { path: request.path ?? '/', authority: request.headers?.host ?? authority, method: request.method ?? 'GET', headers };
}

function defaultPort(service: ModelService | undefined): number {
  if (!service || service.ports.length === 0) return 80;
  return (service.ports.find((p) => isHttpPort(p)) ?? service.ports[0]).port;
}

/**
 * The virtual host domains a server's hosts and a VirtualService's hosts share (gateway.go: the server hosts,
 * `namespace/host` filtering the VirtualService's namespace, intersected with its hosts; the more specific
 * of two matching hosts is the domain).
 */
function intersect(serverHosts: readonly string[], vsNamespace: string, gatewayNamespace: string, vsHosts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of serverHosts) {
    const slash = raw.indexOf('/');
    const ns = slash < 0 ? '*' : raw.slice(0, slash);
    const h = (slash < 0 ? raw : raw.slice(slash + 1)).toLowerCase();
    if (ns !== '*' && (ns === '.' ? gatewayNamespace : ns) !== vsNamespace) continue;
    for (const vh of vsHosts) {
      if (!hostMatches(vh, h)) continue;
      out.add(specificity(vh) >= specificity(h) ? vh : h);
    }
  }
  return [...out];
}

function specificity(host: string): number {
  return host.startsWith('*') ? host.length - 1 : Number.MAX_SAFE_INTEGER;
}

/** Envoy's virtual host choice: an exact domain, else the longest matching `*.suffix`, else `*`. */
function pickDomain(domains: readonly string[], host: string): string | undefined {
  if (domains.includes(host)) return host;
  const wild = domains.filter((d) => d.startsWith('*') && d !== '*' && host.endsWith(d.slice(1))).sort((a, b) => b.length - a.length);
  if (wild.length > 0) return wild[0];
  return domains.includes('*') ? '*' : undefined;
}
