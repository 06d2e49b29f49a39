import { Finding, ResourceRef, Severity } from './finding';
import { isKubeObject, KubeObject } from './object';

/** Istio's annotation that suppresses analysis messages on a resource: comma-separated codes, or `*` for all. */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/** What `suppressedBy` says for findings suppressed by the annotation. */
export const SUPPRESSED_BY_ANNOTATION = `annotation ${SUPPRESS_ANNOTATION}`;

/** The codes an object's `galley.istio.io/analyze-suppress` annotation suppresses. */
export function suppressedCodes(object: KubeObject): string[] {
  const value = object.metadata?.annotations?.[SUPPRESS_ANNOTATION];
  return typeof value === 'string' ? value.split(',').map((c) => c.trim()).filter((c) => c !== '') : [];
}

function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return (a || 'default') === (b || 'default');
}

/** Whether a finding's resource is this object (an unset namespace is `default`, as Istio assumes). */
export function refersTo(resource: ResourceRef | undefined, object: KubeObject): boolean {
  return resource !== undefined && resource.kind === object.kind && resource.name === object.metadata?.name
    && sameNamespace(resource.namespace, object.metadata?.namespace);
}

/**
 * Marks the findings that the `galley.istio.io/analyze-suppress` annotation of the resource they are
 * about suppresses: they keep being reported, with `suppressedBy` set and severity INFO, so they no
 * longer fail anything.
 */
export function applySuppressions(findings: readonly Finding[], objects: readonly unknown[]): Finding[] {
  const annotated = objects.filter(isKubeObject).map((o) => ({ object: o, codes: suppressedCodes(o) })).filter((a) => a.codes.length > 0);
  if (annotated.length === 0) return [...findings];
  return findings.map((f) => {
    if (f.suppressedBy) return f;
    // `detail` is the original code of a finding reported under an Istio code (IST0106 for a schema error).
    const detail = (f as { detail?: string }).detail;
    const hit = annotated.find((a) => refersTo(f.resource, a.object)
      && (a.codes.includes('*') || a.codes.includes(f.code) || (detail !== undefined && a.codes.includes(detail))));
    return hit ? { ...f, severity: Severity.INFO, suppressedBy: SUPPRESSED_BY_ANNOTATION } : f;
  });
}
