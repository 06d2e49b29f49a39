import { Construct } from 'constructs';
import { allowTraffic, AllowTrafficProps } from './allow-traffic';
import { patternName, suppressing } from './pattern-util';
import { PermissiveException, permissiveException } from './permissive-exception';
import { configError } from '../core/errors';
import { WorkloadSelector } from '../core/workload-selector';
import { AuthorizationPolicy } from '../security/authorization-policy';
import { MtlsMode, PeerAuthentication } from '../security/peer-authentication';

/** A gateway that stays reachable by everyone despite the mesh-wide deny (the entry points of the mesh). */
export interface OpenGateway {
  /** Name of its allow-all policy, e.g. `allow-ingress-gateway`. */
  readonly name: string;
  /** The gateway's namespace. */
  readonly namespace: string;
  /** The gateway's pods. */
  readonly selector: WorkloadSelector;
}

/** The gateways of Istio's charts, to list in `ZeroTrustMeshProps.openGateways`. */
export class OpenGateways {
  /**
   * Istio's ingress gateway (`istio: ingressgateway`), policy `allow-ingress-gateway`.
   * @param namespace the gateway's namespace (default 'istio-system')
   */
  public static ingressGateway(namespace: string = 'istio-system'): OpenGateway {
    return { name: 'allow-ingress-gateway', namespace, selector: WorkloadSelector.labels({ istio: 'ingressgateway' }) };
  }

  /**
   * Istio's egress gateway (`istio: egressgateway`, manifests/charts/gateways/istio-egress), policy
   * `allow-egress-gateway`. The mesh-wide deny covers it too: without this, traffic routed through it
   * (EgressGatewayRoute) is refused there. Who may use it for a host is then the route's `allowedCallers`.
   * @param namespace the gateway's namespace (default 'istio-system')
   */
  public static egressGateway(namespace: string = 'istio-system'): OpenGateway {
    return { name: 'allow-egress-gateway', namespace, selector: WorkloadSelector.labels({ istio: 'egressgateway' }) };
  }

  private constructor() {}
}

/** Props of a ZeroTrustMesh. */
export interface ZeroTrustMeshProps {
  /**
   * The mesh's root namespace (MeshConfig `rootNamespace`): policies there apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The mesh's trust domain, for the principals of allowed service accounts.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Gateways left open to everyone. The mesh-wide deny also covers gateways, so an ingress gateway must be listed
   * here (or allowed otherwise) to take outside traffic, and an egress gateway to forward the mesh's egress
   * (`[OpenGateways.ingressGateway(), OpenGateways.egressGateway()]`).
   * @default - the default ingress gateway: `OpenGateways.ingressGateway(rootNamespace)`
   */
  readonly openGateways?: OpenGateway[];
}

/**
 * Zero trust for the whole mesh: STRICT mTLS everywhere (PeerAuthentication `default` in the root namespace), an
 * allow-nothing policy mesh-wide so every request is denied unless allowed, the open gateways, and `allow()` for
 * an explicit allow-list between workloads.
 *
 * @example
 * const mesh = new ZeroTrustMesh(chart, 'mesh');
 * mesh.allow('frontend-to-orders', 'shop', { from: { serviceAccounts: [frontendSa] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }) } });
 */
export class ZeroTrustMesh extends Construct {
  /** The mesh-wide STRICT PeerAuthentication. */
  public readonly peerAuthentication: PeerAuthentication;
  /** The mesh-wide allow-nothing policy. */
  public readonly denyByDefault: AuthorizationPolicy;
  private readonly trustDomain?: string;
  private readonly names = new Set<string>();

  public constructor(scope: Construct, id: string, props: ZeroTrustMeshProps = {}) {
    super(scope, id);
    const root = props.rootNamespace ?? 'istio-system';
    this.trustDomain = props.trustDomain;
    this.peerAuthentication = PeerAuthentication.meshWide(this, 'Strict', { mtlsMode: MtlsMode.STRICT, rootNamespace: root });
    this.denyByDefault = AuthorizationPolicy.allowNothing(this, 'DenyByDefault', { metadata: { name: 'deny-by-default', namespace: root } });
    this.claimName(root, 'deny-by-default');
    const gateways = props.openGateways ?? [OpenGateways.ingressGateway(root)];
    for (const gw of gateways) {
      this.claimName(gw.namespace, gw.name);
      // Open on purpose: the analysis' CIS5002 (ALLOW with an empty rule) is suppressed for it.
      const metadata = { name: gw.name, namespace: gw.namespace, ...suppressing(['CIS5002']) };
      AuthorizationPolicy.allowAll(this, `Open-${gw.namespace}-${gw.name}`, { metadata, selector: gw.selector });
    }
  }

  /**
   * Allows traffic from callers to workloads of `namespace` with an ALLOW policy named `name` there.
   * @throws when no caller is named, a path is not absolute, or the name is taken in that namespace
   */
  public allow(name: string, namespace: string, props: AllowTrafficProps): AuthorizationPolicy {
    this.claimName(namespace, name);
    return allowTraffic(this, `Allow-${namespace}-${name}`, { name, namespace }, props, { trustDomain: this.trustDomain });
  }

  /**
   * Keeps one workload port of `namespace` PERMISSIVE (the mesh-wide STRICT stays for the rest), with a
   * PeerAuthentication named after the exception, and with `plaintextFrom` an ALLOW admitting those IP blocks on the
   * port (plaintext callers have no identity, so the mesh-wide deny refuses them otherwise).
   * @throws when the name is taken in that namespace
   */
  public addPermissiveException(namespace: string, exception: PermissiveException): PeerAuthentication {
    this.claimName(namespace, exception.name);
    return permissiveException(this, `Exception-${namespace}-${exception.name}`, namespace, exception).peerAuthentication;
  }

  private claimName(namespace: string, name: string): void {
    patternName(this, name);
    const key = `${namespace}/${name}`;
    if (this.names.has(key)) throw configError(this, `the policy name '${name}' is already used in namespace ${namespace}. Choose another name.`);
    this.names.add(key);
  }
}
