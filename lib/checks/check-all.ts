import { analyze, applySuppressions, DataplaneAssumptions, resourceKey } from '../analysis';
import type { IntentInput } from './behaviour/intents';
import { duplicateObjects } from './duplicates';
import { GatewayApiChannel } from '../core/gateway-api';
import { DEFAULT_ISTIO_VERSION, IstioVersion } from '../core/istio-version';
import { isCheckedObject, validateObject } from '../validation/validate';
import { WebhookCode } from '../validation/webhook/codes';
import { Finding, RelatedObject, Severity } from '../vocab/finding';
import { isKubeObject, KubeObject } from '../vocab/object';

const UNREACHABLE_RULE: string = WebhookCode.UNREACHABLE_RULE;

let behaviourModule: typeof import('./behaviour') | undefined;

/** The behaviour checks and the model they use, loaded with the first analysis: the per-object checks alone (`validate`) never need them (issue 21). */
function behaviourChecks(): typeof import('./behaviour') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  behaviourModule ??= require('./behaviour') as typeof import('./behaviour');
  return behaviourModule;
}

/** One object to check, with where it came from. */
export interface CheckInput {
  /** The object (any parsed YAML document or `ApiObject.toJson()`). */
  readonly object: unknown;
  /** The file it was read from. */
  readonly file?: string;
  /** Its 0-based document index in that file. */
  readonly index?: number;
  /** Where the object sits in its document when it is not the document itself (`items[3]` of a `kind: List`): findings' paths start with it. */
  readonly path?: string;
  /** The cdk8s construct path of its ApiObject. */
  readonly constructPath?: string;
  /** The Istio release this object targets, if it differs from the run's. */
  readonly istioVersion?: IstioVersion;
  /** The Gateway API channel this object targets, if it differs from the run's. */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /** Codes not to report for this object (added to the run's). */
  readonly disabledChecks?: readonly string[];
  /** The cluster this object is applied to, when a set spans several: objects of different clusters are never duplicates (CIS5014). */
  readonly cluster?: string;
}

/** Options of a whole check run. */
export interface CheckAllOptions {
  /**
   * The targeted Istio release.
   * @default - DEFAULT_ISTIO_VERSION (1.30)
   */
  readonly istioVersion?: IstioVersion;
  /**
   * The Gateway API channel the cluster has.
   * @default GatewayApiChannel.STANDARD
   */
  readonly gatewayApiChannel?: GatewayApiChannel;
  /**
   * Codes not to report.
   * @default - none
   */
  readonly disabledChecks?: readonly string[];
  /**
   * Whether to run the cross-resource analysis too.
   * @default true
   */
  readonly analysis?: boolean;
  /**
   * Whether the objects are the whole mesh, for the cross-resource analysis (`AnalyzeOptions.assumeCompleteMesh`).
   * @default true
   */
  readonly assumeCompleteMesh?: boolean;
  /**
   * The data plane of namespaces the objects do not define, for the analysis (`AnalyzeOptions.defaultDataplane`,
   * `namespaceDataplanes`).
   * @default - sidecar everywhere
   */
  readonly dataplanes?: DataplaneAssumptions;
  /**
   * The app's intents (MeshIntent), checked against the objects with the behaviour model (CIS5017). Intents live on
   * the construct tree: the synth-time checks pass them.
   * @default - none
   */
  readonly intents?: readonly IntentInput[];
  /**
   * Rewrites each per-object finding before suppressions apply (the `analyze` command reports
   * them under Istio's codes IST0106/IST0133).
   * @default - kept as they are
   */
  readonly perObject?: (finding: Finding) => Finding;
  /**
   * Called after each object's own checks and once before the cross-resource analysis, e.g. to show progress.
   * @default - nothing
   */
  readonly onProgress?: (progress: CheckProgress) => void;
}

/** How far a check run has come. */
export interface CheckProgress {
  /** `objects` while each object is checked on its own, `analysis` when the cross-resource analysis starts. */
  readonly phase: 'objects' | 'analysis';
  /** Inputs checked on their own so far. */
  readonly done: number;
  /** Inputs in all. */
  readonly total: number;
}

/** Findings of a run, and what it looked at. */
export interface CheckAllResult {
  /** Every finding, suppressed ones included (marked `suppressedBy`). */
  readonly findings: Finding[];
  /** How many Istio and Gateway API objects were checked. */
  readonly checked: number;
  /** How many documents were skipped because they are neither Istio configuration nor Gateway API objects. */
  readonly skipped: number;
}

/**
 * Runs the per-object checks on every Istio object and the cross-resource analysis over all
 * objects, attaches where each finding came from, and applies `galley.istio.io/analyze-suppress`.
 * Shared by the app hook, the CLI and the cdk8s plugin.
 */
