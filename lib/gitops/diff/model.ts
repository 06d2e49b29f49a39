import type { BehaviourDiff } from './behaviour';

/** How a resource differs between OLD and NEW. */
export type ChangeType = 'added' | 'removed' | 'changed';

/** Where a resource was read from. */
export interface SourceLocation {
  /** The file, as given on the command line or found under a given folder. */
  readonly file: string;
  /** 1-based line where the resource's YAML document starts. */
  readonly line: number;
}

/** One thing that changed inside a resource, explained. */
export interface ChangeDetail {
  /**
   * The field the detail is about, e.g. `spec.http[0].route`. Indices are NEW's (OLD's for what was
   * removed); list items matched by name read `[name=v1]`.
   */
  readonly path: string;
  /** What changed, in words a reviewer reads, e.g. `http[0]: reviews v2 10% → 25%`. */
  readonly message: string;
  /** The value in OLD (absent when the field was added). */
  readonly before?: unknown;
  /** The value in NEW (absent when the field was removed). */
  readonly after?: unknown;
  /**
   * For authorization changes: whether the change lets more requests through (`widened`) or fewer
   * (`narrowed`). Absent when it does neither or cannot say (e.g. AUDIT and CUSTOM policies).
   */
  readonly access?: 'widened' | 'narrowed';
}

/** A change that is likely to break or weaken the mesh. */
export interface ChangeWarning {
  /** A stable code (`CIS7xxx`), see `lib/gitops/README.md`. */
  readonly code: string;
  /** What is risky, in a sentence. */
  readonly message: string;
  /** The field it is about, when there is one. */
  readonly path?: string;
}

/** One resource that is not the same in OLD and NEW. */
export interface ResourceChange {
  /** Added (only in NEW), removed (only in OLD) or changed (in both, not equal). */
  readonly change: ChangeType;
  /** apiVersion in NEW (OLD's when removed). */
  readonly apiVersion: string;
  /** The resource's kind. */
  readonly kind: string;
  /** The namespace (`default` when a namespaced object sets none; empty for cluster-scoped kinds). */
  readonly namespace: string;
  /** metadata.name. */
  readonly name: string;
  /** Where OLD defines it (absent when added). */
  readonly oldSource?: SourceLocation;
  /** Where NEW defines it (absent when removed). */
  readonly newSource?: SourceLocation;
  /** What changed, explained per field; for added and removed resources, what the resource does. */
  readonly details: ChangeDetail[];
  /** Risky aspects of the change. */
  readonly warnings: ChangeWarning[];
}

/** Counts over the whole comparison. */
export interface DiffSummary {
  /** Resources only in NEW. */
  readonly added: number;
  /** Resources only in OLD. */
  readonly removed: number;
  /** Resources in both that differ. */
  readonly changed: number;
  /** Resources in both that are equal (key order and formatting aside). */
  readonly unchanged: number;
  /** Warnings over all changes. */
  readonly warnings: number;
  /** Documents that are not Kubernetes objects (or are kustomize files) and were not compared. */
  readonly skipped: number;
}

/** The result of comparing two sets of resources. */
export interface DiffReport {
  /**
   * What the change does: the flows newly allowed and newly denied, and the routes that changed, for
   * representative requests (`diffBehaviour`).
   * @default - not computed (`diffObjects`, `diffPaths`); the `diff` command computes it
   */
  readonly behaviour?: BehaviourDiff;
  /** Every resource that differs, sorted by API group, kind, namespace and name. */
  readonly changes: ResourceChange[];
  /** Counts. */
  readonly summary: DiffSummary;
  /** Remarks about the inputs (e.g. a resource defined twice), not about changes. */
  readonly notes: string[];
}

/** Whether a report has any change (the `diff` command exits 1 when it does). */
export function hasChanges(report: DiffReport): boolean {
  return report.changes.length > 0;
}
