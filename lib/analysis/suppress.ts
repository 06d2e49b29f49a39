import { ApiObjectMetadataDefinition } from 'cdk8s';
import { Finding, ResourceRef, Severity, SUPPRESS_ANNOTATION, SUPPRESSED_BY_ANNOTATION } from '../vocab/finding';
import { obj, str } from '../vocab/json';
import { KubeObject } from '../vocab/object';

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'PersistentVolume', 'StorageClass', 'IngressClass', 'GatewayClass']);

/** Identifies a resource by API group, kind, namespace (`default` when unset; none for cluster-scoped kinds) and name. */
export function resourceKey(apiVersion: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace || 'default';
  return `${group}|${kind}|${ns}|${name ?? ''}`;
}

/** The codes an object suppresses, or undefined when it carries no suppression. */
export function suppressedCodes(object: KubeObject): ReadonlySet<string> | undefined {
  const value = obj(obj(obj(object).metadata).annotations)[SUPPRESS_ANNOTATION];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return new Set(value.split(',').map((c) => c.trim()).filter((c) => c !== ''));
}

/**
 * Applies Istio's `galley.istio.io/analyze-suppress` annotation: a finding whose resource carries the annotation
 * with its code (or `*`) is kept, so that the suppression shows, but downgraded to INFO with `suppressedBy` set.
 * Findings are matched to objects by API group, kind, namespace (`default` when unset) and name; a finding reported
 * under an Istio code with our own code in `detail` (IST0106/IST0133 in the CLI) is suppressed by either code.
 */
export function applySuppressions(findings: Finding[], objects: readonly KubeObject[]): Finding[] {
  const byResource = new Map<string, ReadonlySet<string>>();
  for (const o of objects) {
    const codes = suppressedCodes(o);
    const meta = obj(obj(o).metadata);
    if (codes) byResource.set(resourceKey(str(o.apiVersion), str(o.kind), str(meta.namespace), str(meta.name)), codes);
  }
  if (byResource.size === 0) return findings;
  return findings.map((f) => {
    const r: ResourceRef | undefined = f.resource;
    if (!r || f.suppressedBy) return f;
    const codes = byResource.get(resourceKey(r.apiVersion, r.kind, r.namespace, r.name));
    // `detail` is the original code of a finding reported under an Istio code (IST0106 for a schema error).
    const detail = (f as { detail?: unknown }).detail;
    if (!codes || !(codes.has('*') || codes.has(f.code) || (typeof detail === 'string' && codes.has(detail)))) return f;
    return { ...f, severity: Severity.INFO, suppressedBy: SUPPRESSED_BY_ANNOTATION };
  });
}

/**
 * Suppresses findings of the given codes on one object of an app, by adding them to its
 * `galley.istio.io/analyze-suppress` annotation (codes already there are kept). Works on any cdk8s `ApiObject`,
 * on our constructs and on cdk8s-plus resources (anything with `metadata`).
 *
 * @example
 * suppressFindings(legacyPeerAuthentication, 'CIS5003'); // a deliberate PERMISSIVE exception
 */
export function suppressFindings(target: { readonly metadata: ApiObjectMetadataDefinition }, ...codes: string[]): void {
  const existing = str(obj(obj(target.metadata.toJson()).annotations)[SUPPRESS_ANNOTATION]);
  const all = [...existing.split(','), ...codes].map((c) => c.trim()).filter((c, i, list) => c !== '' && list.indexOf(c) === i);
  if (all.length > 0) target.metadata.addAnnotation(SUPPRESS_ANNOTATION, all.join(','));
}
