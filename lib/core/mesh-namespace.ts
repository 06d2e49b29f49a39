import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Dataplane } from './dataplane';
import { detachOnError, configError, fieldError } from './errors';
import { registerNamespaceDataplane } from './namespace-dataplane';

/** How a namespace's pods join the mesh. */
export class MeshMembership {
  /** Sidecars injected by the default revision: `istio-injection=enabled`. */
  public static sidecarInjection(): MeshMembership {
    return new MeshMembership({ 'istio-injection': 'enabled' });
  }

  /**
   * Sidecars injected by one control plane revision (canary upgrades): `istio.io/rev=<revision>`.
   * Do not also set `istio-injection`, which takes precedence.
   */
  public static revision(revision: string): MeshMembership {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(revision) || revision.length > 63) {
      throw fieldError('MeshMembership.revision', `'${revision}' is not a valid label value`, 'Use e.g. \'1-30-3\' or \'canary\'.');
    }
    return new MeshMembership({ 'istio.io/rev': revision });
  }

  /** Ambient mode (ztunnel, no sidecars): `istio.io/dataplane-mode=ambient`. */
  public static ambient(): MeshMembership {
    return new MeshMembership({ 'istio.io/dataplane-mode': 'ambient' });
  }

  private constructor(
    /** The namespace labels that make the membership. */
    public readonly labels: { readonly [label: string]: string },
  ) {}
}

/** Pod Security Standards levels (`pod-security.kubernetes.io/<mode>` label values). */
export enum PodSecurityLevel {
  /** No restrictions. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. Sidecar injection without Istio CNI needs at least this (NET_ADMIN, NET_RAW). */
  BASELINE = 'baseline',
  /** Hardened pods. Sidecar injection needs the Istio CNI plugin here; ambient mode works as is. */
  RESTRICTED = 'restricted',
}

/** Pod Security Admission labels of a namespace. */
export interface PodSecurityProps {
  /**
   * Pods violating this level are rejected.
   * @default - not set
   */
  readonly enforce?: PodSecurityLevel;
  /**
   * Violations of this level are recorded in the audit log.
   * @default - not set
   */
  readonly audit?: PodSecurityLevel;
  /**
   * Violations of this level are returned as warnings.
   * @default - not set
   */
  readonly warn?: PodSecurityLevel;
  /**
   * The Pod Security Standards version the levels refer to, e.g. `latest` or `v1.33`; written for every mode set.
   * @default - not set (latest)
   */
  readonly version?: string;
}

/** Props of a MeshNamespace. */
export interface MeshNamespaceProps {
  /**
   * Metadata of the Namespace: name, labels, annotations.
   * @default - a name generated from the construct path
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The namespace's data plane: SIDECAR (`istio-injection: enabled`) or AMBIENT (`istio.io/dataplane-mode: ambient`).
   * Use `membership` instead for a revision's injection; if both are set they must agree.
   * @default - from `membership`, else Dataplane.SIDECAR
   */
  readonly dataplane?: Dataplane;
  /**
   * How the namespace's pods join the mesh, for what `dataplane` does not say (a revision's injection).
   * @default - from `dataplane`
   */
  readonly membership?: MeshMembership;
  /**
   * Pod Security Standards labels.
   * @default - none
   */
  readonly podSecurity?: PodSecurityProps;
}

/**
 * A Kubernetes Namespace whose pods join the mesh: with sidecar injection, a revision's injection, or ambient mode,
 * plus optional Pod Security Standards labels. Patterns created after it in the same app read its data plane.
 *
 * @example
 * new MeshNamespace(chart, 'shop', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT,
 *   podSecurity: { enforce: PodSecurityLevel.RESTRICTED } });
 */
export class MeshNamespace extends Construct {
  /** The underlying `v1` Namespace object (escape hatch). */
  public readonly apiObject: ApiObject;
  /** The namespace's data plane. */
  public readonly dataplane: Dataplane;

  public constructor(scope: Construct, id: string, props: MeshNamespaceProps = {}) {
    super(scope, id);
    const membership = detachOnError(this, () => resolveMembership(this, props));
    this.dataplane = membership.labels['istio.io/dataplane-mode'] === 'ambient' ? Dataplane.AMBIENT : Dataplane.SIDECAR;
    const labels = detachOnError(this, () => namespaceLabels(this, { ...props, membership }));
    this.apiObject = new ApiObject(this, 'Resource', { apiVersion: 'v1', kind: 'Namespace', metadata: { ...props.metadata, labels } });
    // Namespaces are cluster-scoped: drop the namespace a chart gives all its objects.
    if (this.apiObject.metadata.namespace !== undefined) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    registerNamespaceDataplane(this, this.apiObject.name, this.dataplane);
  }

  /** The namespace's name, for the `metadata.namespace` of the objects in it. */
  public get name(): string {
    return this.apiObject.name;
  }
}

const MEMBERSHIP_AMBIENT = MeshMembership.ambient();

/** The membership from `dataplane` and `membership`, which must agree. */
function resolveMembership(ns: Construct, props: MeshNamespaceProps): MeshMembership {
  const fromDataplane = props.dataplane === Dataplane.AMBIENT ? MEMBERSHIP_AMBIENT : MeshMembership.sidecarInjection();
  if (props.membership === undefined) return fromDataplane;
  if (props.dataplane !== undefined && (props.membership.labels['istio.io/dataplane-mode'] === 'ambient') !== (props.dataplane === Dataplane.AMBIENT)) {
    throw configError(ns, [{ field: 'metadata.labels', problem: `membership (${Object.entries(props.membership.labels).map(([k, v]) => `${k}=${v}`).join(', ')}) contradicts dataplane ${props.dataplane}`, fix: 'Set only one of dataplane and membership.' }], 'Namespace');
  }
  return props.membership;
}

/** The Namespace's labels: the user's, plus membership and Pod Security labels, which must not conflict. */
function namespaceLabels(ns: Construct, props: MeshNamespaceProps & { membership: MeshMembership }): Record<string, string> {
  const labels: Record<string, string> = { ...props.metadata?.labels };
  const ours: Record<string, string> = { ...props.membership.labels, ...podSecurityLabels(props.podSecurity ?? {}) };
  for (const [key, value] of Object.entries(ours)) {
    if (labels[key] !== undefined && labels[key] !== value) {
      throw configError(ns, [{ field: `metadata.labels[${key}]`, problem: `'${labels[key]}' conflicts with '${value}' from membership or podSecurity`, fix: 'Remove the label from metadata.' }], 'Namespace');
    }
    labels[key] = value;
  }
  const membershipKeys = Object.keys(labels).filter((k) => ['istio-injection', 'istio.io/rev', 'istio.io/dataplane-mode'].includes(k));
  if (membershipKeys.length > 1) {
    throw configError(ns, [{ field: 'metadata.labels', problem: `${membershipKeys.join(' and ')} are both set, so the mesh membership is ambiguous`, fix: 'Keep only the membership label.' }], 'Namespace');
  }
  return labels;
}

function podSecurityLabels(pss: PodSecurityProps): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const mode of ['enforce', 'audit', 'warn'] as const) {
    const level = pss[mode];
    if (level === undefined) continue;
    labels[`pod-security.kubernetes.io/${mode}`] = level;
    if (pss.version !== undefined) labels[`pod-security.kubernetes.io/${mode}-version`] = pss.version;
  }
  return labels;
}
