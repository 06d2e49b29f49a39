/**
 * A real browser draws the pictures: headless Chromium (Debian's `chromium` package) opens the SVG
 * and the HTML page, and the test checks that they parse, that nothing fails, and that the graph
 * is on the screen. Skipped when Chromium is not installed (`apt-get install -y chromium`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { decodePng } from './png';
import { bookinfoApp } from '../../examples/bookinfo/app';
import { COLORS, MeshGraph, renderGraph } from '../../lib/graph';

function findChromium(): string | undefined {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const file = path.join(dir, name);
      if (dir && fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--allow-file-access-from-files'];

function chromium(args: string[]): string {
  return execFileSync(CHROMIUM!, [...FLAGS, ...args], { timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
}

/** The probe page: loads the SVG as an image and the HTML page in a frame, and writes what it found into the DOM. */
const PROBE = `<!DOCTYPE html><html><body>
<img id="img" src="mesh.svg"><iframe id="frame" src="mesh.html" width="1200" height="900"></iframe>
<script>
const out = { errors: [] };
window.addEventListener('error', (e) => out.errors.push(String(e.message || e.type)), true);
window.addEventListener('load', () => {
  const img = document.getElementById('img');
  out.svg = { width: img.naturalWidth, height: img.naturalHeight };
  const doc = document.getElementById('frame').contentDocument;
  const svg = doc && doc.querySelector('svg');
  if (svg) {
    const box = svg.getBoundingClientRect();
    const nodes = [...doc.querySelectorAll('g.node')].map((g) => g.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
    out.html = { width: Math.round(box.width), height: Math.round(box.height), nodes: nodes.length, parseErrors: doc.querySelectorAll('parsererror').length, title: doc.title };
  }
  document.body.setAttribute('data-result', JSON.stringify(out));
});
</script></body></html>`;

function hex(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

(CHROMIUM ? describe : describe.skip)(`headless Chromium (${CHROMIUM ?? 'not installed: skipped'})`, () => {
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-browser-'));
    const graph = MeshGraph.fromApp(bookinfoApp());
    fs.writeFileSync(path.join(dir, 'mesh.svg'), await renderGraph(graph, 'svg', { title: 'bookinfo' }));
    fs.writeFileSync(path.join(dir, 'mesh.html'), await renderGraph(graph, 'html', { title: 'bookinfo' }));
    fs.writeFileSync(path.join(dir, 'probe.html'), PROBE);
  }, 60_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the SVG and the HTML page load without error; the page shows every node with a size', () => {
    const dom = chromium(['--virtual-time-budget=10000', '--dump-dom', `file://${path.join(dir, 'probe.html')}`]);
    const attribute = /data-result="([^"]*)"/.exec(dom);
    expect(attribute).not.toBeNull();
    const result = JSON.parse(attribute![1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(result.errors).toEqual([]);
    expect(result.svg.width).toBeGreaterThan(400);
    expect(result.svg.height).toBeGreaterThan(200);
    expect(result.html).toMatchObject({ nodes: 11, parseErrors: 0, title: 'bookinfo' });
    expect(result.html.width).toBeGreaterThan(400);
  }, 120_000);

  test('a screenshot of the SVG shows the graph: boxes, text and the route colour on a white page', () => {
    const shot = path.join(dir, 'shot.png');
    chromium([`--screenshot=${shot}`, '--window-size=1100,800', `file://${path.join(dir, 'mesh.svg')}`]);
    const picture = decodePng(fs.readFileSync(shot));
    let ink = 0;
    let route = 0;
    const [r0, g0, b0] = hex(COLORS.route);
    for (let i = 0; i < picture.rgba.length; i += 4) {
      const [r, g, b] = [picture.rgba[i], picture.rgba[i + 1], picture.rgba[i + 2]];
      if (r < 240 || g < 240 || b < 240) ink++;
      if (Math.abs(r - r0) < 40 && Math.abs(g - g0) < 40 && Math.abs(b - b0) < 40) route++;
    }
    const pixels = picture.width * picture.height;
    expect(ink / pixels).toBeGreaterThan(0.02);
    expect(route).toBeGreaterThan(200);
  }, 120_000);
});
