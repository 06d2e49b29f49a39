/**
 * What a change does, not only what it says: the behaviour model (lib/model) answers the same representative
 * requests on OLD and NEW, and the flows whose decision or route differs are the change's behaviour.
 *
 * Access: destinations are the Services of the namespaces the change touches (every namespace when it touches
 * Istio's root namespace), callers the service accounts the policies name, one of each namespace, the ingress
 * gateway and a plaintext caller; requests are each Service port with GET / and the methods and paths the
 * policies mention, at most `MAX_REQUESTS_PER_PAIR` per caller and port. Routes: the hosts of the changed
 * VirtualServices, from their gateways and from a caller of each of a few namespaces, with the match examples
 * of their rules.
 */
import { fqdn } from './mesh-index';
import { ResourceChange } from './model';
import type { DataplaneAssumptions } from '../../analysis/context';
import { concretePath } from '../../checks/behaviour';
import { AccessResult, MeshModel, RoutedDestination, RouteRequest, RouteResult } from '../../model';
import { arr, isObj, JsonObject, num, obj, objs, str, strMap, strs } from '../../vocab/json';
import { isKubeObject, KubeObject } from '../../vocab/object';

/** At most this many requests per caller and Service port (or caller and host for routes). */
export const MAX_REQUESTS_PER_PAIR = 8;
/** At most this many namespaces' callers ask each changed route. */
const MAX_ROUTE_NAMESPACES = 4;
/** The default ingress gateway's workload identity (Istio's `istio-ingressgateway` chart). */
const INGRESS_ACCOUNT = 'istio-ingressgateway-service-account';

/** One side's answer to an access request. */
export interface FlowAnswer {
  /** ALLOW or DENY. */
  readonly decision: string;
  /** What the caller sees (200, 403, 401, 503, 0 for a reset). */
  readonly status: number;
  /** `namespace/name` of the deciding policy. @default - none decided */
  readonly policy?: string;
  /** Why, as the model says it. */
  readonly reason: string;
}

/** A request whose access decision differs between OLD and NEW. */
export interface FlowChange {
  /** The caller: `NAMESPACE/SERVICEACCOUNT` or `anonymous` (plaintext, no mesh identity). */
  readonly from: string;
  /** The destination: `NAMESPACE/SERVICE:PORT`. */
  readonly to: string;
  /** The HTTP method. */
  readonly method: string;
  /** The path. */
  readonly path: string;
  /** OLD's answer. */
  readonly before: FlowAnswer;
  /** NEW's answer. */
  readonly after: FlowAnswer;
}

/** One side's answer to a routing request. */
export interface RouteAnswer {
  /** `namespace/name` of the routing VirtualService. @default - none: the request goes to the Service itself */
  readonly virtualService?: string;
  /** Where the request goes, with weights; empty when nothing routes it, or the rule redirects or answers itself. */
  readonly destinations: RoutedDestination[];
  /** The answer in a few words: `reviews v1 90%, reviews v2 10%`, `404`, `redirect`... */
  readonly summary: string;
}

/** A request whose route (destinations or weights) differs between OLD and NEW. */
export interface RouteFlowChange {
  /** The caller: `NAMESPACE/SERVICEACCOUNT` or `gateway:NAMESPACE/NAME`. */
  readonly from: string;
  /** The host addressed. */
  readonly host: string;
  /** The port. @default - the model's default for the caller */
  readonly port?: number;
  /** The HTTP method. */
  readonly method: string;
  /** The path. */
  readonly path: string;
  /** Request headers of the match example. @default - none */
  readonly headers?: Readonly<Record<string, string>>;
  /** OLD's answer. */
  readonly before: RouteAnswer;
  /** NEW's answer. */
  readonly after: RouteAnswer;
}

/** How much was asked: the behaviour diff samples, it does not enumerate. */
export interface BehaviourSample {
  /** Service ports asked about. */
  readonly destinations: number;
  /** Callers asked from. */
  readonly callers: number;
  /** Access requests answered on each side. */
  readonly accessRequests: number;
  /** Routing requests answered on each side. */
  readonly routeRequests: number;
  /** The cap on requests per caller and port (or caller and host). */
  readonly maxRequestsPerPair: number;
}

