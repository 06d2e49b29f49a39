import { isObj, JsonObject } from '../../vocab/json';
import { KubeObject } from '../../vocab/object';

/** Kinds without a namespace: for them an absent namespace is not `default`. */
const CLUSTER_SCOPED = new Set([
  'APIService', 'CertificateSigningRequest', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'ComponentStatus',
  'CSIDriver', 'CSINode', 'CustomResourceDefinition', 'GatewayClass', 'IngressClass', 'MutatingWebhookConfiguration',
  'Namespace', 'Node', 'PersistentVolume', 'PriorityClass', 'RuntimeClass', 'StorageClass', 'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration', 'VolumeAttachment',
]);

/** Server-set metadata that says nothing about the desired state (present when a cluster dump is compared). */
const SERVER_METADATA = ['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The API group of an apiVersion: `networking.istio.io/v1` → `networking.istio.io`, `v1` → `` (core). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether a kind is cluster-scoped (has no namespace). */
export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** The namespace a resource lives in: its own, `default` when a namespaced object sets none, `` for cluster-scoped kinds. */
export function effectiveNamespace(object: KubeObject): string {
  if (isClusterScoped(object.kind)) return '';
  const ns = object.metadata?.namespace;
  return typeof ns === 'string' && ns !== '' ? ns : 'default';
}

/**
 * The identity of a resource across versions of a config: `group/kind/namespace/name`. The API
 * version is not part of it, so moving from `v1beta1` to `v1` is a change of one resource.
 */
export function resourceId(object: KubeObject): string {
  return `${apiGroup(object.apiVersion)}/${object.kind}/${effectiveNamespace(object)}/${String(object.metadata?.name ?? '')}`;
}

/**
 * The object as it is compared: without `status`, server-set metadata and kubectl's last-applied
 * annotation, with its effective namespace (`default` when a namespaced object sets none). Key order does not matter to the comparison, and null fields equal absent ones.
 */
export function normalize(object: KubeObject): KubeObject {
  const { status: _status, ...rest } = object as JsonObject;
  const metadata = object.metadata;
  const meta: Record<string, unknown> = isObj(metadata) ? { ...metadata } : {};
  for (const key of SERVER_METADATA) delete meta[key];
  if (isObj(meta.annotations) && LAST_APPLIED in meta.annotations) {
    const { [LAST_APPLIED]: _last, ...annotations } = meta.annotations;
    meta.annotations = annotations;
  }
  if (isObj(meta.annotations) && Object.keys(meta.annotations).length === 0) delete meta.annotations;
  const namespace = effectiveNamespace(object);
  if (namespace === '') delete meta.namespace;
  else meta.namespace = namespace;
  return { ...rest, metadata: meta } as KubeObject;
}

/** API groups whose documents describe a folder, not a resource: never compared. */
export const NOT_COMPARED = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io']);
