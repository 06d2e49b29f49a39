import { parseArgs } from 'util';
import { InputError } from '../input';
import { DATAPLANE_OPTIONS, DataplaneFlagError, dataplaneUsage, parseDataplaneFlags } from './dataplane';
import { CliIo, EXIT_USAGE } from './main';
import { Progress, readingText } from './progress';
import type { DataplaneAssumptions } from '../analysis/context';
import { DiffReport, diffBehaviour, diffPaths, hasChanges } from '../gitops/diff';
import { DIFF_FORMATS, DiffFormat, renderDiff, renderDiffMarkdown } from '../gitops/render';
import { MeshGraph, renderGraphChanges } from '../graph';

const USAGE = `Usage: cdk8s-istio diff [--format text|markdown|json] OLD NEW

Compares two sets of Kubernetes YAML (files or folders, e.g. two synth outputs, or a checkout of the
target branch beside a pull request). First what the change does, from the behaviour model on each
side: the requests newly allowed and newly denied (each Service port of the namespaces it touches,
from the service accounts the policies name, one of each namespace, the ingress gateway and a
plaintext caller; GET / and the methods and paths the policies mention, a few per caller and port)
and the routes whose destinations or weights change (the hosts of the changed VirtualServices and
their match examples); how much was sampled is printed. Then resource by resource, Istio's terms:
route weights per destination and subset, match rules, timeouts, retries, fault injection,
mirroring, mTLS modes, authorization rules widened or narrowed, JWT issuers and audiences. Risky
changes are warnings. Key order, formatting and file layout are no change.

Options:
  -f, --format FORMAT  text (default), markdown (for a pull-request comment, with a Mermaid
                       picture of what changes in the mesh) or json
${dataplaneUsage(23).join('\n')}
  -h, --help           show this help

Exit status: 0 no change, 1 changes, 2 usage, I/O or YAML parse error.
`;

/** Runs `cdk8s-istio diff`: see `USAGE`. */
export async function runDiff(args: string[], io: CliIo): Promise<number> {
  let values: { 'format'?: string; 'help'?: boolean; 'dataplane'?: string; 'namespace-dataplane'?: string[] };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { format: { type: 'string', short: 'f' }, help: { type: 'boolean', short: 'h' }, ...DATAPLANE_OPTIONS },
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
  let dataplanes: DataplaneAssumptions;
  try {
    dataplanes = parseDataplaneFlags(values);
  } catch (e) {
    if (!(e instanceof DataplaneFlagError)) throw e;
    io.stderr(`cdk8s-istio diff: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const [oldPath, newPath] = positionals;
  let report: DiffReport;
  let diagram: string | undefined;
  const progress = Progress.of('cdk8s-istio diff', io, format === 'json');
  try {
    const compared = diffPaths(oldPath, newPath, { onProgress: (p) => progress.update(() => readingText(p)) });
    report = compared;
    if (hasChanges(report)) {
      // Each file is read and parsed once: the comparison hands on its documents.
      const oldObjects = compared.objects('old');
      const newObjects = compared.objects('new');
      report = { ...report, behaviour: diffBehaviour(oldObjects, newObjects, report.changes, dataplanes) };
      // The pull-request comment also shows the changed part of the mesh's picture.
      if (format === 'markdown') {
        const graph = (objects: unknown[]) => MeshGraph.fromObjects(objects, { findings: [], ...dataplanes });
        diagram = renderGraphChanges(graph(oldObjects), graph(newObjects));
      }
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
