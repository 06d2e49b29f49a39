import { Scene, SceneChange, SceneCluster, SceneEdge, SceneNode } from './scene';
import { byKey } from '../model';

interface Placed {
  readonly node: SceneNode;
  /** The boxes it sits in, outermost first. */
  readonly path: readonly SceneCluster[];
}

function place(clusters: readonly SceneCluster[], path: SceneCluster[] = [], out = new Map<string, Placed>()): Map<string, Placed> {
  for (const c of clusters) {
    const inner = [...path, c];
    for (const node of c.nodes) out.set(node.id, { node, path: inner });
    place(c.clusters, inner, out);
  }
  return out;
}

function edgeKey(e: SceneEdge): string {
  return `${e.from} -> ${e.to} ${e.style}`;
}

/**
 * The changed part of a mesh's picture, from the pictures before and after: nodes added, removed
 * or changed (their text: callers, ports, findings), edges added, removed or relabelled (a weight,
 * a match, a caller newly allowed), each with the nodes at its ends for context. Undefined when
 * nothing in the picture changed.
 */
export function changedScene(before: Scene, after: Scene): Scene | undefined {
  const [old, now] = [place(before.clusters), place(after.clusters)];
  const oldEdges = new Map(before.edges.filter((e) => e.style !== 'member').map((e) => [edgeKey(e), e]));
  const newEdges = new Map(after.edges.filter((e) => e.style !== 'member').map((e) => [edgeKey(e), e]));
  const marks = new Map<string, SceneChange>();
  const context = new Set<string>();
  for (const [id, p] of now) {
    const was = old.get(id);
    if (!was) marks.set(id, 'added');
    else if (was.node.lines.join('\n') !== p.node.lines.join('\n')) marks.set(id, 'changed');
  }
  for (const id of old.keys()) if (!now.has(id)) marks.set(id, 'removed');
  const edges: SceneEdge[] = [];
  const keep = (e: SceneEdge, change: SceneChange, label = e.label) => {
    edges.push({ ...e, label, change });
    context.add(e.from);
    context.add(e.to);
  };
  for (const [key, e] of newEdges) {
    const was = oldEdges.get(key);
    if (!was) keep(e, 'added');
    else if (was.label !== e.label) keep(e, 'changed', `${e.label} (was ${was.label.replace(/\n/g, '; ')})`);
  }
  for (const [key, e] of oldEdges) if (!newEdges.has(key)) keep(e, 'removed');
  if (marks.size === 0 && edges.length === 0) return undefined;
  // A changed node comes with its unchanged edges, so the picture says where it sits.
  const marked = new Set(edges.map(edgeKey));
  for (const [key, e] of [...newEdges, ...[...oldEdges].filter(([k]) => !newEdges.has(k))]) {
    if (marked.has(key) || !(marks.has(e.from) || marks.has(e.to))) continue;
    edges.push(e);
    context.add(e.from);
    context.add(e.to);
  }

  // The boxes of the nodes shown, as the picture after draws them (before, for removed nodes).
  const shown = new Set([...marks.keys(), ...context]);
  interface Box { readonly cluster: SceneCluster; readonly nodes: SceneNode[] }
  const roots = new Map<string, Box & { readonly children: Map<string, Box> }>();
  for (const id of [...shown].sort()) {
    const p = now.get(id) ?? old.get(id);
    if (!p) continue;
    const change = marks.get(id);
    const node = change ? { ...p.node, change } : p.node;
    const [ns, box] = p.path;
    const root = roots.get(ns.id) ?? { cluster: ns, nodes: [], children: new Map<string, Box>() };
    roots.set(ns.id, root);
    if (!box) {
      root.nodes.push(node);
      continue;
    }
    const child: Box = root.children.get(box.id) ?? { cluster: box, nodes: [] };
    root.children.set(box.id, child);
    child.nodes.push(node);
  }
  const clusters = [...roots.values()].sort(byKey((r) => r.cluster.id)).map((r) => ({
    ...r.cluster,
    nodes: r.nodes,
    clusters: [...r.children.values()].sort(byKey((c) => c.cluster.id)).map((c) => ({ ...c.cluster, nodes: c.nodes, clusters: [] })),
  }));
  return { clusters, edges: edges.sort(byKey((e) => `${e.from}\u0000${e.to}\u0000${e.style}`)) };
}
