import { DOMParser, Document } from '@xmldom/xmldom';
import { bookinfoApp } from '../../examples/bookinfo/app';
import { MeshGraph, buildScene, dotToSvgSync, renderDot, renderGraph, renderGraphSync, renderMermaid } from '../../lib/graph';

const graph = MeshGraph.fromApp(bookinfoApp());

/** Parses XML, failing on any error or warning (well-formedness). */
function parseXml(text: string, type: 'image/svg+xml' | 'text/html'): Document {
  const problems: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { problems.push(`${level}: ${message}`); } }).parseFromString(text, type);
  expect(problems).toEqual([]);
  return doc;
}

describe('Mermaid', () => {
  const text = renderMermaid(buildScene(graph), 'bookinfo');

  test('a subgraph per namespace and per service, routes with their labels, the gateway first', () => {
    expect(text.split('\n').slice(0, 5)).toEqual(['---', 'title: bookinfo', '---', 'flowchart LR', '  subgraph n1["namespace bookinfo · mTLS PERMISSIVE"]']);
    expect(text).toContain('subgraph n3["details"]');
    expect(text).toMatch(/n\d+ -->\|"90%"\| n\d+/);
    expect(text).toMatch(/n\d+ -->\|"end-user: jason · fault delay 7s 100%<br\/>all"\| n\d+/);
    expect(text).toContain('gateway bookinfo-gateway<br/>HTTP 8080: *');
  });

  test('labels cannot break out of their quotes', () => {
    const scene = buildScene({ ...graph, gateways: [{ ...graph.gateways[0], name: 'a"b<c>' }] });
    expect(renderMermaid(scene)).toContain('gateway a#quot;b#lt;c#gt;');
  });
});

describe('DOT and SVG', () => {
  test('DOT: a cluster per namespace coloured by its mTLS mode, caller edges dashed', () => {
    const dot = renderDot(buildScene(graph), 'bookinfo');
    expect(dot).toContain('subgraph "cluster_ns:bookinfo" {');
    expect(dot).toContain('color="#ef6c00"; penwidth=2');
    expect(dot).toMatch(/"service:reviews\.bookinfo\.svc\.cluster\.local" -> "workload:bookinfo\/reviews-v1" \[label="90%"/);
  });

  test('SVG: well-formed, self-contained, one group per node, the same bytes every time', async () => {
    const svg = await renderGraph(graph, 'svg', { title: 'bookinfo' });
    const doc = parseXml(svg, 'image/svg+xml');
    expect(doc.documentElement?.nodeName).toBe('svg');
    const groups = Array.from(doc.getElementsByTagName('g')).filter((g) => g.getAttribute('class') === 'node');
    expect(groups).toHaveLength(11); // gateway, 4 hosts, 6 workloads
    expect(svg).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
    expect(await renderGraph(graph, 'svg', { title: 'bookinfo' })).toBe(svg);
    // The synchronous form (for synth) draws the same bytes.
    expect(renderGraphSync(graph, 'svg', { title: 'bookinfo' })).toBe(svg);
  });

  test('HTML: the SVG inline, a legend, no script or resource from elsewhere', async () => {
    const html = await renderGraph(graph, 'html', { title: 'bookinfo' });
    expect(html.startsWith('<!DOCTYPE html>\n')).toBe(true);
    expect(html).not.toMatch(/<script|<link|(?:href|src)="(?:https?:)?\/\//);
    expect(html).toContain('<svg');
    expect(html).toContain('may call (authorization)');
  });

  test('a DOT error is an error, not an empty picture', () => {
    expect(() => dotToSvgSync('digraph {')).toThrow();
  });
});
