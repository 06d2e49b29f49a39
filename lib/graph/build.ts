import { AccessOracle, ModelAccessOracle } from './access';
import { KnownCaller, callerGroups, principalOf } from './callers';
import { matchSummary, retriesSummary, faultSummary, tcpMatchSummary } from './labels';
import {
  GraphCallerGroup, GraphFinding, GraphGateway, GraphNamespace, GraphRoute, GraphService, GraphSubset, GraphWorkload, MeshGraphData,
  byKey, gatewayId, serviceId, workloadId,
} from './model';
import { AnalysisContext, CLUSTER_LOCAL_SUFFIX, DataplaneAssumptions, GK, PodView, Resource, hostToFqdn } from '../analysis/context';
import { parseSelectorString, selectorMatches, selectorString } from '../analysis/labels';
import { namespaceIsAmbient } from '../analysis/mesh';
import { MeshModel } from '../model/mesh-model';
import { Finding } from '../vocab/finding';
import { JsonObject, arr, isObj, num, obj, objs, str, strMap, strs } from '../vocab/json';
import { addTo } from '../vocab/multimap';
import { KubeObject } from '../vocab/object';

/** Options of `MeshGraph.fromObjects` and `MeshGraph.fromApp`. */
export interface MeshGraphOptions extends DataplaneAssumptions {
  /**
   * Findings to show on the nodes of the objects they are about (e.g. `checkAll(...).findings`).
   * @default - the findings of the per-object checks and the cross-resource analysis of the objects
   */
  readonly findings?: readonly Finding[];
  /**
   * Who may call whom.
   * @default - the behaviour model of the objects (`MeshModel.access`), with the same data-plane assumptions
   */
  readonly access?: AccessOracle;
  /**
   * Istio's root namespace: its PeerAuthentication and AuthorizationPolicies apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * Only the namespace's gateways, services and workloads, and the nodes its routes and callers reach.
   * @default - every namespace
   */
  readonly namespace?: string;
  /**
   * Only the service of this host (`reviews`, `reviews.bookinfo` or the full host) and its neighbours.
   * @default - every service
   */
  readonly focus?: string;
}

const NETWORKING = /^networking\.istio\.io\//;

/** `name` of a cluster-local host in its namespace; the host itself otherwise. */
function shortName(host: string): { name: string; namespace?: string } {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return m ? { name: m[1], namespace: m[2] } : { name: host };
}

function sortedLabels(labels: Readonly<Record<string, string>>): string {
  return selectorString(labels);
}

interface MutableService extends GraphService {
  readonly subsets: GraphSubset[];
  readonly workloads: string[];
  readonly ports: string[];
  readonly findings: GraphFinding[];
  selector?: Record<string, string>;
  defined: boolean;
  external: boolean;
}

/** The nodes of a graph, its namespaces complete or (`GraphNodes`) named only. */
export type GraphPart<N extends { readonly name: string }> = Omit<MeshGraphData, 'namespaces' | 'routes'> & { readonly namespaces: N[] };

/** Nodes with no callers and no findings yet, namespaces by name only. */
export type GraphNodes = GraphPart<{ readonly name: string }>;

/** Nodes and the routes between them, with no callers and no findings yet. */
export type GraphStructure = GraphNodes & { readonly routes: GraphRoute[] };

/** The structure of a mesh's graph, and how to complete a part of it with callers and findings. */
export interface GraphParts {
  /** Every node, with no callers and no findings yet. */
  readonly nodes: GraphNodes;
  /** The routes from or to the nodes kept (every route without `keep`), by id. */
  routes(keep?: ReadonlySet<string>): GraphRoute[];
  /** A part of the graph (or all of it) with the mTLS of its namespaces, the callers of its workloads and the findings on its nodes. */
  finish(shown: GraphStructure, findings: readonly Finding[]): MeshGraphData;
}

