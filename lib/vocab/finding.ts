/** How serious a finding is. */
export enum Severity {
  /** Istio rejects the object, or the set of objects is broken: synth fails. */
  ERROR = 'error',
  /** Istio accepts it, but it likely does not do what was meant. */
  WARNING = 'warning',
  /** Worth knowing; never fails anything. */
  INFO = 'info',
}

/** Identifies the object a finding is about. */
export interface ResourceRef {
  /** apiVersion of the object, e.g. `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** kind of the object. */
  readonly kind: string;
  /** metadata.name of the object. */
  readonly name?: string;
  /** metadata.namespace of the object. */
  readonly namespace?: string;
}

/**
 * The identity a finding carries for an object: its apiVersion and kind, and its name and namespace when they are
 * non-empty strings (an empty namespace is none, as in Kubernetes).
 */
export function resourceRefOf(object: { readonly apiVersion?: unknown; readonly kind?: unknown; readonly metadata?: unknown }): ResourceRef {
  const m = (typeof object.metadata === 'object' && object.metadata !== null ? object.metadata : {}) as { name?: unknown; namespace?: unknown };
  return {
    apiVersion: String(object.apiVersion),
    kind: String(object.kind),
    ...(typeof m.name === 'string' && m.name ? { name: m.name } : {}),
    ...(typeof m.namespace === 'string' && m.namespace ? { namespace: m.namespace } : {}),
  };
}

/** Another object a finding involves (the other policy, the route, the first copy of a duplicate), and where it came from. */
export interface RelatedObject {
  /** The object. */
  readonly resource: ResourceRef;
  /** The cdk8s construct path of that object, when it came from an app. */
  readonly constructPath?: string;
  /** The file the object was read from, when it came from the CLI. */
  readonly file?: string;
  /** The 0-based index of the YAML document in that file. */
  readonly index?: number;
}

/**
 * One problem found by a check. Checks work on plain objects, so a finding names the object and
 * field; the app hook and the CLI add where it came from (construct path, or file and index).
 */
export interface Finding {
  /** How serious it is. */
  readonly severity: Severity;
  /**
   * A stable code: Istio's `ISTxxxx` where Istio has the same check, otherwise ours (`CIS` + 4 digits).
   */
  readonly code: string;
  /** The field path inside the object, e.g. `spec.http[0].route[1].weight`; empty for the object itself. */
  readonly path: string;
  /** What is wrong, in a sentence. */
  readonly message: string;
  /** How to fix it, when there is something to say. */
  readonly hint?: string;
  /** The object the finding is about. */
  readonly resource?: ResourceRef;
  /** The cdk8s construct path of that object, when it came from an app. */
  readonly constructPath?: string;
  /** The file the object was read from, when it came from the CLI. */
  readonly file?: string;
  /** The 0-based index of the YAML document in that file. */
  readonly index?: number;
  /** The other objects involved, e.g. the wider of two ALLOW policies. @default - only `resource` */
  readonly related?: readonly RelatedObject[];
  /** A request that shows the problem, e.g. `DELETE /api/orders from shop/reviews to shop/orders:8080 is allowed`. */
  readonly example?: string;
  /** When a suppression applied: what suppressed it (the finding is then reported, not enforced). */
  readonly suppressedBy?: string;
}

/** Istio's annotation listing the analysis codes to suppress on a resource (comma-separated, `*` for all). */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/** What a suppressed finding says suppressed it. */
export const SUPPRESSED_BY_ANNOTATION = `annotation ${SUPPRESS_ANNOTATION}`;
