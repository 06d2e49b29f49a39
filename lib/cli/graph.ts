import * as fs from 'fs';
import { parseArgs } from 'util';
import { InputError, loadDocuments } from '../input';
import { DATAPLANE_OPTIONS, DataplaneFlagError, dataplaneUsage, parseDataplaneFlags } from './dataplane';
import { CliIo, EXIT_USAGE } from './main';
import { GRAPH_FORMATS, GraphFormat, GraphSelectionError, MeshGraph, renderGraph } from '../graph';

const USAGE = `Usage: cdk8s-istio graph [--format mermaid|dot|svg|html] [--namespace NS] [--focus HOST] [--output FILE]
       [--dataplane sidecar|ambient] [--namespace-dataplane NS=MODE]... PATH...

Draws what the mesh in the YAML files does: gateways and the hosts they serve, services with their
subsets and workloads, external services, routes (match, weight, timeout, retries, fault injection),
the callers each workload admits (grouped), the mTLS mode of each namespace, and the findings of
\`analyze\` on the nodes. SVG and HTML are laid out by Graphviz (WebAssembly, no network) and are
self-contained; the same files give the same bytes.

Options:
  -f, --format FORMAT   mermaid (default: for Markdown), dot, svg or html
  -n, --namespace NS    only the namespace NS, and the nodes its routes and callers reach
      --focus HOST      only the service HOST (reviews, reviews.bookinfo or the full host) and its neighbours
  -o, --output FILE     write the picture to FILE instead of standard output
  -t, --title TITLE     the picture's title (default: mesh)
${dataplaneUsage(24, '      ').join('\n')}
  -h, --help            show this help

Exit status: 0 drawn, 2 usage, I/O or YAML parse error, or a namespace or host the files do not have.
`;

/** Runs `cdk8s-istio graph`: see `USAGE`. */
export async function runGraph(args: string[], io: CliIo): Promise<number> {
  const fail = (message: string, usage = false) => {
    io.stderr(`cdk8s-istio graph: ${message}\n${usage ? `\n${USAGE}` : ''}`);
    return EXIT_USAGE;
  };
  let values: {
    'format'?: string;
    'namespace'?: string;
    'focus'?: string;
    'output'?: string;
    'title'?: string;
    'help'?: boolean;
    'dataplane'?: string;
    'namespace-dataplane'?: string[];
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f' },
        namespace: { type: 'string', short: 'n' },
        focus: { type: 'string' },
        output: { type: 'string', short: 'o' },
        title: { type: 'string', short: 't' },
        help: { type: 'boolean', short: 'h' },
        ...DATAPLANE_OPTIONS,
      },
    }));
  } catch (e) {
    return fail((e as Error).message, true);
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = (values.format ?? 'mermaid') as GraphFormat;
  if (!GRAPH_FORMATS.includes(format)) return fail(`unknown format '${values.format}' (expected ${GRAPH_FORMATS.join(', ')})`, true);
  if (positionals.length === 0) return fail('expected at least one PATH (a YAML file or a folder)', true);
  let graph: MeshGraph;
  try {
    graph = MeshGraph.fromObjects(loadDocuments(positionals).map((d) => d.object), {
      ...parseDataplaneFlags(values),
      ...(values.namespace !== undefined ? { namespace: values.namespace } : {}),
      ...(values.focus !== undefined ? { focus: values.focus } : {}),
    });
  } catch (e) {
    if (e instanceof InputError || e instanceof GraphSelectionError || e instanceof DataplaneFlagError) return fail(e.message);
    throw e;
  }
  const title = values.title ?? ['mesh', ...(values.namespace ? [`namespace ${values.namespace}`] : []), ...(values.focus ? [`around ${values.focus}`] : [])].join(' · ');
  const picture = await renderGraph(graph, format, { title });
  if (values.output === undefined) {
    io.stdout(picture);
    return 0;
  }
  try {
    fs.writeFileSync(values.output, picture, 'utf8');
  } catch (e) {
    return fail(`${values.output}: ${(e as Error).message}`);
  }
  return 0;
}
