import { Construct } from 'constructs';
import type { PeerAuthenticationSpec } from '../../imports/security.istio.io';
import { SECURITY_API } from '../core/api-group';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { renderWorkloadPolicyScope } from '../core/policy-target';
import { IstioResource, IstioResourceProps } from '../core/resource';
import type { Wire, WireDraft } from '../core/wire';
import { WorkloadSelector } from '../core/workload-selector';

/** How a workload's sidecar or ztunnel treats incoming plaintext and mutual-TLS traffic. */
export enum MtlsMode {
  /** Inherit the mode of the parent scope (namespace, then mesh); PERMISSIVE when nothing is set. */
  UNSET = 'UNSET',
  /** Accept plaintext only: the connection is not tunnelled over mTLS. */
  DISABLE = 'DISABLE',
  /** Accept both plaintext and mTLS, for migrating to STRICT. */
  PERMISSIVE = 'PERMISSIVE',
  /** Accept mTLS only: plaintext is rejected. */
  STRICT = 'STRICT',
}

/** The mTLS mode of one workload port. */
export interface PortMtls {
  /** The workload (container) port, not the Service port. 1-65535. */
  readonly port: number;
  /** The mode on that port. */
  readonly mode: MtlsMode;
}

/** Props of a PeerAuthentication. */
export interface PeerAuthenticationProps extends IstioResourceProps {
  /**
   * The mTLS mode of the policy's scope.
   * @default - not set: inherit from the parent scope
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * The workloads the policy applies to. Without it, the policy applies to the whole namespace
   * (the whole mesh in the root namespace).
   * @default - namespace or mesh scope
   */
  readonly selector?: WorkloadSelector;
  /**
   * Per-port modes overriding `mtlsMode`. Istio only accepts them together with a `selector`.
   * @default - none
   */
  readonly portLevelMtls?: PortMtls[];
}

/** Props of a mesh-wide PeerAuthentication. */
export interface MeshPeerAuthenticationProps {
  /** The mesh-wide mTLS mode. */
  readonly mtlsMode: MtlsMode;
  /**
   * The mesh's root namespace (MeshConfig `rootNamespace`).
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The object's name.
   * @default 'default'
   */
  readonly name?: string;
}

/** Props of a namespace-wide PeerAuthentication. */
export interface NamespacePeerAuthenticationProps {
  /** The namespace the policy covers. */
  readonly namespace: string;
  /** The namespace's mTLS mode. */
  readonly mtlsMode: MtlsMode;
  /**
   * The object's name.
   * @default 'default'
   */
  readonly name?: string;
}

/** Props of a workload PeerAuthentication: a selector is required, so port-level modes are allowed. */
export interface WorkloadPeerAuthenticationProps extends IstioResourceProps {
  /** The workloads the policy applies to. */
  readonly selector: WorkloadSelector;
  /**
   * The workloads' mTLS mode.
   * @default - not set: inherit from the namespace, then the mesh
   */
  readonly mtlsMode?: MtlsMode;
  /**
   * Per-port modes overriding `mtlsMode`.
   * @default - none
   */
  readonly portLevelMtls?: PortMtls[];
}

const KIND = 'PeerAuthentication';

/**
 * The mTLS mode that workloads accept: mesh-wide (root namespace, no selector), namespace-wide (no selector)
 * or for the workloads a selector picks. Port-level modes need a selector; setting them without one is an error.
 *
 * @example
 * PeerAuthentication.meshWide(chart, 'mtls', { mtlsMode: MtlsMode.STRICT });
 * PeerAuthentication.forWorkload(chart, 'pp', { selector: WorkloadSelector.labels({ app: 'productpage' }), mtlsMode: MtlsMode.STRICT })
 *   .addPortMtls(9080, MtlsMode.DISABLE);
 */
export class PeerAuthentication extends IstioResource<PeerAuthenticationSpec> {
  /** A mesh-wide policy: named `default` in the root namespace, without selector. */
  public static meshWide(scope: Construct, id: string, props: MeshPeerAuthenticationProps): PeerAuthentication {
    return new PeerAuthentication(scope, id, {
      metadata: { name: props.name ?? 'default', namespace: props.rootNamespace ?? 'istio-system' },
      mtlsMode: props.mtlsMode,
    });
  }

  /** A namespace-wide policy: no selector. */
  public static forNamespace(scope: Construct, id: string, props: NamespacePeerAuthenticationProps): PeerAuthentication {
    return new PeerAuthentication(scope, id, { metadata: { name: props.name ?? 'default', namespace: props.namespace }, mtlsMode: props.mtlsMode });
  }

  /** A policy for the workloads a selector picks, which may set port-level modes. */
  public static forWorkload(scope: Construct, id: string, props: WorkloadPeerAuthenticationProps): PeerAuthentication {
    return new PeerAuthentication(scope, id, props);
  }

  private readonly mtlsMode?: MtlsMode;
  private readonly selector?: WorkloadSelector;
  private readonly portModes = new Map<number, MtlsMode>();

  public constructor(scope: Construct, id: string, props: PeerAuthenticationProps = {}) {
    super(scope, id, { api: SECURITY_API, kind: KIND }, props);
    this.mtlsMode = props.mtlsMode;
    this.selector = props.selector;
    detachOnError(this, () => {
      for (const p of props.portLevelMtls ?? []) this.addPortMtls(p.port, p.mode);
    });
  }

  /**
   * Sets the mode of one workload port.
   * @throws when the policy has no selector (Istio rejects port-level mTLS at mesh and namespace scope), or the port is invalid or repeated
   */
  public addPortMtls(port: number, mode: MtlsMode): this {
    const problems: ConfigProblem[] = [];
    const field = `spec.portLevelMtls[${port}]`;
    if (!this.selector) {
      problems.push({ field, problem: 'port-level mTLS needs a workload selector; Istio rejects it on mesh- and namespace-wide policies', fix: 'Use PeerAuthentication.forWorkload() with a selector, or set the mode for the whole scope with mtlsMode.' });
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      problems.push({ field, problem: `port ${port} is not in 1-65535`, fix: 'Use the workload (container) port number.' });
    }
    if (this.portModes.has(port)) problems.push({ field, problem: `port ${port} is set twice`, fix: 'Set each port once.' });
    throwIfProblems(this, problems);
    this.portModes.set(port, mode);
    return this;
  }

  protected renderSpec(): Wire<PeerAuthenticationSpec> {
    const spec: WireDraft<PeerAuthenticationSpec> = { ...renderWorkloadPolicyScope({ selector: this.selector }) };
    if (this.mtlsMode !== undefined) spec.mtls = { mode: this.mtlsMode };
    if (this.portModes.size > 0) {
      // Integer-like keys keep ascending order in JS objects, so the output is stable.
      spec.portLevelMtls = Object.fromEntries([...this.portModes].map(([port, mode]) => [String(port), { mode }]));
    }
    return spec;
  }
}
