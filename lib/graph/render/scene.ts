/**
 * What a picture of a graph shows, before any drawing syntax: boxes for namespaces and services,
 * nodes with their lines of text, and edges with a label and a style. The Mermaid and DOT writers
 * print the same scene, so the two pictures always agree.
 */
import { identityAccount } from '../../vocab/identity';
import { GraphCallerExceptions, GraphCallerGroup, GraphFinding, GraphGateway, GraphNamespace, GraphRoute, GraphService, GraphWorkload, byKey } from '../model';

/** How a change marks a node or an edge in a diff's picture. */
export type SceneChange = 'added' | 'removed' | 'changed';

/** What a node stands for. */
export type SceneNodeKind = 'gateway' | 'host' | 'external' | 'workload' | 'subset';

/** A node: one box with lines of text. */
export interface SceneNode {
  /** The graph id it stands for (`subset:<host>/<name>` for a subset without exactly one workload). */
  readonly id: string;
  /** What it stands for. */
  readonly kind: SceneNodeKind;
  /** Its lines of text, the first one its name. */
  readonly lines: string[];
  /** The worst finding's severity, when it has findings. */
  readonly severity?: string;
  /** Its findings, for a tooltip. */
  readonly findings: GraphFinding[];
  /** Set in a diff's picture. */
  readonly change?: SceneChange;
}

/** A box of nodes: a namespace, or a service inside one. */
export interface SceneCluster {
  /** `ns:<name>` or the service id. */
  readonly id: string;
  /** The box's title. */
  readonly label: string;
  /** `namespace` or `service`. */
  readonly kind: 'namespace' | 'service';
  /** For a namespace: its mTLS mode (`STRICT`, `PERMISSIVE`, `DISABLE`). */
  readonly mtls?: string;
  /** Nodes directly in the box. */
  readonly nodes: SceneNode[];
  /** Boxes inside the box (services in a namespace). */
  readonly clusters: SceneCluster[];
}

/** An edge between two nodes. */
export interface SceneEdge {
  /** From node id. */
  readonly from: string;
  /** To node id. */
  readonly to: string;
  /** The label (may be empty). */
  readonly label: string;
  /** `route` (traffic), `mirror` (a copy of it), `caller` (who may call whom) or `member` (a service's workload: not drawn, it orders the layout). */
  readonly style: 'route' | 'mirror' | 'caller' | 'member';
  /** Set in a diff's picture. */
  readonly change?: SceneChange;
}

/** A whole picture. */
export interface Scene {
  /** Namespaces, each with its nodes and service boxes. */
  readonly clusters: SceneCluster[];
  /** Every edge, sorted. */
  readonly edges: SceneEdge[];
}

/** The graph a scene is drawn from: `MeshGraph` or a cut of it. */
export interface SceneSource {
  readonly namespaces: readonly GraphNamespace[];
  readonly gateways: readonly GraphGateway[];
  readonly services: readonly GraphService[];
  readonly workloads: readonly GraphWorkload[];
  readonly routes: readonly GraphRoute[];
}

