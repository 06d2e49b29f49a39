import { parseArgs } from 'util';
import { InputError, LoadedDocument, compareStrings, loadDocuments } from '../input';
import { DATAPLANE_OPTIONS, DataplaneFlagError, dataplaneUsage, parseDataplaneFlags } from './dataplane';
import { CliIo, EXIT_USAGE } from './main';
import { Progress, readingText } from './progress';
import type { DataplaneAssumptions } from '../analysis/context';
import { CheckAllOptions, CheckAllResult, CheckInput, checkAll, errorsOf, relatedText, warningsOf } from '../checks/check-all';
import { DEFAULT_GATEWAY_API_CHANNEL, GatewayApiChannel, parseGatewayApiChannel } from '../core/gateway-api';
import { DEFAULT_ISTIO_VERSION, IstioVersion, parseIstioVersion, supportedIstioVersionsText } from '../core/istio-version';
import { Finding, Severity } from '../vocab/finding';
import { addTo } from '../vocab/multimap';
import { isWithin } from '../vocab/paths';

/** Output formats of `validate` and `analyze`. */
export type ReportFormat = 'text' | 'json';

/** What both commands accept. */
export interface CheckCommandArgs {
  readonly istioVersion: IstioVersion;
  readonly gatewayApiChannel: GatewayApiChannel;
  readonly format: ReportFormat;
  readonly disabledChecks: string[];
  readonly paths: string[];
  /** The data plane of namespaces the files do not define (`--dataplane`, `--namespace-dataplane`; analyze only). */
  readonly dataplanes: DataplaneAssumptions;
  /** Whether the files are the whole mesh (`AnalyzeOptions.assumeCompleteMesh`; false with `--partial-mesh`, analyze only). */
  readonly assumeCompleteMesh: boolean;
}

/** Whether a check command reads `--dataplane` and `--namespace-dataplane` (only the cross-resource analysis depends on it). */
function readsDataplanes(name: string): boolean {
  return name === 'analyze';
}

/** The usage text of a check command. */
export function checkUsage(name: string, summary: string): string {
  return [
    `Usage: cdk8s-istio ${name} [--istio-version ${DEFAULT_ISTIO_VERSION}] [--gateway-api-channel standard|experimental] [--format text|json] [--disable CODE]...`
      + `${readsDataplanes(name) ? ' [--dataplane sidecar|ambient] [--namespace-dataplane NS=MODE]... [--partial-mesh]' : ''} PATH...`,
    '',
    summary,
    '',
    'PATH is a YAML file (multi-document allowed) or a folder searched for .yaml/.yml/.json files.',
    'Documents that are neither Istio configuration nor Kubernetes Gateway API objects are skipped and counted.',
    '',
    'Options:',
    `  --istio-version V        the Istio release to check against: ${supportedIstioVersionsText()} (default ${DEFAULT_ISTIO_VERSION})`,
    '  --gateway-api-channel C  the Gateway API CRDs the cluster has: standard (default) or experimental',
    '  --format F               text (default) or json: one JSON object per finding and line',
    '  --disable CODE           do not report findings with this code (repeatable)',
    ...(readsDataplanes(name) ? [
      ...dataplaneUsage(25),
      '  --partial-mesh           the files are one part of a mesh, as at synth: references to objects they could not',
      '                           hold (another namespace, a gateway Istio installs) are not checked',
    ] : []),
    '  -h, --help               show this help',
    '',
    'Exit status: 0 no error (warnings allowed), 1 some error, 2 usage, I/O or YAML parse error.',
    '',
  ].join('\n');
}

