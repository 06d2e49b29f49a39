import { formatMessage, messageType, resourceKey } from '../analysis';
import { Finding, resourceRefOf, RelatedObject } from '../vocab/finding';
import { KubeObject } from '../vocab/object';

/** An object of a check run and where it came from. */
export interface PlacedObject {
  /** The object. */
  readonly object: KubeObject;
  /** Its construct path at synth. */
  readonly constructPath?: string;
  /** The file it was read from. */
  readonly file?: string;
  /** Its document index in that file. */
  readonly index?: number;
  /** The cluster it is applied to: objects of different clusters are never duplicates. */
  readonly cluster?: string;
}

/** API groups of files that tools read and never apply (kustomize's own). */
const CLIENT_SIDE_GROUPS = ['kustomize.config.k8s.io', 'config.kubernetes.io'];

/** What to do instead, by kind: Istio merges none of these, the last one applied wins. */
const HINTS: Readonly<Record<string, string>> = {
  Namespace: 'Define the Namespace once (e.g. one MeshNamespace) and pass it to the constructs that need it, instead of letting each write its own.',
  VirtualService: 'Put the routes of one host into one VirtualService (compose the patterns: FaultInjectionExperiment\'s canary makes the fault a rule of the CanaryRoute), or give one of them another name and host.',
  DestinationRule: 'Keep one DestinationRule per host: merge the subsets and traffic policies into it.',
};

function where(p: PlacedObject): string {
  if (p.constructPath !== undefined) return `[${p.constructPath}]`;
  if (p.file !== undefined) return `${p.file}${p.index !== undefined ? `#${p.index}` : ''}`;
  return '(an earlier object)';
}

function related(p: PlacedObject): RelatedObject {
  return {
    resource: resourceRefOf(p.object),
    ...(p.constructPath !== undefined ? { constructPath: p.constructPath } : {}),
    ...(p.file !== undefined ? { file: p.file } : {}),
    ...(p.index !== undefined ? { index: p.index } : {}),
  };
}

/**
 * CIS5014: two objects with the same API group, kind, namespace and name in one app or file set (and cluster). The
 * API server keeps the last one applied, `kubectl kustomize` refuses the set. Reported on every copy after the
 * first, naming where the first one came from.
 */
export function duplicateObjects(objects: readonly PlacedObject[]): Finding[] {
  const first = new Map<string, PlacedObject>();
  const findings: Finding[] = [];
  const type = messageType('CIS5014');
  for (const p of objects) {
    const meta = p.object.metadata;
    // Objects without a name (a generateName, a kustomization.yaml) and client-side configuration never clash in a cluster.
    if (!meta?.name || CLIENT_SIDE_GROUPS.some((g) => p.object.apiVersion.startsWith(`${g}/`))) continue;
    const key = `${p.cluster ?? ''}|${resourceKey(p.object.apiVersion, p.object.kind, meta?.namespace, meta?.name)}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, p);
      continue;
    }
    const resource = resourceRefOf(p.object);
    const name = `${resource.namespace ? `${resource.namespace}/` : ''}${resource.name ?? ''}`;
    findings.push({
      severity: type.severity,
      code: type.code,
      path: 'metadata.name',
      message: formatMessage(type.template, [p.object.kind, name, where(earlier), where(p)]),
      hint: HINTS[p.object.kind] ?? `Give one of the two ${p.object.kind}s another name, or write it from one construct only.`,
      resource,
      related: [related(earlier)],
      ...(p.constructPath !== undefined ? { constructPath: p.constructPath } : {}),
      ...(p.file !== undefined ? { file: p.file } : {}),
      ...(p.index !== undefined ? { index: p.index } : {}),
    });
  }
  return findings;
}
