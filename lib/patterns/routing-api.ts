import { IConstruct } from 'constructs';
import { configError } from '../core/errors';

/** Which API a routing pattern emits. */
export enum RoutingApi {
  /** Istio's VirtualService, DestinationRule and Gateway (the default). */
  ISTIO = 'istio',
  /** The Kubernetes Gateway API: Gateway and HTTPRoute, as Istio's docs now lead with and ambient waypoints need. */
  GATEWAY_API = 'gateway-api',
}

/**
 * The error of a pattern (or an option of one) the Gateway API cannot express, naming the alternative.
 * @internal
 */
export function noGatewayApiEquivalent(scope: IConstruct, what: string, alternative: string): Error {
  return configError(scope, `${what} has no Kubernetes Gateway API equivalent (Gateway API v1.5.1). ${alternative}`);
}
