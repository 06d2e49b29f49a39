import { COLORS } from './dot';
import { Scene, SceneCluster, SceneNode } from './scene';

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function nodesOf(c: SceneCluster): SceneNode[] {
  return [...c.nodes, ...c.clusters.flatMap(nodesOf)];
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; margin: 16px; color: #263238; }
h1 { font-size: 18px; margin: 0 0 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 12px; margin-bottom: 12px; }
.legend span { display: inline-flex; align-items: center; gap: 6px; }
.legend i { display: inline-block; width: 24px; height: 0; border-top: 2px solid; }
.picture { overflow: auto; border: 1px solid #cfd8dc; }
.picture svg { display: block; max-width: none; height: auto; }
table { border-collapse: collapse; font-size: 12px; margin-top: 16px; }
td, th { border: 1px solid #cfd8dc; padding: 4px 8px; text-align: left; vertical-align: top; }
.error { color: ${COLORS.error}; } .warning { color: ${COLORS.warning}; }
`;

/**
 * A self-contained HTML page: the SVG inline (no script, no style sheet or font from elsewhere),
 * a legend, and the findings of the nodes in a table.
 */
export function renderHtml(scene: Scene, svg: string, title: string): string {
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<!DOCTYPE[^>]*>\s*/, '');
  const findings = scene.clusters.flatMap(nodesOf).flatMap((n) => n.findings.map((f) => ({ node: n.lines[0], f })));
  const legend = [
    ['route (match · weight · timeout · retries · fault)', COLORS.route, 'solid'],
    ['mirrored traffic', COLORS.mirror, 'dotted'],
    ['may call (authorization)', COLORS.caller, 'dashed'],
    ['namespace mTLS STRICT', COLORS.STRICT, 'solid'],
    ['mTLS PERMISSIVE', COLORS.PERMISSIVE, 'solid'],
    ['mTLS DISABLE', COLORS.DISABLE, 'solid'],
  ].map(([label, color, style]) => `<span><i style="border-top-style: ${style}; border-color: ${color}"></i>${escape(label)}</span>`).join('');
  const rows = findings.map(({ node, f }) => `<tr><td class="${escape(f.severity)}">${escape(f.severity)}</td><td>${escape(f.code)}</td><td>${escape(node)}</td><td>${escape(f.resource)}</td><td>${escape(f.message)}</td></tr>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escape(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escape(title)}</h1>`,
    `<div class="legend">${legend}</div>`,
    `<div class="picture">${body.trim()}</div>`,
    findings.length === 0 ? '<p>No findings.</p>' : `<table><thead><tr><th>severity</th><th>code</th><th>node</th><th>object</th><th>message</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