/** Changes to mark, by node id and by edge key (`from -> to`). */
export interface SceneMarks {
  readonly nodes?: ReadonlyMap<string, SceneChange>;
  readonly edges?: ReadonlyMap<string, SceneChange>;
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

function worst(findings: readonly GraphFinding[]): string | undefined {
  return [...findings].sort((a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3))[0]?.severity;
}

function findingLine(findings: readonly GraphFinding[]): string[] {
  if (findings.length === 0) return [];
  const codes = [...new Set(findings.map((f) => f.code))];
  return [`! ${codes.slice(0, 3).join(' ')}${codes.length > 3 ? ' ...' : ''}`];
}

/** `ns/sa` of a mesh identity, for a label. */
function accountText(principal: string): string {
  const account = principal.startsWith('cluster.local/') ? identityAccount(principal) : undefined;
  return account ? `${account.namespace}/${account.serviceAccount}` : principal;
}

/** ` except ns a, b/c` for a wide group's exceptions. */
function exceptText(except: GraphCallerExceptions | undefined): string {
  if (!except) return '';
  return ` except ${[...except.namespaces.map((n) => `ns ${n}`), ...except.principals.map(accountText)].join(', ')}`;
}

/** The caller groups in words, leaving out principals drawn as edges. */
export function callersText(groups: readonly GraphCallerGroup[], drawn: ReadonlySet<string> = new Set()): string {
  const words = groups.flatMap((g): string[] => {
    switch (g.kind) {
      case 'anyone': return [`anyone${exceptText(g.except)}`];
      case 'plaintext': return ['plaintext'];
      case 'mesh': return [`any mesh identity${exceptText(g.except)}`];
      case 'namespace': return [`ns ${g.namespace}${exceptText(g.except)}`];
      case 'nobody': return ['nobody'];
      case 'unknown': return ['unknown'];
      default: return drawn.has(g.principal) ? [] : [accountText(g.principal)];
    }
  });
  return words.length === 0 ? '' : `callers: ${words.join(', ')}`;
}

/** An edge's label: `match · weight · timeout · retries · fault`, leaving out "every request" and "100%" unless alone. */
export function routeLabel(route: GraphRoute): string {
  const weight = route.weight !== 100 || route.mirror ? `${route.mirror ? 'mirror ' : ''}${route.weight}%` : '';
  const parts = [route.match !== '*' ? route.match : weight === '' ? 'all' : '', weight];
  if (route.timeout) parts.push(`timeout ${route.timeout}`);
  if (route.retries) parts.push(`retries ${route.retries}`);
  if (route.fault) parts.push(`fault ${route.fault}`);
  return parts.filter((p) => p !== '').join(' · ');
}

function sameCallers(a: readonly GraphCallerGroup[], b: readonly GraphCallerGroup[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Builds the scene of a graph. */
export function buildScene(graph: SceneSource, marks: SceneMarks = {}): Scene {
  const mark = (id: string) => marks.nodes?.get(id);
  const workloadById = new Map(graph.workloads.map((w) => [w.id, w]));
  // Each workload is drawn once: in the box of the first service in front of it, else loose in its namespace.
  const home = new Map<string, GraphService>();
  for (const s of graph.services) for (const w of s.workloads) if (!home.has(w) && workloadById.has(w)) home.set(w, s);

  // Callers drawn per service when all its workloads admit the same callers, else per workload; from the
  // service of the callers when its workloads are exactly those running as the principal.
  const serviceCallers = new Map<string, readonly GraphCallerGroup[]>();
  for (const s of graph.services) {
    const ws = s.workloads.map((w) => workloadById.get(w)).filter((w): w is GraphWorkload => w !== undefined);
    if (ws.length > 0 && ws.every((w) => sameCallers(w.callers, ws[0].callers))) serviceCallers.set(s.id, ws[0].callers);
  }
  const visible = new Set([...graph.gateways.map((g) => g.id), ...graph.services.map((s) => s.id), ...graph.workloads.map((w) => w.id)]);
  const callerSource = (workloads: readonly string[]): string[] => {
    const shown = workloads.filter((w) => visible.has(w));
    const service = graph.services.find((s) => s.workloads.length > 0 && s.workloads.length === shown.length
      && s.workloads.every((w) => shown.includes(w)));
    return service ? [service.id] : shown;
  };
  const edges = new Map<string, SceneEdge>();
  // Edges between the same nodes in the same style are one edge with a line per label (rules of one route).
  const addEdge = (e: Omit<SceneEdge, 'change'>) => {
    const key = `${e.from} -> ${e.to} ${e.style}`;
    const change = marks.edges?.get(`${e.from} -> ${e.to}`);
    const previous = edges.get(key);
    if (!previous) edges.set(key, { ...e, ...(change ? { change } : {}) });
    else if (!previous.label.split('\n').includes(e.label)) edges.set(key, { ...previous, label: `${previous.label}\n${e.label}` });
  };
  const drawnPrincipals = (groups: readonly GraphCallerGroup[], to: string): Set<string> => {
    const drawn = new Set<string>();
    for (const g of groups) {
      if (g.kind !== 'principal') continue;
      const from = callerSource(g.workloads);
      if (from.length === 0) continue;
      drawn.add(g.principal);
      for (const f of from) if (f !== to) addEdge({ from: f, to, label: 'may call', style: 'caller' });
    }
    return drawn;
  };

  const workloadNode = (w: GraphWorkload, callersShown: boolean): SceneNode => {
    const drawn = callersShown ? new Set<string>() : drawnPrincipals(w.callers, w.id);
    const callers = callersShown ? '' : callersText(w.callers, drawn);
    const severity = worst(w.findings);
    const change = mark(w.id);
    return {
      id: w.id,
      kind: 'workload',
      findings: w.findings,
      ...(severity ? { severity } : {}),
      ...(change ? { change } : {}),
      lines: [w.name, `sa ${w.serviceAccount}`, ...(callers ? [callers] : []), ...findingLine(w.findings)],
    };
  };

  // Where a route lands: the subset's workload when it has exactly one, the subset node otherwise, or the host.
  const subsetNodes = new Map<string, SceneNode>();
  const target = (r: GraphRoute): string => {
    const s = graph.services.find((x) => x.id === r.to);
    if (!s || !r.subset) return r.to;
    const subset = s.subsets.find((x) => x.name === r.subset);
    const shown = subset?.workloads.filter((w) => workloadById.has(w)) ?? [];
    if (shown.length === 1 && home.get(shown[0])?.id === s.id) return shown[0];
    const id = `subset:${s.host}/${r.subset}`;
    if (!subsetNodes.has(id)) {
      const lines = [`subset ${r.subset}`, subset ? subset.labels : 'not defined by a DestinationRule'];
      if (subset && subset.workloads.length === 0) lines.push('no workload');
      subsetNodes.set(id, { id, kind: 'subset', lines, findings: [], ...(subset ? {} : { severity: 'warning' }) });
    }
    return id;
  };
  for (const r of graph.routes) addEdge({ from: r.from, to: target(r), label: routeLabel(r), style: r.mirror ? 'mirror' : 'route' });

  const clusters: SceneCluster[] = [];
  for (const ns of graph.namespaces) {
    const nodes: SceneNode[] = [];
    for (const g of graph.gateways.filter((x) => x.namespace === ns.name)) {
      const severity = worst(g.findings);
      const change = mark(g.id);
      const servers = g.servers.map((s) => `${s.protocol} ${s.port}${s.tls ? ` ${s.tls}` : ''}: ${s.hosts.join(', ')}`);
      nodes.push({
        id: g.id,
        kind: 'gateway',
        findings: g.findings,
        ...(severity ? { severity } : {}),
        ...(change ? { change } : {}),
        lines: [`gateway ${g.name}`, ...(servers.length > 0 ? servers : ['not defined here']), ...findingLine(g.findings)],
      });
    }
    const boxes: SceneCluster[] = [];
    for (const s of graph.services.filter((x) => x.namespace === ns.name)) {
      const severity = worst(s.findings);
      const change = mark(s.id);
      const callers = serviceCallers.get(s.id);
      const callerLine = callers ? callersText(callers, drawnPrincipals(callers, s.id)) : '';
      const host: SceneNode = {
        id: s.id,
        kind: s.external ? 'external' : 'host',
        findings: s.findings,
        ...(severity ? { severity } : {}),
        ...(change ? { change } : {}),
        lines: [s.external ? `external ${s.host}` : `host ${s.name === s.host ? s.host : `${s.name}.${s.namespace}`}`, ...(s.ports.length > 0 ? [s.ports.join(' ')] : []), ...(s.defined ? [] : ['not defined here']),
          ...(callerLine ? [callerLine] : []), ...findingLine(s.findings)],
      };
      const members = s.workloads.filter((w) => home.get(w)?.id === s.id)
        .map((w) => workloadNode(workloadById.get(w)!, callers !== undefined));
      const subsets = [...subsetNodes.values()].filter((n) => n.id.startsWith(`subset:${s.host}/`));
      for (const m of members) addEdge({ from: s.id, to: m.id, label: '', style: 'member' });
      if (members.length === 0 && subsets.length === 0) nodes.push(host);
      else boxes.push({ id: `box:${s.id}`, label: s.name, kind: 'service', nodes: [host, ...members, ...subsets], clusters: [] });
    }
    for (const w of graph.workloads.filter((x) => x.namespace === ns.name && !home.has(x.id))) nodes.push(workloadNode(w, false));
    const label = `namespace ${ns.name} · mTLS ${ns.mtls}${ns.ambient ? ' · ambient' : ''}${ns.findings.length > 0 ? ` · ${findingLine(ns.findings)[0]}` : ''}`;
    clusters.push({ id: `ns:${ns.name}`, label, kind: 'namespace', mtls: ns.mtls, nodes: nodes.sort(byKey((n) => n.id)), clusters: boxes.sort(byKey((c) => c.id)) });
  }
  const order = byKey((e: SceneEdge) => `${e.from}\u0000${e.to}\u0000${e.style}\u0000${e.label}`);
  return { clusters, edges: [...edges.values()].sort(order) };
}
