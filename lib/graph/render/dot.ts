import { Scene, SceneCluster, SceneEdge, SceneNode } from './scene';

/** Colours of the picture: one place, so DOT, SVG and the legend agree. */
export const COLORS = {
  STRICT: '#2e7d32',
  PERMISSIVE: '#ef6c00',
  DISABLE: '#c62828',
  route: '#1565c0',
  member: '#ffffff',
  mirror: '#6a1b9a',
  caller: '#2e7d32',
  error: '#c62828',
  warning: '#ef6c00',
  added: '#2e7d32',
  removed: '#c62828',
  changed: '#ef6c00',
} as const;

const FILL: Record<string, string> = { gateway: '#e3f2fd', host: '#ffffff', external: '#f3e5f5', workload: '#f1f8e9', subset: '#fffde7' };

/** A DOT string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function attrs(values: Record<string, string | number | undefined>): string {
  const parts = Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === 'number' ? v : quote(v!)}`);
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

function nodeLine(n: SceneNode, indent: string): string {
  const change = n.change ? COLORS[n.change] : undefined;
  const color = change ?? (n.severity === 'error' ? COLORS.error : n.severity === 'warning' ? COLORS.warning : '#455a64');
  const tooltip = n.findings.length > 0 ? n.findings.map((f) => `${f.severity} ${f.code} ${f.resource}: ${f.message}`).join('\n') : n.id;
  return `${indent}${quote(n.id)}${attrs({
    label: `${n.change ? `[${n.change}] ` : ''}${n.lines.join('\n')}`,
    shape: n.kind === 'gateway' ? 'house' : n.kind === 'external' ? 'component' : n.kind === 'subset' ? 'note' : 'box',
    fillcolor: FILL[n.kind],
    color,
    penwidth: n.severity || n.change ? 2 : undefined,
    style: n.kind === 'subset' ? 'filled' : 'rounded,filled',
    tooltip,
  })};`;
}

function clusterLines(c: SceneCluster, indent: string, out: string[]): void {
  out.push(`${indent}subgraph ${quote(`cluster_${c.id}`)} {`);
  const inner = `${indent}  `;
  if (c.kind === 'namespace') {
    const color = COLORS[c.mtls as keyof typeof COLORS] ?? '#455a64';
    out.push(`${inner}label=${quote(c.label)}; color=${quote(color)}; penwidth=2; style="rounded"; fontcolor=${quote(color)};`);
  } else {
    out.push(`${inner}label=${quote(c.label)}; color="#90a4ae"; style="rounded,dashed"; fontcolor="#455a64";`);
  }
  for (const n of c.nodes) out.push(nodeLine(n, inner));
  for (const child of c.clusters) clusterLines(child, inner, out);
  out.push(`${indent}}`);
}

function edgeLine(e: SceneEdge): string {
  if (e.style === 'member') return `  ${quote(e.from)} -> ${quote(e.to)} [style=invis];`;
  const color = e.change ? COLORS[e.change] : COLORS[e.style];
  return `  ${quote(e.from)} -> ${quote(e.to)}${attrs({
    label: `${e.change ? `[${e.change}] ` : ''}${e.label}`,
    color,
    fontcolor: color,
    style: e.style === 'caller' || e.change === 'removed' ? 'dashed' : e.style === 'mirror' ? 'dotted' : undefined,
    arrowhead: e.style === 'caller' ? 'empty' : undefined,
    penwidth: e.change ? 2 : undefined,
  })};`;
}

/** The scene in Graphviz's DOT language, left to right, one cluster per namespace and per service. */
export function renderDot(scene: Scene, title = 'mesh'): string {
  const out = [
    `digraph ${quote(title)} {`,
    '  rankdir=LR; newrank=true; compound=true; nodesep=0.25; ranksep=0.6;',
    `  graph [fontname="Helvetica", fontsize=12, label=${quote(title)}, labelloc=t];`,
    '  node [fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
  ];
  for (const c of scene.clusters) clusterLines(c, '  ', out);
  for (const e of scene.edges) out.push(edgeLine(e));
  out.push('}');
  return `${out.join('\n')}\n`;
}
