import { COLORS } from './dot';
import { Scene, SceneCluster, SceneEdge, SceneNode } from './scene';
import { addTo } from '../../vocab/multimap';

/** Text inside a Mermaid `"..."` label: quotes and markup as entities, lines as `<br/>`. */
function text(value: string): string {
  return value.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\n/g, '<br/>');
}

const SHAPE: Record<string, [string, string]> = { gateway: ['[/', '\\]'], host: ['(', ')'], external: ['[[', ']]'], workload: ['[', ']'], subset: ['[/', '/]'] };

/**
 * The scene as a Mermaid flowchart (what GitHub renders in Markdown): a subgraph per namespace and
 * per service, node ids `n1, n2, ...` in the scene's order.
 */
export function renderMermaid(scene: Scene, title?: string): string {
  const ids = new Map<string, string>();
  const idOf = (key: string) => {
    let id = ids.get(key);
    if (!id) {
      id = `n${ids.size + 1}`;
      ids.set(key, id);
    }
    return id;
  };
  const out = [...(title ? ['---', `title: ${title.replace(/[\n:]/g, ' ')}`, '---'] : []), 'flowchart LR'];
  const classes = new Map<string, string[]>();
  const classify = (cls: string, id: string) => addTo(classes, cls, id);
  const node = (n: SceneNode, indent: string) => {
    const [open, close] = SHAPE[n.kind];
    const id = idOf(n.id);
    out.push(`${indent}${id}${open}"${text(`${n.change ? `[${n.change}] ` : ''}${n.lines.join('\n')}`)}"${close}`);
    if (n.change) classify(n.change, id);
    else if (n.severity === 'error' || n.severity === 'warning') classify(n.severity, id);
  };
  const cluster = (c: SceneCluster, indent: string) => {
    const id = idOf(c.id);
    out.push(`${indent}subgraph ${id}["${text(c.label)}"]`);
    for (const n of c.nodes) node(n, `${indent}  `);
    for (const child of c.clusters) cluster(child, `${indent}  `);
    out.push(`${indent}end`);
    if (c.kind === 'namespace' && c.mtls) classify(`mtls${c.mtls}`, id);
  };
  for (const c of scene.clusters) cluster(c, '  ');
  const styles: string[] = [];
  scene.edges.forEach((e: SceneEdge, i) => {
    const label = `${e.change ? `[${e.change}] ` : ''}${e.label}`;
    if (e.style === 'member') {
      out.push(`  ${idOf(e.from)} ~~~ ${idOf(e.to)}`);
      return;
    }
    const arrow = e.style === 'route' ? '-->' : '-.->';
    out.push(`  ${idOf(e.from)} ${arrow}${label ? `|"${text(label)}"|` : ''} ${idOf(e.to)}`);
    const color = e.change ? COLORS[e.change] : COLORS[e.style];
    styles.push(`  linkStyle ${i} stroke:${color}${e.change ? ',stroke-width:3px' : ''}`);
  });
  out.push(...styles);
  const defs: Record<string, string> = {
    error: `stroke:${COLORS.error},stroke-width:2px`,
    warning: `stroke:${COLORS.warning},stroke-width:2px`,
    added: `stroke:${COLORS.added},stroke-width:3px`,
    removed: `stroke:${COLORS.removed},stroke-width:3px,stroke-dasharray:4`,
    changed: `stroke:${COLORS.changed},stroke-width:3px`,
    mtlsSTRICT: `stroke:${COLORS.STRICT}`,
    mtlsPERMISSIVE: `stroke:${COLORS.PERMISSIVE}`,
    mtlsDISABLE: `stroke:${COLORS.DISABLE}`,
  };
  for (const [cls, members] of [...classes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!defs[cls]) continue;
    out.push(`  classDef ${cls} ${defs[cls]}`, `  class ${members.join(',')} ${cls}`);
  }
  return `${out.join('\n')}\n`;
}
