/**
 * Waypoints on a request's path, as Istio 1.30 sends traffic through them:
 * - a Service uses the waypoint its `istio.io/use-waypoint` label (or its namespace's) names, when the waypoint
 *   takes service traffic and admits the namespace (pilot/pkg/serviceregistry/ambient/waypoints.go; resolved by
 *   lib/analysis/waypoints.ts, shared with the ambient checks);
 * - only ztunnel sends Service-addressed traffic to it (ztunnel src/proxy/outbound.rs `fetch_service_waypoint`);
 *   a sidecar and a client outside the mesh go straight to the pods (tests/integration/ambient/waypoint_test.go
 *   `TestIngressToWaypoint`: "Sidecar does not currently traverse waypoint"), and an ingress gateway only when the
 *   Service or its namespace sets `istio.io/ingress-use-waypoint: "true"` (pilot/pkg/xds/endpoints/endpoint_builder.go
 *   `findServiceWaypoint`);
 * - the waypoint's pods run as the service account named like the Gateway (gatewaycommon/classinfo.go
 *   `DisableNameSuffix`), unless the `gateway.istio.io/service-account` annotation names another.
 */
import { Caller, ModelContext } from './context';
import { ModelService, WorkloadDataplane } from './inventory';
import { resolveWaypoint } from '../analysis/waypoints';

/** A waypoint a request passes. */
export interface ModelWaypoint {
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The Gateway's name. */
  readonly name: string;
  /** The service account its pods run as. */
  readonly serviceAccount: string;
}

const INGRESS_USE_WAYPOINT = 'istio.io/ingress-use-waypoint';

/** The waypoint a Service uses, or why the waypoint it names does not take its traffic. */
export function serviceWaypoint(ctx: ModelContext, service: ModelService): { readonly waypoint?: ModelWaypoint; readonly problem?: string } {
  const resolved = resolveWaypoint(ctx.inv.context, service.labels, service.namespace, 'service');
  if (resolved.problem) return { problem: `${resolved.problem.reason}: ${resolved.problem.detail}` };
  const view = resolved.waypoint;
  if (!view) return {};
  return { waypoint: { namespace: view.resource.namespace, name: view.resource.name, serviceAccount: view.serviceAccount } };
}

/** Whether a caller sends its request for a Service through the Service's waypoint. */
export function sendsThroughWaypoint(ctx: ModelContext, caller: Caller, service: ModelService): boolean {
  if (caller.kind !== 'workload') return false;
  if (caller.dataplane === WorkloadDataplane.AMBIENT) return true;
  if (!isGatewayPod(caller.labels)) return false;
  const value = service.labels[INGRESS_USE_WAYPOINT] ?? ctx.inv.namespace(service.namespace).labels[INGRESS_USE_WAYPOINT];
  return value?.toLowerCase() === 'true';
}

function isGatewayPod(labels: Readonly<Record<string, string>>): boolean {
  return labels.istio === 'ingressgateway' || labels['gateway.networking.k8s.io/gateway-name'] !== undefined;
}