/** Builds the graph of objects: see `MeshGraph.fromObjects`. */
export function buildGraph(objects: readonly KubeObject[], options: MeshGraphOptions = {}): GraphParts {
  const root = options.rootNamespace ?? 'istio-system';
  const dataplanes = { defaultDataplane: options.defaultDataplane, namespaceDataplanes: options.namespaceDataplanes };
  // No assumed ingress gateway pod (the model's reading): the graph draws only what the objects define.
  const ctx = new AnalysisContext(objects, { rootNamespace: root, ingressControllerMode: 'OFF' }, true, dataplanes);
  const model = MeshModel.onContext(ctx, { rootNamespace: root, ...dataplanes });
  const oracle = options.access ?? new ModelAccessOracle(model);
  const list = (gk: string) => ctx.list(gk).filter((r) => !r.synthetic);
  const namespaceNames = new Set<string>();

  // Workloads: every pod or pod template.
  const pods = ctx.pods.filter((p) => !p.source.synthetic);
  const workloads = new Map<string, GraphWorkload & { findings: GraphFinding[]; pod: PodView }>();
  for (const pod of pods) {
    const sa = str(pod.spec.serviceAccountName) || str(pod.spec.serviceAccount) || 'default';
    const id = workloadId(pod.namespace, pod.name);
    workloads.set(id, {
      id,
      namespace: pod.namespace,
      name: pod.name,
      kind: pod.source.kind,
      labels: sortedLabels(pod.labels),
      serviceAccount: sa,
      principal: principalOf(pod.namespace, sa),
      callers: [],
      findings: [],
      pod,
    });
    namespaceNames.add(pod.namespace);
  }
  // The index's pods by label (not every workload for every selector); a workload defined twice is its last definition.
  const podsIn = (namespace: string, selector: Readonly<Record<string, string>>) => ctx.podsMatching(selector, namespace)
    .filter((p) => workloads.get(workloadId(p.namespace, p.name))?.pod === p).map((p) => workloadId(p.namespace, p.name)).sort();

  // Services: Kubernetes Services, then ServiceEntry hosts; hosts only routes name are added as they come.
  const services = new Map<string, MutableService>();
  const service = (host: string, namespace: string): MutableService => {
    const id = serviceId(host);
    let s = services.get(id);
    if (!s) {
      const short = shortName(host);
      s = {
        id,
        host,
        name: short.name,
        namespace: short.namespace ?? namespace,
        external: false,
        defined: false,
        ports: [],
        subsets: [],
        workloads: [],
        findings: [],
      };
      services.set(id, s);
      namespaceNames.add(s.namespace);
    }
    return s;
  };
  for (const r of list(GK.Service)) {
    const s = service(`${r.name}.${r.namespace}.${CLUSTER_LOCAL_SUFFIX}`, r.namespace);
    s.defined = true;
    for (const [p] of objs(r.spec.ports)) s.ports.push(`${num(p.port)}${str(p.name) ? `/${str(p.name)}` : ''}`);
    const selector = strMap(r.spec.selector);
    if (Object.keys(selector).length > 0) {
      s.selector = selector;
      s.workloads.push(...podsIn(r.namespace, selector));
    }
  }
  for (const r of list(GK.ServiceEntry)) {
    const selector = strMap(obj(r.spec.workloadSelector).labels);
    for (const host of strs(r.spec.hosts)) {
      const s = service(hostToFqdn(r.namespace, host), r.namespace);
      s.defined = true;
      s.external = str(r.spec.location) !== 'MESH_INTERNAL';
      for (const [p] of objs(r.spec.ports)) s.ports.push(`${num(p.number)}/${str(p.protocol) || str(p.name)}`);
      if (Object.keys(selector).length > 0) {
        s.selector = selector;
        s.workloads.push(...podsIn(r.namespace, selector));
      }
    }
  }
  for (const r of list(GK.DestinationRule)) {
    const host = str(r.spec.host);
    if (!host) continue;
    const s = service(hostToFqdn(r.namespace, host), r.namespace);
    for (const [subset] of objs(r.spec.subsets)) {
      const name = str(subset.name);
      if (!name || s.subsets.some((x) => x.name === name)) continue;
      const labels = strMap(subset.labels);
      const selected = s.selector ? podsIn(s.namespace, { ...s.selector, ...labels }) : [];
      s.subsets.push({ name, labels: sortedLabels(labels), workloads: selected });
    }
  }

  // Gateways.
  const gateways = new Map<string, GraphGateway>();
  for (const r of list(GK.Gateway)) {
    const id = gatewayId(r.namespace, r.name);
    const servers = objs(r.spec.servers).map(([server]) => {
      const port = obj(server.port);
      const tls = str(obj(server.tls).mode);
      return { port: num(port.number), protocol: str(port.protocol).toUpperCase(), hosts: strs(server.hosts).sort(), ...(tls ? { tls } : {}) };
    }).sort((a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0));
    gateways.set(id, { id, namespace: r.namespace, name: r.name, servers, findings: [] });
    namespaceNames.add(r.namespace);
  }
  const gateway = (ref: string, namespace: string): string => {
    const slash = ref.indexOf('/');
    const [ns, name] = slash < 0 ? [namespace, ref] : [ref.slice(0, slash), ref.slice(slash + 1)];
    const id = gatewayId(ns, name);
    if (!gateways.has(id)) {
      gateways.set(id, { id, namespace: ns, name, servers: [], findings: [] });
      namespaceNames.add(ns);
    }
    return id;
  };

  // Routes: the nodes at their ends now (a route's host is a node), the routes themselves (match summary,
  // markers) when a picture shows one of their ends, per VirtualService (a route's id names its VirtualService).
  const virtualServices = list(GK.VirtualService).map((vs) => {
    const ends = new Set<string>();
    routesOf(vs, { service, gateway, route: (from, to) => ends.add(from).add(to) });
    return { vs, ends };
  });
  const routesBuilt = new Map<Resource, GraphRoute[]>();
  const routesFrom = (vs: Resource): GraphRoute[] => {
    let built = routesBuilt.get(vs);
    if (!built) {
      const byId = new Map<string, GraphRoute>();
      routesOf(vs, { service, gateway, route: (_from, _to, route) => addRoute(byId, route()) });
      built = [...byId.values()];
      routesBuilt.set(vs, built);
    }
    return built;
  };
  const touches = (ends: ReadonlySet<string>, keep: ReadonlySet<string>) => {
    for (const e of ends) if (keep.has(e)) return true;
    return false;
  };
  const routes = (keep?: ReadonlySet<string>): GraphRoute[] => virtualServices
    .filter(({ ends }) => !keep || touches(ends, keep))
    .flatMap(({ vs }) => routesFrom(vs))
    .filter((r) => !keep || keep.has(r.from) || keep.has(r.to))
    .sort(byKey((r) => r.id));

  for (const r of list(GK.Namespace)) namespaceNames.add(r.name);
  // A namespace's mTLS and data plane are worked out when a picture shows it (a cut of a big mesh shows few).
  const namespaceNode = (name: string): GraphNamespace => {
    const mtls = model.namespaceMtls(name);
    return {
      name,
      mtls: mtls.mode,
      ...(mtls.policy ? { mtlsPolicy: mtls.policy } : {}),
      ambient: namespaceIsAmbient(ctx, name),
      findings: [],
    };
  };
  const sortedBy = <T extends { id: string }>(m: Map<string, T>) => [...m.values()].sort(byKey((x) => x.id));
  const nodes: GraphNodes = {
    namespaces: [...namespaceNames].map((name) => ({ name })).sort(byKey((n) => n.name)),
    gateways: sortedBy(gateways),
    services: sortedBy(services).map(({ selector: _s, ...s }) => ({
      ...s, ports: [...new Set(s.ports)].sort(), workloads: [...new Set(s.workloads)].sort(), subsets: [...s.subsets].sort(byKey((x) => x.name)),
    })),
    workloads: sortedBy(workloads).map(({ pod: _p, ...w }) => w),
  };

  // Who may call whom: asked only for the workloads a picture shows (the question is per caller and workload).
  const byPrincipal = new Map<string, string[]>();
  for (const w of nodes.workloads) addTo(byPrincipal, w.principal, w.id);
  let namedOnce: ReturnType<typeof principalsNamed> | undefined;
  const named = () => (namedOnce ??= principalsNamed(list(GK.AuthorizationPolicy)));
  const cache = new Map<string, GraphCallerGroup[]>();
  const callersOf = (w: GraphWorkload, shown: GraphStructure): GraphCallerGroup[] => {
    let groups = cache.get(w.id);
    if (!groups) {
      const pod = workloads.get(w.id)!.pod;
      const port = firstPort(pod);
      // The identities worth asking about: those the picture shows, and those the policies that can apply name.
      const principals = new Set([
        ...shown.workloads.map((x) => x.principal), ...(named().principals.get(w.namespace) ?? []), ...(named().principals.get(root) ?? []),
      ]);
      const known: KnownCaller[] = [...principals].flatMap((p) => {
        const ns = /\/ns\/([^/]+)\//.exec(p)?.[1];
        return ns ? [{ principal: p, namespace: ns, workloads: byPrincipal.get(p) ?? [] }] : [];
      });
      const probe = [...shown.namespaces.map((n) => n.name), w.namespace, ...named().namespaces];
      groups = callerGroups(oracle, { namespace: w.namespace, labels: pod.labels, ...(port !== undefined ? { port } : {}) }, probe, known);
      cache.set(w.id, groups);
    }
    return groups;
  };
  return {
    nodes,
    routes,
    finish: (shown, found) => {
      const copies = <T extends { findings: GraphFinding[] }>(items: readonly T[], key: (x: T) => string) =>
        new Map(items.map((x) => [key(x), { ...x, findings: [] as GraphFinding[] }]));
      const sinks: FindingSinks = {
        objects: ctx,
        root,
        namespaces: new Map(shown.namespaces.map((n) => [n.name, namespaceNode(n.name)])),
        gateways: copies(shown.gateways, (g) => g.id),
        services: copies(shown.services, (x) => x.id),
        workloads: new Map(shown.workloads.map((w) => [w.id, { ...w, callers: callersOf(w, shown), findings: [] as GraphFinding[] }])),
      };
      attachFindings(found, sinks);
      const sorted = <T extends { findings: GraphFinding[] }>(m: Map<string, T>) =>
        [...m.values()].map((x) => ({ ...x, findings: sortFindings(x.findings) }));
      return {
        namespaces: sorted(sinks.namespaces),
        gateways: sorted(sinks.gateways),
        services: sorted(sinks.services),
        workloads: sorted(sinks.workloads),
        routes: shown.routes,
      };
    },
  };
}

