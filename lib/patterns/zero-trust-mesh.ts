import { Construct } from 'constructs';
import { allowTraffic, AllowTrafficProps } from './allow-traffic';
import { patternName, suppressing } from './pattern-util';
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
   * here (or allowed otherwise) to take outside traffic.
   * @default - the default ingress gateway: `istio: ingressgateway` in the root namespace
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
    const gateways = props.openGateways
      ?? [{ name: 'allow-ingress-gateway', namespace: root, selector: WorkloadSelector.labels({ istio: 'ingressgateway' }) }];
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

  private claimName(namespace: string, name: string): void {
    patternName(this, name);
    const key = `${namespace}/${name}`;
    if (this.names.has(key)) throw configError(this, `the policy name '${name}' is already used in namespace ${namespace}. Choose another name.`);
    this.names.add(key);
  }
}
