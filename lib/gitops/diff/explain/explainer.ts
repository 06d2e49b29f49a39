import { obj } from '../../../vocab/json';
import { KubeObject } from '../../../vocab/object';
import { Entry, MeshIndex, ROOT_NAMESPACE } from '../mesh-index';
import { ChangeDetail, ChangeWarning } from '../model';
import { showLabels } from '../show';

/** What an explainer writes for one resource. */
export interface Explanation {
  /** What changed (or, for an added or removed resource, what it does). */
  readonly details: ChangeDetail[];
  /** What is risky about it. */
  readonly warnings: ChangeWarning[];
}

/** Both sides of the comparison, for explainers that look at other resources. */
export interface DiffContext {
  /** OLD's resources. */
  readonly old: MeshIndex;
  /** NEW's resources. */
  readonly new: MeshIndex;
}

/** Explains changes of one Istio kind; what it does not explain gets the generic structural diff. */
export interface KindExplainer {
  /** `group/Kind`, e.g. `networking.istio.io/VirtualService`. */
  readonly groupKind: string;
  /** The keys of `spec` this explainer covers itself. */
  readonly specKeys: readonly string[];
  /** Explains a resource in both sides that differs. */
  changed(before: Entry, after: Entry, out: Explanation, ctx: DiffContext): void;
  /** Says what an added resource does. */
  added(after: Entry, out: Explanation, ctx: DiffContext): void;
  /** Says what a removed resource did. */
  removed(before: Entry, out: Explanation, ctx: DiffContext): void;
}

/** The spec of an object, or an empty one. */
export function specOf(object: KubeObject): Record<string, unknown> {
  return obj(object.spec);
}

/**
 * The workloads a policy applies to, in words: its selector or target references, else its
 * namespace, else (in the root namespace) the whole mesh.
 */
export function policyScope(entry: Entry): string {
  const spec = specOf(entry.object);
  const labels = obj(obj(spec.selector).matchLabels);
  if (Object.keys(labels).length > 0) return `workloads ${showLabels(labels)} in namespace ${entry.namespace}`;
  const refs = [...(spec.targetRef ? [spec.targetRef] : []), ...(Array.isArray(spec.targetRefs) ? spec.targetRefs : [])].map(obj);
  if (refs.length > 0) return `${refs.map((r) => `${String(r.kind ?? '')} ${String(r.name ?? '')}`.trim()).join(', ')} in namespace ${entry.namespace}`;
  return entry.namespace === ROOT_NAMESPACE ? 'the whole mesh' : `namespace ${entry.namespace}`;
}

/** Whether a policy applies to a whole namespace (or, in the root namespace, the mesh): no selector, no target. */
export function isNamespaceWide(entry: Entry): boolean {
  const spec = specOf(entry.object);
  const targets = Array.isArray(spec.targetRefs) && spec.targetRefs.length > 0;
  return Object.keys(obj(obj(spec.selector).matchLabels)).length === 0 && !spec.targetRef && !targets;
}
