import { deepEqual } from './compare';
import type { UnchangedPool } from './documents';
import type { KindExplainer } from './explain';
import type { DiffContext, Explanation } from './explain/explainer';
import { NOT_COMPARED, apiGroup } from './identity';
import { Entry, MeshIndex, makeEntry } from './mesh-index';
import { ChangeDetail, ChangeWarning, DiffReport, ResourceChange, SourceLocation } from './model';
import { structuralDiff } from './structural';
import { checkRoutedSubsets } from './subsets';
import { isObj, JsonObject } from '../../vocab/json';
import { KubeObject, isKubeObject } from '../../vocab/object';

let explainers: ReadonlyMap<string, KindExplainer> | undefined;

/** The kind's explainer; the explainers load on the first diff, not with `require('cdk8s-istio')` (issue 21). */
function explainerOf(groupKindKey: string): KindExplainer | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  explainers ??= (require('./explain') as typeof import('./explain')).EXPLAINERS;
  return explainers.get(groupKindKey);
}

/** One document to compare: a parsed object, and where it came from when it came from a file. */
export interface DiffInput {
  /** The parsed document (a Kubernetes object, a `List` of them, or anything else, which is skipped). */
  readonly object: unknown;
  /** The file it was read from. */
  readonly file?: string;
  /** 1-based line where the document starts. */
  readonly line?: number;
}

interface Side {
  readonly entries: Map<string, Entry>;
  readonly skipped: number;
}

function where(source: SourceLocation | undefined): string {
  return source ? `${source.file}:${source.line}` : 'an input';
}

function describeEntry(entry: Entry): string {
  return `${entry.object.kind} ${entry.namespace ? `${entry.namespace}/` : ''}${String(entry.object.metadata?.name ?? '')}`;
}

/** Indexes one side by identity, once. Later definitions of an identity win, as with `kubectl apply`. */
function indexSide(docs: readonly DiffInput[], side: 'OLD' | 'NEW', notes: string[]): Side {
  const entries = new Map<string, Entry>();
  let skipped = 0;
  const add = (object: KubeObject, source: SourceLocation | undefined) => {
    const entry = makeEntry(object, source);
    const previous = entries.get(entry.id);
    if (previous) notes.push(`${side} defines ${describeEntry(entry)} twice (${where(previous.source)}, ${where(source)}): the last one is compared`);
    entries.set(entry.id, entry);
  };
  for (const doc of docs) {
    const source = doc.file !== undefined ? { file: doc.file, line: doc.line ?? 1 } : undefined;
    const object = doc.object;
    const items = isKubeObject(object) && object.kind === 'List' && Array.isArray(object.items) ? object.items : [object];
    for (const item of items) {
      if (isKubeObject(item) && !NOT_COMPARED.has(apiGroup(item.apiVersion))) add(item, source);
      else skipped++;
    }
  }
  return { entries, skipped };
}

const ISTIO_GROUP = /\.istio\.io$/;

/** The generic diff of everything the kind's explainer does not cover. */
function genericDetails(before: KubeObject, after: KubeObject, specKeys: readonly string[], explained: number, out: ChangeDetail[]): void {
  // In Istio's API, lists of scalars (hosts, gateways, exportTo, principals...) are sets.
  const sets = ISTIO_GROUP.test(apiGroup(after.apiVersion));
  const [bs, as] = [before.spec, after.spec];
  if (isObj(bs) && isObj(as)) {
    structuralDiff(bs, as, 'spec', out, { skip: new Set(specKeys), scalarListsAreSets: sets });
    // An explainer that found nothing to say about fields that differ: fall back to the structural diff.
    if (explained === 0) for (const key of specKeys) structuralDiff(bs[key], as[key], `spec.${key}`, out, { scalarListsAreSets: sets });
  } else {
    structuralDiff(bs, as, 'spec', out, { scalarListsAreSets: sets });
  }
  const topKeys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...topKeys].sort()) {
    if (key === 'apiVersion' || key === 'kind' || key === 'metadata' || key === 'spec') continue;
    structuralDiff((before as JsonObject)[key], (after as JsonObject)[key], key, out, { scalarListsAreSets: sets });
  }
  const meta = (o: KubeObject): JsonObject => {
    const { name: _n, namespace: _ns, ...rest } = (o.metadata ?? {}) as JsonObject;
    return rest;
  };
  structuralDiff(meta(before), meta(after), 'metadata', out);
}