/** The flows a change newly allows or denies, and the routes it changes. */
export interface BehaviourDiff {
  /** Requests OLD denies and NEW allows, by destination, caller, method and path. */
  readonly newlyAllowed: FlowChange[];
  /** Requests OLD allows and NEW denies, in the same order. */
  readonly newlyDenied: FlowChange[];
  /** Requests whose destinations or weights differ, by host, caller, method and path. */
  readonly routes: RouteFlowChange[];
  /** What was sampled. */
  readonly sampled: BehaviourSample;
}

/** Options of `diffBehaviour`. */
export interface DiffBehaviourOptions extends DataplaneAssumptions {
  /**
   * Istio's root namespace.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
}

interface Request {
  readonly method: string;
  readonly path: string;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function flatten(objects: readonly unknown[]): KubeObject[] {
  return objects.flatMap((o) => (isKubeObject(o) && o.kind === 'List' && Array.isArray(o.items) ? o.items : [o])).filter(isKubeObject);
}

function namespaceOf(o: KubeObject): string {
  return str(o.metadata?.namespace) || 'default';
}

const isKind = (o: KubeObject, group: string, kind: string) => o.kind === kind && o.apiVersion.startsWith(`${group}/`);

/** The namespaces whose Services the change may affect; undefined for all of them. */
function touchedNamespaces(changes: readonly ResourceChange[], root: string): Set<string> | undefined {
  const out = new Set<string>();
  for (const c of changes) {
    if (c.kind === 'Namespace' && c.apiVersion === 'v1') out.add(c.name);
    else if (c.namespace === root) return undefined;
    else if (c.namespace) out.add(c.namespace);
  }
  return out;
}

/** The hosts a changed DestinationRule names: its requests' destinations are in the host's namespace. */
function hostNamespaces(objects: readonly KubeObject[], changed: ReadonlySet<string>, into: Set<string>): void {
  for (const o of objects) {
    if (!isKind(o, 'networking.istio.io', 'DestinationRule') || !changed.has(key(o))) continue;
    const labels = str(obj(o.spec).host).split('.');
    into.add(labels.length > 1 && labels[1] !== 'svc' ? labels[1] : namespaceOf(o));
  }
}

function key(o: KubeObject): string {
  return `${o.kind}/${namespaceOf(o)}/${str(o.metadata?.name)}`;
}

/** `NS/SA` of the identities AuthorizationPolicies name (`principals`, `serviceAccounts`), on either side. */
function namedAccounts(policies: readonly KubeObject[]): Set<string> {
  const out = new Set<string>();
  for (const ap of policies) {
    for (const [rule] of objs(obj(ap.spec).rules)) {
      for (const [from] of objs(rule.from)) {
        const source = obj(from.source);
        for (const p of strs(source.principals)) {
          const m = /(?:^|\/)ns\/([^/*]+)\/sa\/([^/*]+)$/.exec(p);
          if (m) out.add(`${m[1]}/${m[2]}`);
        }
        for (const sa of strs(source.serviceAccounts)) out.add(sa.includes('/') ? sa : `${namespaceOf(ap)}/${sa}`);
      }
    }
  }
  return out;
}

/** GET / first, then the methods and paths the policies of a namespace (and the root's) mention, and one method they do not; at most the cap. */
function accessRequests(policies: readonly KubeObject[]): Request[] {
  const methods = new Set<string>(['GET']);
  const paths = new Set<string>(['/']);
  let namesMethods = false;
  for (const ap of policies) {
    for (const [rule] of objs(obj(ap.spec).rules)) {
      for (const [to] of objs(rule.to)) {
        const op = obj(to.operation);
        for (const m of [...strs(op.methods), ...strs(op.notMethods)]) {
          if (m === '*') continue;
          methods.add(m.toUpperCase());
          namesMethods = true;
        }
        for (const p of [...strs(op.paths), ...strs(op.notPaths)]) paths.add(concretePath(p));
      }
    }
  }
  // A method the rules do not name: what a narrowed `methods` list now refuses.
  if (namesMethods) methods.add(['POST', 'DELETE', 'PUT'].find((m) => !methods.has(m)) ?? 'PATCH');
  const out: Request[] = [];
  const add = (method: string, path: string) => {
    if (out.length < MAX_REQUESTS_PER_PAIR && !out.some((r) => r.method === method && r.path === path)) out.push({ method, path });
  };
  // Each method and each path at least once before their combinations.
  for (const m of methods) add(m, '/');
  for (const p of paths) add('GET', p);
  for (const m of methods) for (const p of paths) add(m, p);
  return out;
}

function answerOf(r: AccessResult): FlowAnswer {
  return { decision: r.decision, status: r.status, ...(r.policy ? { policy: r.policy } : {}), reason: r.reason };
}

function routeAnswer(r: RouteResult): RouteAnswer {
  const summary = r.destinations.length > 0
    ? r.destinations.map((d) => `${d.host}${d.subset ? ` ${d.subset}` : ''}${d.port ? `:${d.port}` : ''} ${d.weight}%`).join(', ')
    : r.redirect ? 'redirect' : r.directResponse ? `direct response ${num(r.directResponse.status) || ''}`.trim()
      : r.service ? `${r.service.host} (no VirtualService)` : `not routed (${r.reason})`;
  return { ...(r.virtualService ? { virtualService: r.virtualService } : {}), destinations: r.destinations, summary };
}

function sameRoute(a: RouteResult, b: RouteResult): boolean {
  const norm = (r: RouteResult) => JSON.stringify([
    r.destinations.map((d) => [d.host, d.subset ?? '', d.port ?? 0, d.weight]).sort(),
    r.service?.host ?? '', isObj(r.redirect), isObj(r.directResponse),
  ]);
  return norm(a) === norm(b);
}

/** A host a pattern matches (`*.example.com` → `www.example.com`); undefined for `*`. */
function concreteHost(host: string): string | undefined {
  if (host === '*') return undefined;
  return host.startsWith('*.') ? `www${host.slice(1)}` : host;
}

/** GET / and the examples of a VirtualService's http match blocks (exact and prefix paths, methods, exact headers). */
function routeRequests(specs: readonly JsonObject[]): Array<Request & { headers?: Record<string, string> }> {
  const out: Array<Request & { headers?: Record<string, string> }> = [{ method: 'GET', path: '/' }];
  const seen = new Set(['GET / {}']);
  for (const spec of specs) {
    for (const [rule] of objs(spec.http)) {
      for (const [block] of objs(rule.match)) {
        const uri = obj(block.uri);
        const path = str(uri.exact) || str(uri.prefix) || '/';
        const method = str(obj(block.method).exact) || 'GET';
        const headers: Record<string, string> = {};
        for (const [name, m] of Object.entries(obj(block.headers))) {
          const exact = str(obj(m).exact) || str(obj(m).prefix);
          if (exact) headers[name] = exact;
        }
        const id = `${method} ${path} ${JSON.stringify(headers)}`;
        if (seen.has(id) || out.length >= MAX_REQUESTS_PER_PAIR) continue;
        seen.add(id);
        out.push({ method, path, ...(Object.keys(headers).length > 0 ? { headers } : {}) });
      }
    }
  }
  return out;
}

/** Asks a model, or undefined when the side does not define the caller or destination. */
function ask<T>(question: () => T): T | undefined {
  try {
    return question();
  } catch (e) {
    if (e instanceof Error && (e.name === 'UnknownReferenceError' || e.name === 'InvalidRequestError')) return undefined;
    throw e;
  }
}

/** Kinds whose objects matter only in the namespace they apply to (and mesh-wide from the root namespace). */
const LOCAL_POLICY = new Set(['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Sidecar']);

/**
 * The objects the questions can depend on: everything but the Istio configuration of namespaces the change
 * does not touch (policies there decide nothing asked; DestinationRules only for hosts there; VirtualServices
 * only for the hosts of the changed ones). What keeps a large mesh's model small.
 */
function relevant(
  objects: readonly KubeObject[], touched: ReadonlySet<string> | undefined, root: string, routedHosts: ReadonlySet<string>,
): KubeObject[] {
  if (!touched) return [...objects];
  const inScope = (ns: string) => ns === root || touched.has(ns);
  return objects.filter((o) => {
    const group = o.apiVersion.split('/')[0];
    if (group !== 'networking.istio.io' && group !== 'security.istio.io') return true;
    const ns = namespaceOf(o);
    if (LOCAL_POLICY.has(o.kind)) return inScope(ns);
    if (o.kind === 'DestinationRule') {
      const host = str(obj(o.spec).host);
      const labels = host.split('.');
      return host.startsWith('*') || inScope(ns) || (labels.length > 1 && touched.has(labels[1]));
    }
    if (o.kind === 'VirtualService') return strs(obj(o.spec).hosts).some((h) => h.startsWith('*') || routedHosts.has(fqdn(h, ns)));
    return true;
  });
}

/**
 * The behaviour of a change: the access and routing flows that differ between the objects of OLD and NEW
 * (`changes` says which resources differ, so only what they can affect is asked).
 */
export function diffBehaviour(
  oldObjects: readonly unknown[], newObjects: readonly unknown[], changes: readonly ResourceChange[], options: DiffBehaviourOptions = {},
): BehaviourDiff {
  const root = options.rootNamespace ?? 'istio-system';
  const oldKube = flatten(oldObjects);
  const newKube = flatten(newObjects);
  const changed = new Set(changes.map((c) => `${c.kind}/${c.namespace || 'default'}/${c.name}`));
  const touched = touchedNamespaces(changes, root);
  if (touched) {
    hostNamespaces(oldKube, changed, touched);
    hostNamespaces(newKube, changed, touched);
  }
  const routedHosts = new Set([...oldKube, ...newKube]
    .filter((o) => isKind(o, 'networking.istio.io', 'VirtualService') && changed.has(key(o)))
    .flatMap((o) => strs(obj(o.spec).hosts).map((h) => fqdn(h, namespaceOf(o)))));
  const modelOptions = { rootNamespace: root, defaultDataplane: options.defaultDataplane, namespaceDataplanes: options.namespaceDataplanes };
  const before = MeshModel.fromObjects(relevant(oldKube, touched, root, routedHosts), modelOptions);
  const after = MeshModel.fromObjects(relevant(newKube, touched, root, routedHosts), modelOptions);

  // Access: Service ports of the touched namespaces, defined on both sides.
  const newServices = new Map(after.services().map((s) => [s.service, s]));
  const destinations = before.services()
    .filter((s) => newServices.has(s.service) && (!touched || touched.has(s.service.split('/')[0])))
    .flatMap((s) => s.ports
      .filter((p) => newServices.get(s.service)!.ports.some((q) => q.port === p.port))
      .map((p) => ({ service: s.service, port: p.port })));
  const policies = [...oldKube, ...newKube].filter((o) => isKind(o, 'security.istio.io', 'AuthorizationPolicy'));
  const oldAccounts = new Set(before.serviceAccounts());
  const bothAccounts = after.serviceAccounts().filter((a) => oldAccounts.has(a));
  const named = namedAccounts(policies);
  const firstOfNamespace = new Map<string, string>();
  for (const a of bothAccounts) if (!firstOfNamespace.has(a.split('/')[0])) firstOfNamespace.set(a.split('/')[0], a);
  const callers = [...new Set([
    `${root}/${INGRESS_ACCOUNT}`,
    ...bothAccounts.filter((a) => named.has(a)),
    ...firstOfNamespace.values(),
    'anonymous',
  ])];
  const requestsByNamespace = new Map<string, Request[]>();
  const requestsFor = (ns: string) => {
    let list = requestsByNamespace.get(ns);
    if (!list) {
      list = accessRequests(policies.filter((p) => namespaceOf(p) === ns || namespaceOf(p) === root));
      requestsByNamespace.set(ns, list);
    }
    return list;
  };
  const newlyAllowed: FlowChange[] = [];
  const newlyDenied: FlowChange[] = [];
  let accessCount = 0;
  for (const d of destinations) {
    const to = `${d.service}:${d.port}`;
    for (const from of callers) {
      for (const r of requestsFor(d.service.split('/')[0])) {
        const request = { from, to, method: r.method, path: r.path };
        accessCount++;
        const a = ask(() => before.access(request));
        const b = a && ask(() => after.access(request));
        if (!a || !b) break; // the caller is not defined on a side: no flow to compare
        if (a.decision === b.decision) continue;
        (b.decision === 'ALLOW' ? newlyAllowed : newlyDenied).push({ ...request, before: answerOf(a), after: answerOf(b) });
      }
    }
  }

  // Routes: the hosts of the changed VirtualServices, as each side defines them.
  const routeChanges: RouteFlowChange[] = [];
  let routeCount = 0;
  const vsById = new Map<string, { namespace: string; specs: JsonObject[] }>();
  const gatewayPorts = new Map<string, number[]>();
  for (const o of [...oldKube, ...newKube]) {
    if (isKind(o, 'networking.istio.io', 'Gateway')) {
      const id = `${namespaceOf(o)}/${str(o.metadata?.name)}`;
      const ports = objs(obj(o.spec).servers).map(([s]) => num(obj(s.port).number)).filter((p) => p > 0);
      gatewayPorts.set(id, [...new Set([...gatewayPorts.get(id) ?? [], ...ports])].sort((x, y) => x - y));
    }
    if (!isKind(o, 'networking.istio.io', 'VirtualService') || !changed.has(key(o))) continue;
    const entry = vsById.get(key(o)) ?? { namespace: namespaceOf(o), specs: [] };
    entry.specs.push(obj(o.spec));
    vsById.set(key(o), entry);
  }
  const seenRoutes = new Set<string>();
  for (const { namespace, specs } of vsById.values()) {
    const hosts = [...new Set(specs.flatMap((s) => strs(s.hosts)))].map(concreteHost).filter((h): h is string => h !== undefined);
    const gateways = [...new Set(specs.flatMap((s) => (arr(s.gateways).length === 0 ? ['mesh'] : strs(s.gateways))))]
      .map((g) => (g === 'mesh' || g.includes('/') ? g : `${namespace}/${g}`));
    const froms: Array<{ from: string; port?: number }> = [];
    for (const g of gateways) {
      if (g === 'mesh') {
        const namespaces = [namespace, ...[...firstOfNamespace.keys()].filter((n) => n !== namespace)].slice(0, MAX_ROUTE_NAMESPACES);
        for (const n of namespaces) if (firstOfNamespace.has(n)) froms.push({ from: firstOfNamespace.get(n)! });
      } else {
        for (const port of gatewayPorts.get(g) ?? [80]) froms.push({ from: `gateway:${g}`, port });
      }
    }
    const requests = routeRequests(specs);
    for (const host of hosts) {
      for (const { from, port } of froms) {
        for (const r of requests) {
          const request: RouteRequest = {
            from, host, method: r.method, path: r.path, ...(port ? { port } : {}), ...(r.headers ? { headers: r.headers } : {}),
          };
          const id = JSON.stringify(request);
          if (seenRoutes.has(id)) continue;
          seenRoutes.add(id);
          routeCount++;
          const a = ask(() => before.route(request));
          const b = a && ask(() => after.route(request));
          if (!a || !b) break;
          if (sameRoute(a, b)) continue;
          routeChanges.push({
            from,
            host,
            ...(port ? { port } : {}),
            method: r.method,
            path: r.path,
            ...(r.headers ? { headers: r.headers } : {}),
            before: routeAnswer(a),
            after: routeAnswer(b),
          });
        }
      }
    }
  }

  const byFlow = (x: FlowChange, y: FlowChange) => cmp(x.to, y.to) || cmp(x.from, y.from) || cmp(x.method, y.method) || cmp(x.path, y.path);
  const byRoute = (x: RouteFlowChange, y: RouteFlowChange) =>
    cmp(x.host, y.host) || cmp(x.from, y.from) || cmp(x.method, y.method) || cmp(x.path, y.path);
  return {
    newlyAllowed: newlyAllowed.sort(byFlow),
    newlyDenied: newlyDenied.sort(byFlow),
    routes: routeChanges.sort(byRoute),
    sampled: {
      destinations: destinations.length,
      callers: callers.length,
      accessRequests: accessCount,
      routeRequests: routeCount,
      maxRequestsPerPair: MAX_REQUESTS_PER_PAIR,
    },
  };
}

/** Whether a behaviour diff found any flow or route that differs. */
export function hasBehaviourChanges(b: BehaviourDiff): boolean {
  return b.newlyAllowed.length + b.newlyDenied.length + b.routes.length > 0;
}

/** Labels of a request for messages (`GET /api` with headers). */
export function requestText(r: { method: string; path: string; headers?: Readonly<Record<string, string>> }): string {
  const headers = Object.entries(strMap(r.headers ?? {})).map(([k, v]) => `${k}: ${v}`);
  return `${r.method} ${r.path}${headers.length > 0 ? ` (${headers.join(', ')})` : ''}`;
}
