import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterScopedObject } from './cluster-object';
import { NETWORK_LABEL, checkNetworkName } from './east-west-gateway';

/** Pod Security Standards levels (the `pod-security.kubernetes.io/*` label values). */
export enum PodSecurityStandard {
  /** No restriction. */
  PRIVILEGED = 'privileged',
  /** Blocks known privilege escalations (host namespaces, privileged containers, added capabilities beyond a safe set). */
  BASELINE = 'baseline',
  /** Hardened: non-root, all capabilities dropped, seccomp, no privilege escalation. */
  RESTRICTED = 'restricted',
}

/** How workloads of a namespace join the mesh. */
export enum MeshDataPlaneMode {
  /** Sidecars injected into every pod (`istio-injection=enabled`, or `istio.io/rev` with a revision). */
  SIDECAR = 'sidecar',
  /** Ambient mode: ztunnel, no sidecar (`istio.io/dataplane-mode=ambient`). */
  AMBIENT = 'ambient',
  /** Not in the mesh: injection explicitly off (`istio-injection=disabled`). */
  NONE = 'none',
}

/** Pod Security Admission settings of a namespace. */
export interface PodSecurityLabels {
  /** Level whose violations are rejected. */
  readonly enforce: PodSecurityStandard;
  /** Level whose violations are recorded in the audit log. @default - the enforce level */
  readonly audit?: PodSecurityStandard;
  /** Level whose violations are returned as warnings. @default - the enforce level */
  readonly warn?: PodSecurityStandard;
  /** Kubernetes minor version of the policies, e.g. `v1.30`. @default latest */
  readonly version?: string;
}

/** Props of a PodSecurityNamespace. */
export interface PodSecurityNamespaceProps {
  /** Name of the namespace. */
  readonly name: string;
  /** Pod Security Admission levels. @default - none (the cluster default applies) */
  readonly podSecurity?: PodSecurityLabels;
  /** How workloads join the mesh. @default - no mesh label */
  readonly dataPlaneMode?: MeshDataPlaneMode;
  /** Control plane revision for sidecar injection (`istio.io/rev`). @default - the default revision */
  readonly revision?: string;
  /**
   * Whether the cluster runs Istio CNI (`components.cni.enabled`), which replaces the privileged
   * `istio-init` container: required for injected sidecars under the baseline or restricted level.
   * @default false
   */
  readonly istioCni?: boolean;
  /** Network of the namespace's workloads (`topology.istio.io/network`), on istio-system in multi-network meshes. */
  readonly network?: string;
  /** More labels. */
  readonly labels?: Record<string, string>;
  /** Annotations. */
  readonly annotations?: Record<string, string>;
}

/** The finding code of a pod security level that injected sidecars cannot run under. */
export const POD_SECURITY_CODES = { INIT_CONTAINER_FORBIDDEN: 'CIS6301' } as const;

/**
 * A namespace with Pod Security Standards labels and the mesh labels (injection or ambient,
 * revision, network), checked for combinations that cannot work: sidecar injection without Istio
 * CNI adds an `istio-init` container with NET_ADMIN and NET_RAW, which the baseline and restricted
 * levels reject, so no pod of the namespace would start.
 */
export class PodSecurityNamespace extends Construct {
  /** The Namespace. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: PodSecurityNamespaceProps) {
    super(scope, id);
    const ps = props.podSecurity;
    const mode = props.dataPlaneMode;
    if (ps && mode === MeshDataPlaneMode.SIDECAR && !props.istioCni && ps.enforce !== PodSecurityStandard.PRIVILEGED) {
      throw new Error(`${POD_SECURITY_CODES.INIT_CONTAINER_FORBIDDEN} namespace '${props.name}': sidecar injection without Istio CNI adds an istio-init container `
        + `with NET_ADMIN and NET_RAW, which the '${ps.enforce}' level rejects. Install Istio CNI (components.cni.enabled) and set istioCni: true, `
        + 'or use MeshDataPlaneMode.AMBIENT');
    }
    if (props.revision && mode !== MeshDataPlaneMode.SIDECAR) {
      throw new Error(`namespace '${props.name}': a revision selects the sidecar injector; set dataPlaneMode: MeshDataPlaneMode.SIDECAR`);
    }
    if (props.network !== undefined) checkNetworkName(`namespace '${props.name}'`, props.network);
    const labels: Record<string, string> = { ...props.labels };
    if (ps) {
      for (const [mode_, level] of [['enforce', ps.enforce], ['audit', ps.audit ?? ps.enforce], ['warn', ps.warn ?? ps.enforce]] as const) {
        labels[`pod-security.kubernetes.io/${mode_}`] = level;
        labels[`pod-security.kubernetes.io/${mode_}-version`] = ps.version ?? 'latest';
      }
    }
    if (mode === MeshDataPlaneMode.SIDECAR) {
      if (props.revision) labels['istio.io/rev'] = props.revision;
      else labels['istio-injection'] = 'enabled';
    } else if (mode === MeshDataPlaneMode.AMBIENT) {
      labels['istio.io/dataplane-mode'] = 'ambient';
    } else if (mode === MeshDataPlaneMode.NONE) {
      labels['istio-injection'] = 'disabled';
    }
    if (props.network !== undefined) labels[NETWORK_LABEL] = props.network;
    this.apiObject = new ClusterScopedObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: props.name, labels, annotations: props.annotations },
    });
  }

  /** The namespace's name. */
  public get name(): string {
    return this.apiObject.name;
  }
}
