import { Construct } from 'constructs';
import { Dataplane } from '../core/dataplane';
import { IstioConfigError } from '../core/errors';
import { MeshNamespace, MeshNamespaceProps, PodSecurityLevel, PodSecurityProps } from '../core/mesh-namespace';

/** Props of a HardenedNamespace. */
export interface HardenedNamespaceProps extends MeshNamespaceProps {
  /** Pod Security Admission levels: required here (e.g. `{ enforce: PodSecurityLevel.RESTRICTED }`). */
  readonly podSecurity: PodSecurityProps;
  /**
   * Whether the cluster runs Istio CNI (`components.cni.enabled` of the IstioOperator), which
   * replaces the privileged `istio-init` container of injected pods.
   * @default false
   */
  readonly istioCni?: boolean;
}

/** The code of a Pod Security level that injected pods cannot start under. */
export const HARDENED_NAMESPACE_CODES = { INIT_CONTAINER_FORBIDDEN: 'CIS6301' } as const;

function checked(scope: Construct, id: string, props: HardenedNamespaceProps): HardenedNamespaceProps {
  const level = props.podSecurity.enforce;
  // Without membership, the data plane decides: sidecars unless AMBIENT.
  const membership = props.membership?.labels ?? (props.dataplane === Dataplane.AMBIENT ? {} : { 'istio-injection': 'enabled' });
  const sidecars = membership['istio-injection'] === 'enabled' || membership['istio.io/rev'] !== undefined;
  if (sidecars && !props.istioCni && (level === PodSecurityLevel.BASELINE || level === PodSecurityLevel.RESTRICTED)) {
    // Checked before the namespace exists, so the error is built from where it would be.
    const path = scope.node.path ? `${scope.node.path}/${id}` : id;
    throw new IstioConfigError(path, `Namespace ${props.metadata?.name ?? id}`, [{
      field: 'podSecurity.enforce',
      problem: `${HARDENED_NAMESPACE_CODES.INIT_CONTAINER_FORBIDDEN} sidecar injection without Istio CNI adds an istio-init container with NET_ADMIN and NET_RAW, `
        + `which the '${level}' level rejects, so no pod would start`,
      fix: 'Install Istio CNI (components.cni.enabled) and set istioCni: true, or use dataplane: Dataplane.AMBIENT.',
    }]);
  }
  return props;
}

/**
 * A MeshNamespace whose Pod Security level is required, and checked against how its pods join the
 * mesh: sidecar injection without Istio CNI adds an `istio-init` container that needs NET_ADMIN and
 * NET_RAW, which the baseline and restricted levels reject. Ambient mode, or sidecars with Istio
 * CNI, can run under restricted, which also wants a seccomp profile on every container: Istio's
 * injection template gives the injected containers one only when `values.global.proxy.seccompProfile`
 * is set (`MultiClusterMesh`'s `proxySeccompProfile`, or `values.global.proxy.seccompProfile` of an
 * IstioOperator); otherwise each pod must set a pod-level `securityContext.seccompProfile`, or the
 * admission rejects it.
 *
 * @example
 * new HardenedNamespace(chart, 'shop', {
 *   metadata: { name: 'shop' },
 *   membership: MeshMembership.sidecarInjection(),
 *   podSecurity: { enforce: PodSecurityLevel.RESTRICTED },
 *   istioCni: true,
 * });
 */
export class HardenedNamespace extends MeshNamespace {
  public constructor(scope: Construct, id: string, props: HardenedNamespaceProps) {
    super(scope, id, checked(scope, id, props));
  }
}