/** The first container port of a pod: the port a plain call reaches. */
function firstPort(pod: PodView): number | undefined {
  for (const [c] of objs(pod.spec.containers)) {
    for (const [p] of objs(c.ports)) if (num(p.containerPort) > 0) return num(p.containerPort);
  }
  return undefined;
}

/** Exact principals AuthorizationPolicies name (by the policy's namespace), and namespaces they name: the identities worth asking about. */
function principalsNamed(policies: readonly Resource[]): { principals: Map<string, string[]>; namespaces: string[] } {
  const principals = new Map<string, string[]>();
  const namespaces = new Set<string>();
  for (const p of policies) {
    for (const [rule] of objs(p.spec.rules)) {
      for (const [from] of objs(rule.from)) {
        const source = obj(from.source);
        for (const v of [...strs(source.principals), ...strs(source.notPrincipals)]) if (!v.includes('*')) addTo(principals, p.namespace, v);
        for (const v of [...strs(source.namespaces), ...strs(source.notNamespaces)]) if (!v.includes('*')) namespaces.add(v);
      }
    }
  }
  return { principals, namespaces: [...namespaces].sort() };
}

interface RouteSinks {
  readonly service: (host: string, namespace: string) => GraphService;
  readonly gateway: (ref: string, namespace: string) => string;
  /** Each route's ends, and the route itself when asked for. */
  readonly route: (from: string, to: string, route: () => Omit<GraphRoute, 'id'>) => void;
}