/** Parses the arguments; a usage error is written and returned as an exit code. */
export function parseCheckArgs(name: string, summary: string, args: string[], io: CliIo): CheckCommandArgs | number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        'istio-version': { type: 'string' },
        'gateway-api-channel': { type: 'string' },
        'format': { type: 'string', default: 'text' },
        'disable': { type: 'string', multiple: true },
        'help': { type: 'boolean', short: 'h' },
        ...(readsDataplanes(name) ? { ...DATAPLANE_OPTIONS, 'partial-mesh': { type: 'boolean' as const } } : {}),
      },
    });
  } catch (e) {
    io.stderr(`cdk8s-istio ${name}: ${(e as Error).message}\n\n${checkUsage(name, summary)}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(checkUsage(name, summary));
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.stderr(`cdk8s-istio ${name}: --format must be text or json, got '${values.format}'\n`);
    return EXIT_USAGE;
  }
  let istioVersion: IstioVersion;
  try {
    istioVersion = values['istio-version'] === undefined ? DEFAULT_ISTIO_VERSION : parseIstioVersion(values['istio-version']);
  } catch (e) {
    io.stderr(`cdk8s-istio ${name}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  let gatewayApiChannel: GatewayApiChannel;
  try {
    gatewayApiChannel = parseGatewayApiChannel(values['gateway-api-channel'] ?? DEFAULT_GATEWAY_API_CHANNEL);
  } catch (e) {
    io.stderr(`cdk8s-istio ${name}: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  if (positionals.length === 0) {
    io.stderr(`cdk8s-istio ${name}: give at least one file or folder\n\n${checkUsage(name, summary)}`);
    return EXIT_USAGE;
  }
  let dataplanes: DataplaneAssumptions;
  try {
    dataplanes = parseDataplaneFlags(values as { 'dataplane'?: string; 'namespace-dataplane'?: string[] });
  } catch (e) {
    if (!(e instanceof DataplaneFlagError)) throw e;
    io.stderr(`cdk8s-istio ${name}: ${e.message}\n`);
    return EXIT_USAGE;
  }
  const disabledChecks = (values.disable ?? []).flatMap((d) => d.split(',')).map((d) => d.trim()).filter((d) => d !== '');
  const assumeCompleteMesh = !(values as { 'partial-mesh'?: boolean })['partial-mesh'];
  return { istioVersion, gatewayApiChannel, format: values.format, disabledChecks, paths: positionals, dataplanes, assumeCompleteMesh };
}

/** A finding as the CLI prints it in JSON: the contract keys first, then extras. */
export function findingJson(f: Finding, line: number | undefined): Record<string, unknown> {
  const r = f.resource;
  const out: Record<string, unknown> = {
    file: f.file ?? null,
    index: f.index ?? null,
    apiVersion: r?.apiVersion ?? null,
    kind: r?.kind ?? null,
    name: r?.name ?? null,
    namespace: r?.namespace ?? null,
    severity: f.severity,
    code: f.code,
    path: f.path,
    message: f.message,
  };
  if (f.hint) out.hint = f.hint;
  if (line !== undefined) out.line = line;
  const detail = (f as { detail?: string }).detail;
  if (detail) out.detail = detail;
  if (f.related?.length) out.related = f.related;
  if (f.example) out.example = f.example;
  if (f.suppressedBy) out.suppressedBy = f.suppressedBy;
  return out;
}

/** A finding as one line of text: `file:line kind/namespace/name [severity code] path: message (hint)`. */
export function findingText(f: Finding, line: number | undefined): string {
  const r = f.resource;
  const where = f.file !== undefined ? `${f.file}${line !== undefined ? `:${line}` : ''} ` : '';
  const what = r ? `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '(unnamed)'} ` : '';
  const detail = (f as { detail?: string }).detail;
  const code = `${f.code}${detail ? ` ${detail}` : ''}`;
  const suppressed = f.suppressedBy ? ` [suppressed by ${f.suppressedBy}]` : '';
  const others = f.related?.length ? ` [involves ${f.related.map(relatedText).join(', ')}]` : '';
  const example = f.example ? ` [e.g. ${f.example}]` : '';
  return `${where}${what}[${f.severity} ${code}] ${f.path ? `${f.path}: ` : ''}${f.message}${others}${example}${f.hint ? ` (${f.hint})` : ''}${suppressed}`;
}

/**
 * Loads the files, runs the checks and prints the findings and a summary; resolves to the exit code.
 * Shared by `validate` and `analyze`.
 */
export function runChecks(
  name: string, args: CheckCommandArgs, io: CliIo, options: Omit<CheckAllOptions, 'istioVersion' | 'gatewayApiChannel' | 'disabledChecks' | 'dataplanes' | 'assumeCompleteMesh'>,
): number {
  const progress = Progress.of(`cdk8s-istio ${name}`, io, args.format === 'json');
  let docs: LoadedDocument[];
  try {
    docs = loadDocuments(args.paths, { onProgress: (p) => progress.update(() => readingText(p)) });
  } catch (e) {
    progress.done();
    if (e instanceof InputError) {
      io.stderr(`cdk8s-istio ${name}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  const inputs: CheckInput[] = docs.map((d) => ({
    object: d.object, file: d.file, index: d.index, ...(d.path !== undefined ? { path: d.path } : {}),
  }));
  let result: CheckAllResult;
  let ordered: Finding[];
  const byDoc = new Map<string, LoadedDocument[]>();
  for (const d of docs) addTo(byDoc, `${d.file}#${d.index}`, d);
  // A finding's line, found once per finding (each document's syntax tree is read on its first finding).
  const lines = new Map<Finding, number | undefined>();
  const lineOf = (f: Finding): number | undefined => {
    if (lines.has(f)) return lines.get(f);
    const line = lineInDocument(byDoc.get(`${f.file}#${f.index}`) ?? [], f.path);
    lines.set(f, line);
    progress.update(() => `lines of ${lines.size}/${result.findings.length} findings found`);
    return line;
  };
  try {
    result = checkAll(inputs, {
      ...options,
      istioVersion: args.istioVersion,
      gatewayApiChannel: args.gatewayApiChannel,
      disabledChecks: args.disabledChecks,
      dataplanes: args.dataplanes,
      assumeCompleteMesh: args.assumeCompleteMesh,
      onProgress: (p) => progress.update(() => (p.phase === 'objects' ? `${p.done}/${p.total} objects checked` : `${p.total} objects checked, analyzing across resources`)),
    });
    ordered = sortFindings(result.findings, lineOf);
  } finally {
    progress.done();
  }
  const { findings, checked, skipped } = result;
  const errors = errorsOf(findings).length;
  const warnings = warningsOf(findings).length;
  const suppressed = findings.filter((f) => f.suppressedBy).length;
  const summary = `Istio ${args.istioVersion}: ${checked} Istio object${checked === 1 ? '' : 's'} checked, ${skipped} other document${skipped === 1 ? '' : 's'} skipped, `
    + `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${suppressed ? `, ${suppressed} suppressed` : ''}\n`;
  writeFindings(ordered, args.format, lineOf, io);
  if (args.format === 'json') io.stderr(summary);
  else io.stdout(summary);
  return errors > 0 ? 1 : 0;
}

/** Findings written per WRITE_CHUNK: the output of a million findings would pass the longest string V8 can hold. */
const WRITE_CHUNK = 10_000;

/** Writes ordered findings to stdout, one per line, as text or JSON, a chunk at a time. */
export function writeFindings(ordered: readonly Finding[], format: ReportFormat, lineOf: (f: Finding) => number | undefined, io: CliIo): void {
  const line = format === 'json'
    ? (f: Finding) => `${JSON.stringify(findingJson(f, lineOf(f)))}\n`
    : (f: Finding) => `${findingText(f, lineOf(f))}\n`;
  for (let start = 0; start < ordered.length; start += WRITE_CHUNK) {
    let chunk = '';
    for (let i = start; i < Math.min(start + WRITE_CHUNK, ordered.length); i++) chunk += line(ordered[i]);
    io.stdout(chunk);
  }
}

/** The line of a finding's path among the objects of its document (the document itself, or the List item the path starts with). */
function lineInDocument(docs: readonly LoadedDocument[], path: string): number | undefined {
  for (const d of docs) {
    const at = d.path;
    if (at !== undefined && !isWithin(path, at)) continue;
    const rest = at === undefined ? path : path.slice(at.length).replace(/^\./, '');
    return d.lineOf ? d.lineOf(rest) : d.line;
  }
  return undefined;
}

/** Findings by file, line, severity, then as found: byte-wise (never by locale), and in O(n log n). */
export function sortFindings(findings: readonly Finding[], lineOf: (f: Finding) => number | undefined): Finding[] {
  const rank = { [Severity.ERROR]: 0, [Severity.WARNING]: 1, [Severity.INFO]: 2 };
  // Files ranked once (few, however many findings), so the sort compares numbers only.
  const files = [...new Set(findings.map((f) => f.file ?? ''))].sort(compareStrings);
  const fileRank = new Map(files.map((file, i) => [file, i]));
  return findings.map((f, i) => ({ f, i, file: fileRank.get(f.file ?? '')!, line: lineOf(f) ?? 0, severity: rank[f.severity] }))
    .sort((a, b) => a.file - b.file || a.line - b.line || a.severity - b.severity || a.i - b.i)
    .map((x) => x.f);
}
