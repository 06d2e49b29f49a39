import { App } from 'cdk8s';
import { GraphPart, MeshGraphOptions, buildGraph } from './build';
import { GraphGateway, GraphNamespace, GraphRoute, GraphService, GraphWorkload, MeshGraphData } from './model';
import type { DataplaneAssumptions } from '../analysis/context';
import { IstioChecks } from '../checks/app-checks';
import { checkAll } from '../checks/check-all';
import { KubeObject, isKubeObject } from '../vocab/object';

/** A `kind: List` (what `kubectl get -o yaml` writes) stands for its items. */
function flatten(objects: readonly unknown[]): KubeObject[] {
  return objects.flatMap((o) => (isKubeObject(o) && o.kind === 'List' && Array.isArray(o.items) ? o.items : [o])).filter(isKubeObject);
}

function dataplanesOf(options: MeshGraphOptions): DataplaneAssumptions {
  return { defaultDataplane: options.defaultDataplane, namespaceDataplanes: options.namespaceDataplanes };
}

/** A namespace or host to draw that the graph does not have. */
export class GraphSelectionError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'GraphSelectionError';
  }
}

/** The nodes of a namespace. @throws when there is none, naming the namespaces there are */
function namespaceNodes(data: GraphPart<{ readonly name: string }>, namespace: string): Set<string> {
  const keep = new Set<string>();
  for (const node of [...data.gateways, ...data.services, ...data.workloads]) if (node.namespace === namespace) keep.add(node.id);
  if (keep.size === 0) throw new GraphSelectionError(`no gateway, service or workload in namespace '${namespace}' (namespaces: ${data.namespaces.map((n) => n.name).join(', ') || 'none'})`);
  return keep;
}

/** A service by host: fully qualified, `name.namespace`, or a short name (any namespace). */
function servicesNamed(data: Pick<MeshGraphData, 'services'>, host: string): GraphService[] {
  return data.services.filter((s) => s.host === host || s.name === host || `${s.name}.${s.namespace}` === host);
}

/** The services of a host and their workloads. @throws when no service has the host, naming the closest */
function focusNodes(data: Pick<MeshGraphData, 'services'>, host: string): Set<string> {
  const found = servicesNamed(data, host);
  if (found.length === 0) {
    const close = data.services.filter((s) => s.host.includes(host) || host.includes(s.name)).map((s) => s.host);
    throw new GraphSelectionError(`no service with host '${host}'${close.length > 0 ? ` (did you mean ${close.slice(0, 5).join(', ')}?)` : ''}`);
  }
  return new Set(found.flatMap((s) => [s.id, ...s.workloads]));
}

/** The routes from or to the nodes kept. */
function routesTouching(routes: readonly GraphRoute[], keep: ReadonlySet<string>): GraphRoute[] {
  return routes.filter((r) => keep.has(r.from) || keep.has(r.to));
}

/** The nodes kept, the routes (`touching`) and callers touching them, and the nodes at their other ends. */
function around<N extends { readonly name: string }>(
  data: GraphPart<N>, keep: ReadonlySet<string>, touching: (keep: ReadonlySet<string>) => GraphRoute[],
): GraphPart<N> & { readonly routes: GraphRoute[] } {
  const nodes = new Set(keep);
  const routes = touching(keep);
  for (const r of routes) {
    nodes.add(r.from);
    nodes.add(r.to);
  }
  const principals = new Set(data.workloads.filter((w) => keep.has(w.id)).map((w) => w.principal));
  for (const w of data.workloads) {
    for (const g of w.callers) {
      if (g.kind !== 'principal') continue;
      // Callers of kept workloads, and workloads a kept workload may call.
      if (keep.has(w.id)) for (const c of g.workloads) nodes.add(c);
      if (principals.has(g.principal)) nodes.add(w.id);
    }
  }
  // A service's workloads come with it only when it is kept itself; a kept workload brings the services in front of it.
  for (const s of data.services) if (s.workloads.some((w) => nodes.has(w))) nodes.add(s.id);
  const services = data.services.filter((s) => nodes.has(s.id)).map((s) => (keep.has(s.id) ? s : {
    ...s,
    workloads: s.workloads.filter((w) => nodes.has(w)),
    subsets: s.subsets.map((x) => ({ ...x, workloads: x.workloads.filter((w) => nodes.has(w)) })),
  }));
  const workloads = data.workloads.filter((w) => nodes.has(w.id));
  const gateways = data.gateways.filter((g) => nodes.has(g.id));
  const used = new Set([...gateways, ...services, ...workloads].map((n) => n.namespace));
  return { namespaces: data.namespaces.filter((n) => used.has(n.name)), gateways, services, workloads, routes };
}