/** Adds a route; one with the same id (the same destination twice in a rule) adds its weight. */
function addRoute(routes: Map<string, GraphRoute>, route: Omit<GraphRoute, 'id'>): void {
  const id = `route:${route.virtualService}/${route.rule}/${route.from}/${route.to}/${route.subset ?? ''}/${route.port ?? ''}${route.mirror ? '/mirror' : ''}`;
  const previous = routes.get(id);
  routes.set(id, previous ? { ...previous, weight: previous.weight + route.weight } : { id, ...route });
}

/** The routes of one VirtualService: from each gateway it binds (or each of its hosts, for `mesh`) to each destination. */
function routesOf(vs: Resource, sinks: RouteSinks): void {
  const hosts = strs(vs.spec.hosts);
  const bound = vs.spec.gateways === undefined ? ['mesh'] : strs(vs.spec.gateways);
  const name = `${vs.namespace}/${vs.name}`;
  const sources = (host: string, only: readonly string[]): string[] => (only.length > 0 ? only : bound)
    .map((g) => (g === 'mesh' ? sinks.service(hostToFqdn(vs.namespace, host), vs.namespace).id : sinks.gateway(g, vs.namespace)));
  for (const list of ['http', 'tls', 'tcp'] as const) {
    objs(vs.spec[list]).forEach(([rule, index]) => {
      const matches = objs(rule.match).map(([m]) => m);
      // A rule whose every match names gateways applies on those only.
      const only = matches.length > 0 && matches.every((m) => strs(m.gateways).length > 0)
        ? [...new Set(matches.flatMap((m) => strs(m.gateways)))].sort() : [];
      // The rule's texts, written once when one of its routes is asked for.
      let texts: { match: string; markers: Pick<GraphRoute, 'timeout' | 'retries' | 'fault'> } | undefined;
      const described = () => (texts ??= {
        match: list === 'http' ? matchSummary(matches) : tcpMatchSummary(matches),
        markers: {
          ...(str(rule.timeout) ? { timeout: str(rule.timeout) } : {}),
          ...(isObj(rule.retries) ? { retries: retriesSummary(rule.retries) } : {}),
          ...(isObj(rule.fault) ? { fault: faultSummary(rule.fault) } : {}),
        },
      });
      const destinations = arr(rule.route).filter(isObj);
      const forward = (destination: JsonObject, weight: number, mirror: boolean) => {
        const host = str(destination.host);
        if (!host) return;
        const to = sinks.service(hostToFqdn(vs.namespace, host), vs.namespace).id;
        const port = num(obj(destination.port).number);
        for (const h of hosts) {
          for (const from of sources(h, only)) {
            sinks.route(from, to, () => ({
              from,
              to,
              ...(str(destination.subset) ? { subset: str(destination.subset) } : {}),
              ...(port ? { port } : {}),
              weight,
              host: h,
              match: described().match,
              virtualService: name,
              rule: `${list}[${index}]`,
              ...(mirror ? {} : described().markers),
              mirror,
            }));
          }
        }
      };
      for (const d of destinations) forward(obj(d.destination), destinations.length === 1 && d.weight === undefined ? 100 : num(d.weight), false);
      if (isObj(rule.mirror)) forward(rule.mirror, percent(rule.mirrorPercentage), true);
      for (const [m] of objs(rule.mirrors)) forward(obj(m.destination), percent(m.percentage), true);
    });
  }
}