function newChange(change: ResourceChange['change'], entry: Entry, oldSource?: SourceLocation, newSource?: SourceLocation): ResourceChange {
  return {
    change,
    apiVersion: entry.object.apiVersion,
    kind: entry.object.kind,
    namespace: entry.namespace,
    name: String(entry.object.metadata?.name ?? ''),
    ...(oldSource ? { oldSource } : {}),
    ...(newSource ? { newSource } : {}),
    details: [],
    warnings: [],
  };
}

function groupKind(object: KubeObject): string {
  return `${apiGroup(object.apiVersion)}/${object.kind}`;
}

function explainChanged(before: Entry, after: Entry, ctx: DiffContext): ResourceChange {
  const change = newChange('changed', after, before.source, after.source);
  const out: Explanation = { details: change.details, warnings: change.warnings };
  if (before.object.apiVersion !== after.object.apiVersion) {
    out.details.push({ path: 'apiVersion', message: `apiVersion: ${before.object.apiVersion} → ${after.object.apiVersion}`, before: before.object.apiVersion, after: after.object.apiVersion });
  }
  const explainer = explainerOf(groupKind(after.object));
  let explained = 0;
  if (explainer) {
    const start = out.details.length;
    explainer.changed(before, after, out, ctx);
    explained = out.details.length - start;
  }
  genericDetails(before.object, after.object, explainer?.specKeys ?? [], explained, out.details);
  return change;
}

/**
 * Compares two sides: the documents to compare, plus (from `diffPaths`) a pool of documents known
 * to be identical in both, which count as unchanged and are only parsed for cross-resource lookups.
 */
export function compareSides(oldDocs: readonly DiffInput[], newDocs: readonly DiffInput[], pool?: UnchangedPool): DiffReport {
  const notes: string[] = [];
  const oldSide = indexSide(oldDocs, 'OLD', notes);
  const newSide = indexSide(newDocs, 'NEW', notes);
  const ctx: DiffContext = { old: new MeshIndex(oldSide.entries, pool), new: new MeshIndex(newSide.entries, pool) };
  const changes = new Map<string, ResourceChange>();
  let unchanged = pool?.resources ?? 0;

  for (const [id, after] of newSide.entries) {
    const before = oldSide.entries.get(id);
    if (!before) {
      const change = newChange('added', after, undefined, after.source);
      explainerOf(groupKind(after.object))?.added(after, change, ctx);
      changes.set(id, change);
    } else if (deepEqual(before.object, after.object)) {
      unchanged++;
    } else {
      changes.set(id, explainChanged(before, after, ctx));
    }
  }
  for (const [id, before] of oldSide.entries) {
    if (newSide.entries.has(id)) continue;
    const change = newChange('removed', before, before.source, undefined);
    explainerOf(groupKind(before.object))?.removed(before, change, ctx);
    changes.set(id, change);
  }

  checkRoutedSubsets(ctx.old, ctx.new, changes, (id: string, warning: ChangeWarning) => {
    const change = changes.get(id);
    if (change && !change.warnings.some((w) => w.message === warning.message)) change.warnings.push(warning);
  });

  const sorted = [...changes.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  const count = (type: ResourceChange['change']) => sorted.filter((c) => c.change === type).length;
  return {
    changes: sorted,
    summary: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      unchanged,
      warnings: sorted.reduce((n, c) => n + c.warnings.length, 0),
      skipped: oldSide.skipped + newSide.skipped + (pool?.skipped ?? 0),
    },
    notes,
  };
}

/**
 * Compares two sets of resources by identity (`group/kind/namespace/name`) and explains each
 * difference: Istio kinds in Istio's terms (weights, matches, mTLS modes, policy rules), others per
 * field. Key order, formatting, file layout and document order are no change.
 */
export function diffObjects(oldDocs: readonly DiffInput[], newDocs: readonly DiffInput[]): DiffReport {
  return compareSides(oldDocs, newDocs);
}
