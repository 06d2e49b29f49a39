import { effectiveNamespace, normalize, resourceId } from './identity';
import { SourceLocation } from './model';
import { redactSecret } from './secrets';
import { KubeObject } from '../../vocab/object';

/** One resource of one side of a comparison. */
export interface Entry {
  /** `group/kind/namespace/name`. */
  readonly id: string;
  /** The object, normalized. */
  readonly object: KubeObject;
  /** Its namespace (`default` when unset, `` for cluster-scoped kinds). */
  readonly namespace: string;
  /** Where it was read from, when it came from a file. */
  readonly source?: SourceLocation;
}

/** The entry of an object: normalized (a Secret's values redacted: a diff never holds them), with its identity. */
export function makeEntry(object: KubeObject, source?: SourceLocation): Entry {
  const normalized = redactSecret(normalize(object));
  return { id: resourceId(normalized), object: normalized, namespace: effectiveNamespace(normalized), ...(source ? { source } : {}) };
}
