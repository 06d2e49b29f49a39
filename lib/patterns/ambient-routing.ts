import { IConstruct } from 'constructs';
import { IWaypoint, WaypointTraffic } from '../ambient/waypoint';
import { Dataplane } from '../core/dataplane';
import { configError } from '../core/errors';
import { dataplaneOf } from '../core/namespace-dataplane';

/** The data plane options of a pattern whose routes or traffic policy a proxy must apply. */
export interface AmbientRoutingOptions {
  /**
   * The data plane of the host's namespace. In AMBIENT, ztunnel applies no HTTP routing or traffic policy: a waypoint
   * the host (Service or ServiceEntry) uses does, so `waypoint` is required there.
   * @default - the namespace's (its MeshNamespace, else IstioSettings)
   */
  readonly dataplane?: Dataplane;
  /**
   * AMBIENT only: the waypoint that serves the host (it must take service or all traffic).
   * @default - none (refused in an ambient namespace)
   */
  readonly waypoint?: IWaypoint;
}

/** The namespace of a Service host (`reviews.shop`, `reviews.shop.svc.cluster.local`), else `fallback`. */
export function hostNamespace(host: string, fallback: string | undefined): string | undefined {
  const labels = host.split('.');
  return labels.length === 2 || host.endsWith('.svc.cluster.local') ? labels[1] : fallback;
}

/**
 * The data plane of `namespace` for a pattern, refusing an ambient namespace without a waypoint (Istio 1.30.3
 * pilot/pkg/serviceregistry/ambient/waypoints.go: only a waypoint the host uses applies its VirtualServices,
 * HTTPRoutes and DestinationRules' L7 settings; ztunnel is L4) and a waypoint given for a sidecar namespace.
 */
export function routingDataplane(scope: IConstruct, what: string, namespace: string | undefined, options: AmbientRoutingOptions): Dataplane {
  const dataplane = options.dataplane ?? dataplaneOf(scope, namespace);
  const waypoint = options.waypoint;
  if (dataplane !== Dataplane.AMBIENT) {
    if (waypoint) throw configError(scope, `waypoint is for an ambient namespace, and ${namespace ?? 'the namespace'} is sidecar. Remove it, or set dataplane: Dataplane.AMBIENT.`);
    return dataplane;
  }
  if (!waypoint) {
    throw configError(scope, `namespace ${namespace ?? '(default)'} is ambient: ztunnel applies no ${what}, only a waypoint the host uses does. `
      + 'Pass waypoint (new Waypoint(...)) and make the host use it (useWaypoint(service, waypoint), or on the namespace).');
  }
  if (waypoint.traffic !== WaypointTraffic.SERVICE && waypoint.traffic !== WaypointTraffic.ALL) {
    throw configError(scope, `waypoint ${waypoint.namespace}/${waypoint.name} takes ${waypoint.traffic} traffic; ${what} for a host needs one that takes service (or all) traffic.`);
  }
  return dataplane;
}
