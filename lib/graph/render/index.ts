import { changedScene } from './changes';
import { renderDot } from './dot';
import { renderHtml } from './html';
import { renderMermaid } from './mermaid';
import { SceneMarks, SceneSource, buildScene } from './scene';
import { dotToSvg, dotToSvgSync } from './svg';

export { changedScene } from './changes';
export { renderDot, COLORS } from './dot';
export { renderMermaid } from './mermaid';
export { renderHtml } from './html';
export { Scene, SceneChange, SceneCluster, SceneEdge, SceneMarks, SceneNode, SceneNodeKind, SceneSource, buildScene, callersText, routeLabel } from './scene';
export { dotToSvg, dotToSvgSync } from './svg';

/** The formats of a picture. */
export type GraphFormat = 'mermaid' | 'dot' | 'svg' | 'html';

/** The formats, in the order `--help` lists them. */
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'svg', 'html'];

/** Options of `renderGraph`. */
export interface RenderGraphOptions {
  /**
   * The picture's title.
   * @default 'mesh'
   */
  readonly title?: string;
  /**
   * Nodes and edges to mark as added, removed or changed (a diff's picture).
   * @default - none
   */
  readonly marks?: SceneMarks;
}

interface Prepared {
  /** The picture, when it is text (Mermaid, DOT). */
  readonly text?: string;
  /** The DOT to lay out. */
  readonly dot: string;
  /** The picture from the laid-out SVG. */
  readonly finish: (svg: string) => string;
}

/** The scene, its DOT and a way to finish the picture from the SVG: what both forms of `renderGraph` share. */
function prepare(graph: SceneSource, format: GraphFormat, options: RenderGraphOptions): Prepared {
  const title = options.title ?? 'mesh';
  const scene = buildScene(graph, options.marks);
  if (format === 'mermaid') return { text: renderMermaid(scene, options.title), dot: '', finish: (s) => s };
  const dot = renderDot(scene, title);
  return { ...(format === 'dot' ? { text: dot } : {}), dot, finish: (svg) => (format === 'svg' ? svg : renderHtml(scene, svg, title)) };
}

/** A graph as a picture: Mermaid or DOT text, or an SVG or HTML page laid out by Graphviz. The same graph gives the same bytes. */
export async function renderGraph(graph: SceneSource, format: GraphFormat, options: RenderGraphOptions = {}): Promise<string> {
  const p = prepare(graph, format, options);
  return p.text ?? p.finish(await dotToSvg(p.dot));
}

/** `renderGraph` for synchronous callers (SVG and HTML are drawn in a child process). */
export function renderGraphSync(graph: SceneSource, format: GraphFormat, options: RenderGraphOptions = {}): string {
  const p = prepare(graph, format, options);
  return p.text ?? p.finish(dotToSvgSync(p.dot));
}

/**
 * The changed part between the graphs before and after a change, as a Mermaid flowchart (what a
 * pull-request comment shows): new and removed nodes and edges, changed weights and matches, newly
 * allowed callers, each marked. Undefined when the pictures are the same.
 */
export function renderGraphChanges(before: SceneSource, after: SceneSource, title = 'mesh changes'): string | undefined {
  const scene = changedScene(buildScene(before), buildScene(after));
  return scene ? renderMermaid(scene, title) : undefined;
}