/**
 * A picture of what a mesh does, as data: gateways and the hosts they serve, services with their
 * subsets and workloads, external services, the routes between them (match, weight, timeout,
 * retries, fault injection), the callers each workload admits (grouped), the mTLS mode of each
 * namespace and the findings on each node. Render it with `renderGraph` (Mermaid, DOT, SVG, HTML).
 *
 * @example
 * const graph = MeshGraph.fromApp(app);
 * graph.routes.filter((r) => r.to === 'service:reviews.bookinfo.svc.cluster.local'); // who routes to reviews, with what weight
 */
export class MeshGraph implements MeshGraphData {
  /**
   * The graph of a set of objects (parsed YAML documents or `ApiObject.toJson()`); anything not a
   * Kubernetes object is skipped. With `namespace` or `focus`, callers and findings are worked out
   * for the part shown only (what keeps a picture of one namespace of a big mesh fast).
   */
  public static fromObjects(objects: readonly unknown[], options: MeshGraphOptions = {}): MeshGraph {
    const kube = flatten(objects);
    const parts = buildGraph(kube, options);
    let keep: Set<string> | undefined;
    if (options.namespace !== undefined) keep = namespaceNodes(parts.nodes, options.namespace);
    if (options.focus !== undefined) {
      const focused = focusNodes(parts.nodes, options.focus);
      keep = keep ? new Set([...focused].filter((id) => keep!.has(id))) : focused;
      if (keep.size === 0) throw new GraphSelectionError(`no service with host '${options.focus}' in namespace '${options.namespace}'`);
    }
    if (!keep) {
      const all = options.findings ?? checkAll(kube.map((object) => ({ object })), { dataplanes: dataplanesOf(options) }).findings;
      return new MeshGraph(parts.finish({ ...parts.nodes, routes: parts.routes() }, all));
    }
    // The callers of the workloads kept come into the picture, as `inNamespace` and `focus` bring them.
    const callers = parts.finish(around(parts.nodes, keep, parts.routes), []).workloads.flatMap((w) => w.callers.flatMap((g) => (g.kind === 'principal' ? g.workloads : [])));
    const shown = around(parts.nodes, new Set([...keep, ...callers]), parts.routes);
    // Findings of the objects of the namespaces shown, as a part of a mesh (the rest is not checked).
    const names = new Set(shown.namespaces.map((n) => n.name));
    const inside = kube.filter((o) => (o.kind === 'Namespace' ? names.has(o.metadata?.name ?? '') : names.has(o.metadata?.namespace ?? 'default')));
    const findings = options.findings
      ?? checkAll(inside.map((object) => ({ object })), { assumeCompleteMesh: false, dataplanes: dataplanesOf(options) }).findings;
    return new MeshGraph(parts.finish(shown, findings));
  }

  /** The graph of an app's objects, as it synthesizes them (the app's checks run first, as at synth). */
  public static fromApp(app: App, options: MeshGraphOptions = {}): MeshGraph {
    const objects = IstioChecks.onePass(app, () => app.charts.flatMap((chart) => chart.toJson()));
    return MeshGraph.fromObjects(objects, options);
  }

  public readonly namespaces: GraphNamespace[];
  public readonly gateways: GraphGateway[];
  public readonly services: GraphService[];
  public readonly workloads: GraphWorkload[];
  public readonly routes: GraphRoute[];

  private constructor(data: MeshGraphData) {
    this.namespaces = data.namespaces;
    this.gateways = data.gateways;
    this.services = data.services;
    this.workloads = data.workloads;
    this.routes = data.routes;
  }

  /** A service by host: fully qualified, `name.namespace`, or a short name (any namespace). */
  public servicesNamed(host: string): GraphService[] {
    return servicesNamed(this, host);
  }

  /**
   * The part of the graph in a namespace, with the nodes outside it that its routes and callers
   * reach (so an edge never points nowhere).
   * @throws when no node is in the namespace, naming those that exist
   */
  public inNamespace(namespace: string): MeshGraph {
    return new MeshGraph(around(this, namespaceNodes(this, namespace), (keep) => routesTouching(this.routes, keep)));
  }

  /**
   * The neighbourhood of a host: its service and workloads, the routes to and from it with the
   * nodes at their other end, the workloads that may call it and those it may call.
   * @throws when no service has that host, naming the hosts that come closest
   */
  public focus(host: string): MeshGraph {
    return new MeshGraph(around(this, focusNodes(this, host), (keep) => routesTouching(this.routes, keep)));
  }
}
