import { IstioApiGroup } from './api-group';

/**
 * The Kubernetes Gateway API release Istio 1.30 is tested against, its API groups and channels.
 */

/** The Gateway API release whose CRDs the L1 classes and the checks come from. */
export const GATEWAY_API_RELEASE = '1.5.1';

/** `gateway.networking.k8s.io`: GatewayClass, Gateway, the routes, ReferenceGrant, BackendTLSPolicy, ListenerSet. */
export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

/** `gateway.networking.x-k8s.io`: the experimental-only kinds (XBackendTrafficPolicy, XMesh). */
export const GATEWAY_API_X_GROUP = 'gateway.networking.x-k8s.io';

/** The Gateway API group as L2 constructs emit it (`v1`: GA kinds). */
export const GATEWAY_API: IstioApiGroup = { group: GATEWAY_API_GROUP, defaultVersion: 'v1', versions: ['v1', 'v1beta1'] };

/** The Gateway API group's `v1alpha2` (TCPRoute, UDPRoute: experimental channel only). */
export const GATEWAY_API_V1ALPHA2: IstioApiGroup = { group: GATEWAY_API_GROUP, defaultVersion: 'v1alpha2', versions: ['v1alpha2'] };

/** Which Gateway API CRDs the cluster has installed: the standard channel, or the experimental one (a superset). */
export enum GatewayApiChannel {
  /** The standard channel: only GA kinds, versions and fields (the default; what Istio installs unless asked otherwise). */
  STANDARD = 'standard',
  /** The experimental channel: also TCPRoute, UDPRoute, TLSRoute v1alpha2/v1alpha3, the x-k8s.io kinds and experimental fields. */
  EXPERIMENTAL = 'experimental',
}

/** The channel checked when none is configured. */
export const DEFAULT_GATEWAY_API_CHANNEL = GatewayApiChannel.STANDARD;

/**
 * Parses `standard` or `experimental`.
 * @throws when it is neither
 */
export function parseGatewayApiChannel(text: string): GatewayApiChannel {
  const found = Object.values(GatewayApiChannel).find((c) => c === text.trim().toLowerCase());
  if (!found) throw new Error(`Unknown Gateway API channel '${text}': use standard or experimental.`);
  return found;
}

/** Whether an API group is one of the Gateway API's. */
export function isGatewayApiGroup(group: string): boolean {
  return group === GATEWAY_API_GROUP || group === GATEWAY_API_X_GROUP;
}