function percent(value: unknown): number {
  const v = obj(value).value;
  return typeof v === 'number' ? v : 100;
}

interface FindingSinks {
  readonly objects: AnalysisContext;
  readonly namespaces: Map<string, GraphNamespace>;
  readonly gateways: Map<string, GraphGateway>;
  readonly services: Map<string, GraphService>;
  readonly workloads: Map<string, GraphWorkload>;
  readonly root: string;
}

/** Puts each finding on the node of the object it is about: a workload, service, gateway, or else its namespace. */
function attachFindings(findings: readonly Finding[], sinks: FindingSinks): void {
  for (const f of findings) {
    const r = f.resource;
    if (!r || f.suppressedBy) continue;
    const ns = r.namespace ?? 'default';
    const item: GraphFinding = { severity: f.severity, code: f.code, resource: `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? ''}`, message: f.message };
    const targets = findingTargets(r.apiVersion, r.kind, ns, r.name ?? '', sinks);
    if (targets.length === 0) sinks.namespaces.get(ns)?.findings.push(item);
    for (const t of targets) t.findings.push(item);
  }
}

function findingTargets(apiVersion: string, kind: string, ns: string, name: string, sinks: FindingSinks): Array<{ findings: GraphFinding[] }> {
  const resource = sinks.objects.find(`${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}/${kind}`, ns, name);
  const spec = resource?.spec ?? {};
  const some = <T>(x: T | undefined): T[] => (x ? [x] : []);
  if (NETWORKING.test(apiVersion)) {
    if (kind === 'Gateway') return some(sinks.gateways.get(gatewayId(ns, name)));
    if (kind === 'DestinationRule') return some(sinks.services.get(serviceId(hostToFqdn(ns, str(spec.host)))));
    if (kind === 'VirtualService' || kind === 'ServiceEntry') return strs(spec.hosts).flatMap((h) => some(sinks.services.get(serviceId(hostToFqdn(ns, h)))));
    return [];
  }
  if (kind === 'Service' && !apiVersion.includes('/')) return some(sinks.services.get(serviceId(`${name}.${ns}.${CLUSTER_LOCAL_SUFFIX}`)));
  const workload = sinks.workloads.get(workloadId(ns, name));
  if (workload) return [workload];
  // A security policy with a selector: the workloads it selects (otherwise it is the namespace's).
  const selector = strMap(obj(spec.selector).matchLabels);
  if (/^security\.istio\.io\//.test(apiVersion) && Object.keys(selector).length > 0) {
    return [...sinks.workloads.values()].filter((w) => w.namespace === ns && selectorMatches(selector, parseSelectorString(w.labels)));
  }
  return [];
}

function sortFindings(findings: readonly GraphFinding[]): GraphFinding[] {
  return [...findings].sort(byKey((f) => `${f.severity}\u0000${f.code}\u0000${f.resource}\u0000${f.message}`));
}
