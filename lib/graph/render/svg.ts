import { execFileSync } from 'child_process';
import type { Viz } from '@viz-js/viz';

/**
 * Graphviz, compiled to WebAssembly (`@viz-js/viz`): it lays out and draws the DOT picture. No
 * native build, no network, and the same DOT gives the same SVG bytes. Loaded on first use.
 */
let viz: Promise<Viz> | undefined;

/**
 * V8's flag that compiles WebAssembly with its baseline compiler only, for the child process of `dotToSvgSync`:
 * Graphviz runs once there, and the optimizing tier (TurboFan, in background threads) costs more than it saves
 * (about 100 ms of CPU against 280-440 ms for the 5,000-service bench mesh cut to a namespace; bench/README.md).
 * Only the speed changes: the same DOT gives the same SVG bytes. In the caller's own process V8's settings are the
 * caller's: this library does not change them.
 */
const BASELINE_ONLY = '--liftoff-only';

function graphviz(): Promise<Viz> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  viz ??= (require('@viz-js/viz') as typeof import('@viz-js/viz')).instance();
  return viz;
}

/** Lays out and draws DOT as a standalone SVG document. */
export async function dotToSvg(dot: string): Promise<string> {
  return (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
}

/** The script the synchronous form runs in a child process: DOT on stdin, SVG on stdout. */
const CHILD = `
require('v8').setFlagsFromString('${BASELINE_ONLY}');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => require(process.argv[1]).instance()
  .then((v) => process.stdout.write(v.renderString(Buffer.concat(chunks).toString('utf8'), { format: 'svg', engine: 'dot' })))
  .catch((e) => { process.stderr.write(String(e && e.message || e)); process.exit(1); }));
`;

/**
 * `dotToSvg` for synchronous callers (`synthGitOps` runs inside a synchronous `app.synth()`): the
 * WebAssembly module only loads asynchronously, so it runs in a child Node process.
 */
export function dotToSvgSync(dot: string): string {
  return execFileSync(process.execPath, ['-e', CHILD, require.resolve('@viz-js/viz')], { input: dot, maxBuffer: 2 ** 28, stdio: ['pipe', 'pipe', 'pipe'] }).toString('utf8');
}
