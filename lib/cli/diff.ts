import { parseArgs } from 'util';
import { InputError, loadDocuments } from '../input';
import { CliIo, EXIT_USAGE, registerCommand } from './main';
import { Progress, readingText } from './progress';
import { diffPaths, hasChanges } from '../gitops/diff';
import { DIFF_FORMATS, DiffFormat, renderDiff, renderDiffMarkdown } from '../gitops/render';
import { MeshGraph, renderGraphChanges } from '../graph';

const USAGE = `Usage: cdk8s-istio diff [--format text|markdown|json] OLD NEW

Compares two sets of Kubernetes YAML (files or folders, e.g. two synth outputs, or a checkout of the
target branch beside a pull request) resource by resource, and explains Istio changes: route weights
per destination and subset, match rules, timeouts, retries, fault injection, mirroring, mTLS modes,
authorization rules widened or narrowed, JWT issuers and audiences. Risky changes are warnings.
Key order, formatting and file layout are no change.

Options:
  -f, --format FORMAT  text (default), markdown (for a pull-request comment, with a Mermaid
                       picture of what changes in the mesh) or json
  -h, --help           show this help

Exit status: 0 no change, 1 changes, 2 usage, I/O or YAML parse error.
`;

/** Runs `cdk8s-istio diff`: see `USAGE`. */
export async function runDiff(args: string[], io: CliIo): Promise<number> {
  let values: { format?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    io.stderr(`cdk8s-istio diff: ${(e as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = (values.format ?? 'text') as DiffFormat;
  if (!DIFF_FORMATS.includes(format)) {
    io.stderr(`cdk8s-istio diff: unknown format '${values.format}' (expected ${DIFF_FORMATS.join(', ')})\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (positionals.length !== 2) {
    io.stderr(`cdk8s-istio diff: expected two paths, OLD and NEW, got ${positionals.length}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const [oldPath, newPath] = positionals;
  let report;
  let diagram: string | undefined;
  const progress = Progress.of('cdk8s-istio diff', io, format === 'json');
  try {
    report = diffPaths(oldPath, newPath, { onProgress: (p) => progress.update(() => readingText(p)) });
    // The pull-request comment also shows the changed part of the mesh's picture.
    if (format === 'markdown' && hasChanges(report)) {
      const graph = (p: string) => MeshGraph.fromObjects(loadDocuments([p]).map((d) => d.object), { findings: [] });
      diagram = renderGraphChanges(graph(oldPath), graph(newPath));
    }
  } catch (e) {
    progress.done();
    if (e instanceof InputError) {
      io.stderr(`cdk8s-istio diff: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  progress.done();
  io.stdout(format === 'markdown' ? renderDiffMarkdown(report, diagram !== undefined ? { diagram } : {}) : renderDiff(report, format));
  return hasChanges(report) ? 1 : 0;
}

registerCommand({
  name: 'diff',
  summary: 'explain the Istio changes between two sets of YAML (exit 1 when they differ)',
  run: runDiff,
});