export function checkAll(inputs: readonly CheckInput[], options: CheckAllOptions = {}): CheckAllResult {
  const istioVersion = options.istioVersion ?? DEFAULT_ISTIO_VERSION;
  const runDisabled = options.disabledChecks ?? [];
  const findings: Finding[] = [];
  let checked = 0;
  let skipped = 0;
  const withAnalysis = options.analysis ?? true;
  const disabledFor = (input: CheckInput): readonly string[] => [...runDisabled, ...(input.disabledChecks ?? [])];
  const place = (f: Finding, input: CheckInput): Finding => ({
    ...f,
    ...(input.path !== undefined ? { path: f.path === '' ? input.path : f.path.startsWith('[') ? `${input.path}${f.path}` : `${input.path}.${f.path}` } : {}),
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.index !== undefined ? { index: input.index } : {}),
    ...(input.constructPath !== undefined ? { constructPath: input.constructPath } : {}),
  });
  const onProgress = options.onProgress;
  for (const input of inputs) {
    // Objects of other groups give no findings, except a misspelt Istio group.
    const own = validateObject(input.object, {
      istioVersion: input.istioVersion ?? istioVersion,
      gatewayApiChannel: input.gatewayApiChannel ?? options.gatewayApiChannel,
      disabledChecks: disabledFor(input),
    });
    if (isCheckedObject(input.object) || own.length > 0) checked++;
    else skipped++;
    for (const f of own) {
      // The analysis reports unreachable rules under Istio's codes (IST0130/IST0131), as istioctl does: once.
      if (withAnalysis && f.code === UNREACHABLE_RULE) continue;
      const g = options.perObject ? options.perObject(f) : f;
      if (g === f || !disabledFor(input).includes(g.code)) findings.push(place(g, input));
    }
    onProgress?.({ phase: 'objects', done: checked + skipped, total: inputs.length });
  }
  if (withAnalysis) {
    onProgress?.({ phase: 'analysis', done: inputs.length, total: inputs.length });
    const placed = inputs.filter((i) => isKubeObject(i.object)).map((i) => ({ ...i, object: i.object as KubeObject }));
    const duplicates = duplicateObjects(placed);
    duplicates.forEach((f) => {
      const input = placed.find((p) => p.constructPath === f.constructPath && p.file === f.file && p.index === f.index);
      if (!(input ? disabledFor(input) : runDisabled).includes(f.code)) findings.push(f);
    });
    const objects = inputs.map((i) => i.object).filter(isKubeObject);
    // Findings name their resource; find its input by key, not by scanning every input per finding.
    const inputOf = new Map<string, CheckInput>();
    for (const i of inputs) {
      if (!isKubeObject(i.object)) continue;
      const key = resourceKey(i.object.apiVersion, i.object.kind, i.object.metadata?.namespace, i.object.metadata?.name);
      if (!inputOf.has(key)) inputOf.set(key, i);
    }
    let analysis: Finding[];
    const intentFindings: Finding[] = [];
    const intents = (options.intents ?? []).filter(() => !runDisabled.includes('CIS5017'));
    // The intents first: they register their callers with the behaviour model the other behaviour checks share.
    const { BEHAVIOUR_ANALYZERS, intentAnalyzer } = behaviourChecks();
    const additional = intents.length > 0 ? [intentAnalyzer(intents, intentFindings), ...BEHAVIOUR_ANALYZERS] : BEHAVIOUR_ANALYZERS;
    try {
      const analyzed = analyze(objects, { assumeCompleteMesh: options.assumeCompleteMesh ?? true, ...options.dataplanes, additional });
      analysis = [...analyzed, ...intentFindings];
    } catch (e) {
      analysis = [{ severity: Severity.ERROR, code: 'CIS1000', path: '', message: `the analysis failed: ${e instanceof Error ? e.message : String(e)}` }];
    }
    for (const f of analysis) {
      const r = f.resource;
      const input = r && inputOf.get(resourceKey(r.apiVersion, r.kind, r.namespace, r.name));
      if (input && disabledFor(input).includes(f.code)) continue;
      if (!input && runDisabled.includes(f.code)) continue;
      const placedRelated = f.related?.map((o) => placeRelated(o, inputOf));
      findings.push({ ...(input ? place(f, input) : f), ...(placedRelated ? { related: placedRelated } : {}) });
    }
  }
  return { findings: applySuppressions(findings, inputs.map((i) => i.object).filter(isKubeObject)), checked, skipped };
}

/** A related object with where it came from, when it is one of the inputs. */
function placeRelated(o: RelatedObject, inputOf: ReadonlyMap<string, CheckInput>): RelatedObject {
  const r = o.resource;
  const input = inputOf.get(resourceKey(r.apiVersion, r.kind, r.namespace, r.name));
  if (!input) return o;
  return {
    ...o,
    ...(input.constructPath !== undefined ? { constructPath: input.constructPath } : {}),
    ...(input.file !== undefined ? { file: input.file } : {}),
    ...(input.index !== undefined ? { index: input.index } : {}),
  };
}

/** Findings that fail a run: errors not suppressed. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === Severity.ERROR && !f.suppressedBy);
}

/** Findings to show as warnings: warnings not suppressed. */
export function warningsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === Severity.WARNING && !f.suppressedBy);
}

/** One line for a finding: `[construct/path] Kind ns/name: field.path: message (CODE; hint)`. */
export function formatFinding(f: Finding): string {
  const where = f.constructPath !== undefined ? `[${f.constructPath}] ` : f.file !== undefined ? `${f.file}${f.index !== undefined ? `#${f.index}` : ''} ` : '';
  const r = f.resource;
  const what = r ? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '(unnamed)'}: ` : '';
  const suppressed = f.suppressedBy ? `; suppressed by ${f.suppressedBy}` : '';
  const others = f.related?.length ? `; involves ${f.related.map(relatedText).join(', ')}` : '';
  const example = f.example ? `; e.g. ${f.example}` : '';
  return `${where}${what}${f.path ? `${f.path}: ` : ''}${f.message} (${f.code}${others}${example}${f.hint ? `; fix: ${f.hint}` : ''}${suppressed})`;
}

/** A related object as text: `Kind ns/name [construct/path]` (or its file). */
export function relatedText(o: RelatedObject): string {
  const r = o.resource;
  const at = o.constructPath !== undefined ? ` [${o.constructPath}]` : o.file !== undefined ? ` (${o.file}${o.index !== undefined ? `#${o.index}` : ''})` : '';
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name ?? '(unnamed)'}${at}`;
}
