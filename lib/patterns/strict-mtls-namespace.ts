import { Construct } from 'constructs';
import { allowTraffic, AllowTrafficProps } from './allow-traffic';
import { patternName } from './pattern-util';
import { PermissiveException, permissiveException } from './permissive-exception';
import { useWaypoint } from '../ambient/use-waypoint';
import { IWaypoint } from '../ambient/waypoint';
import { Dataplane } from '../core/dataplane';
import { configError } from '../core/errors';
import { MeshIntent } from '../core/mesh-intent';
import { MeshMembership, MeshNamespace, PodSecurityProps } from '../core/mesh-namespace';
import { AuthorizationPolicy } from '../security/authorization-policy';
import { MtlsMode, PeerAuthentication } from '../security/peer-authentication';
import { Principal } from '../security/principal';

/** Props of a StrictMtlsNamespace. */
export interface StrictMtlsNamespaceProps {
  /** The namespace's name. */
  readonly name: string;
  /**
   * How the namespace's pods join the mesh.
   * @default - from `dataplane`, else MeshMembership.sidecarInjection()
   */
  readonly membership?: MeshMembership;
  /**
   * The namespace's data plane. In AMBIENT, ztunnel enforces the policies at L4: `allow()` takes ports, not methods or paths.
   * @default - from `membership`, else Dataplane.SIDECAR
   */
  readonly dataplane?: Dataplane;
  /**
   * AMBIENT only: a waypoint the namespace uses (`istio.io/use-waypoint` on the Namespace), admitted at L4 by an
   * ALLOW policy `allow-waypoint`: ztunnel sees the waypoint's identity on the requests it forwards, which
   * `deny-by-default` would otherwise deny. Caller rules for traffic through it belong in policies with `targetRefs`.
   * @default - none
   */
  readonly waypoint?: IWaypoint;
  /**
   * Pod Security Standards labels of the namespace.
   * @default - none
   */
  readonly podSecurity?: PodSecurityProps;
  /**
   * Ports kept PERMISSIVE, each named, with the plaintext clients' IP blocks (`plaintextFrom`). Anything else is STRICT.
   * @default - none: STRICT everywhere
   */
  readonly permissiveExceptions?: PermissiveException[];
  /**
   * The mesh's trust domain, for the principals of allowed service accounts.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
}

/**
 * A mesh namespace locked down by default: STRICT mTLS for every workload (PeerAuthentication `default`), and an
 * allow-nothing AuthorizationPolicy `deny-by-default`, so only traffic opened with `allow()` gets through.
 * Exceptions to STRICT are explicit and named (`permissiveExceptions`, `addPermissiveException()`).
 *
 * @example
 * const shop = new StrictMtlsNamespace(chart, 'shop', { name: 'shop' });
 * shop.allow('frontend-to-orders', { from: { serviceAccounts: [frontendSa] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080] } });
 */
export class StrictMtlsNamespace extends Construct {
  /** The Namespace. */
  public readonly namespace: MeshNamespace;
  /** The namespace-wide STRICT PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The allow-nothing AuthorizationPolicy. */
  public readonly denyByDefault: AuthorizationPolicy;
  /** AMBIENT with a waypoint: the L4 ALLOW admitting the waypoint. */
  public readonly allowWaypoint?: AuthorizationPolicy;
  private readonly ambient: boolean;
  private readonly trustDomain?: string;
  private readonly names = new Set<string>();

  public constructor(scope: Construct, id: string, props: StrictMtlsNamespaceProps) {
    super(scope, id);
    this.trustDomain = props.trustDomain;
    this.namespace = new MeshNamespace(this, 'Namespace', {
      metadata: { name: props.name }, membership: props.membership, dataplane: props.dataplane, podSecurity: props.podSecurity,
    });
    this.ambient = this.namespace.dataplane === Dataplane.AMBIENT;
    if (props.waypoint && !this.ambient) throw configError(this, 'waypoint is for an ambient namespace. Set dataplane: Dataplane.AMBIENT, or remove waypoint.');
    this.peerAuthentication = PeerAuthentication.forNamespace(this, 'Strict', { namespace: props.name, mtlsMode: MtlsMode.STRICT });
    this.denyByDefault = AuthorizationPolicy.allowNothing(this, 'DenyByDefault', { metadata: { name: 'deny-by-default', namespace: props.name } });
    // The promise: a plaintext caller without identity reaches no workload of the namespace (on its first port).
    MeshIntent.deny(this, { name: 'plaintext-denied-intent', from: 'anonymous', to: { namespace: props.name } });
    for (const exception of props.permissiveExceptions ?? []) this.addPermissiveException(exception);
    if (props.waypoint) {
      useWaypoint(this.namespace, props.waypoint);
      this.allowWaypoint = new AuthorizationPolicy(this, 'AllowWaypoint', {
        metadata: { name: 'allow-waypoint', namespace: props.name },
        rules: [{ from: [{ principals: [Principal.fromServiceAccount(props.waypoint.serviceAccount, { trustDomain: props.trustDomain })] }] }],
      });
    }
  }

  /** The namespace's name. */
  public get name(): string {
    return this.namespace.name;
  }

  /**
   * Opens traffic from callers to workloads with an ALLOW policy named `name`.
   * @throws when no caller is named, a path is not absolute, HTTP attributes are used in ambient mode, or the name is taken
   */
  public allow(name: string, props: AllowTrafficProps): AuthorizationPolicy {
    this.claimName(name);
    return allowTraffic(this, `Allow-${name}`, { name, namespace: this.name }, props, { trustDomain: this.trustDomain, ambient: this.ambient });
  }

  /**
   * Keeps one workload port PERMISSIVE, with a PeerAuthentication named after the exception. The rest of the
   * workload stays STRICT. Plaintext callers have no identity: `plaintextFrom` admits them by IP block.
   */
  public addPermissiveException(exception: PermissiveException): PeerAuthentication {
    this.claimName(exception.name);
    return permissiveException(this, `Exception-${exception.name}`, this.name, exception).peerAuthentication;
  }

  private claimName(name: string): void {
    patternName(this, name);
    if (name === 'default' || name === 'deny-by-default' || name === 'allow-waypoint' || this.names.has(name)) {
      throw configError(this, `the name '${name}' is already used in namespace ${this.name}. Choose another name.`);
    }
    this.names.add(name);
  }
}
