import { AnalysisContext, GK, PodView, Resource } from './context';
import { selectorMatches } from './labels';
import { obj, objs, str, strMap } from '../vocab/json';

/** Istio's waypoint GatewayClass (pkg/config/constants `WaypointGatewayClassName`). */
const WAYPOINT_CLASS = 'istio-waypoint';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
const WAYPOINT_FOR = 'istio.io/waypoint-for';

/** A Gateway seen as a waypoint, as istiod builds it (pilot/pkg/serviceregistry/ambient/waypoints.go). */
export interface WaypointView {
  /** The Gateway. */
  readonly resource: Resource;
  /** `service`, `workload`, `all` or `none`: the Gateway's label, else its class's, else `service`. */
  readonly traffic: string;
  /** Its HBONE 15008 listener's `allowedRoutes.namespaces.from` (`Same` when unset). */
  readonly from: string;
  /** The namespace selector's labels for `Selector`. */
  readonly selector: Readonly<Record<string, string>>;
  /** The service account of its pods: the `gateway.istio.io/service-account` annotation, else the Gateway's name. */
  readonly serviceAccount: string;
}

/** What an object's (or its namespace's) `istio.io/use-waypoint` labels say. */
export interface WaypointUse {
  /** The waypoint's namespace and name. */
  readonly namespace: string;
  readonly name: string;
  /** Whether the label is on the object itself (else on its namespace). */
  readonly own: boolean;
}

/** Why a waypoint an object uses does not take its traffic (Istio's status reasons, pilot/pkg/serviceregistry/ambient/status.go). */
export type WaypointProblem =
  | { readonly reason: 'WaypointIsNotReady'; readonly detail: string }
  | { readonly reason: 'AttachmentDenied'; readonly detail: string }
  | { readonly reason: 'UnsupportedTrafficType'; readonly detail: string };

/** The result of resolving an object's waypoint. */
export interface WaypointResolution {
  /** The label that names the waypoint, if any (`none` opts out). */
  readonly use?: WaypointUse;
  /** The waypoint when the set defines it and it takes the traffic. */
  readonly waypoint?: WaypointView;
  /** Why the named waypoint does not take it. */
  readonly problem?: WaypointProblem;
}

const CACHE = new WeakMap<AnalysisContext, Map<string, WaypointView>>();

/** The Gateways of the set that are waypoints (class `istio-waypoint`), by `namespace/name`. */
export function waypointsOf(ctx: AnalysisContext): ReadonlyMap<string, WaypointView> {
  let found = CACHE.get(ctx);
  if (found) return found;
  found = new Map();
  for (const gw of ctx.list(GK.KubernetesGateway)) {
    if (str(gw.spec.gatewayClassName) !== WAYPOINT_CLASS) continue;
    const cls = ctx.find('gateway.networking.k8s.io/GatewayClass', '', WAYPOINT_CLASS);
    const traffic = gw.labels[WAYPOINT_FOR] ?? cls?.labels[WAYPOINT_FOR] ?? 'service';
    const hbone = objs(gw.spec.listeners).map(([l]) => l).find((l) => l.protocol === 'HBONE' && l.port === 15008);
    const namespaces = obj(obj(hbone?.allowedRoutes).namespaces);
    found.set(`${gw.namespace}/${gw.name}`, {
      resource: gw,
      traffic,
      from: str(namespaces.from) || 'Same',
      selector: strMap(obj(namespaces.selector).matchLabels),
      serviceAccount: gw.annotations['gateway.istio.io/service-account'] || gw.name,
    });
  }
  CACHE.set(ctx, found);
  return found;
}

/** The waypoint a set of labels names (`none` → undefined with `none: true`). */
function useOf(labels: Readonly<Record<string, string>>, namespace: string, own: boolean): WaypointUse | 'none' | undefined {
  const name = labels[USE_WAYPOINT];
  if (name === undefined) return undefined;
  if (name === 'none') return 'none';
  return { name, namespace: labels[USE_WAYPOINT_NAMESPACE] ?? namespace, own };
}

/**
 * The waypoint an object in `namespace` with `labels` uses for `traffic` (`service` for a Service or ServiceEntry,
 * `workload` for a pod), as istiod's `fetchWaypointForTarget`: the object's label, else its namespace's.
 * A waypoint the set does not define is reported as `WaypointIsNotReady` (what istiod reports while it cannot find one).
 */
export function resolveWaypoint(ctx: AnalysisContext, labels: Readonly<Record<string, string>>, namespace: string, traffic: 'service' | 'workload'): WaypointResolution {
  const ownUse = useOf(labels, namespace, true);
  if (ownUse === 'none') return {};
  const nsObject = ctx.namespaceObject(namespace);
  const nsUse = ownUse ?? (nsObject ? useOf(nsObject.labels, namespace, false) : undefined);
  if (nsUse === undefined || nsUse === 'none') return {};
  const use = nsUse;
  const ref = `${use.namespace}/${use.name}`;
  const waypoint = waypointsOf(ctx).get(ref);
  if (!waypoint) return { use, problem: { reason: 'WaypointIsNotReady', detail: `waypoint "${ref}" is not ready` } };
  const allowed = waypoint.from === 'All' || (waypoint.from === 'Selector'
    ? nsObject === undefined || selectorMatches(waypoint.selector, nsObject.labels)
    : waypoint.resource.namespace === namespace);
  if (!allowed) return { use, problem: { reason: 'AttachmentDenied', detail: `we are not permitted to attach to waypoint "${ref}" (missing allowedRoutes?)` } };
  if (waypoint.traffic !== traffic && waypoint.traffic !== 'all') {
    // A workload that inherits a service waypoint from its namespace simply has none (fetchWaypointForWorkload).
    if (traffic === 'workload' && !use.own) return {};
    return { use, problem: { reason: 'UnsupportedTrafficType', detail: `attempting to bind to traffic type "${traffic}" which the waypoint "${ref}" does not support` } };
  }
  return { use, waypoint };
}

/**
 * The waypoints that take traffic to a pod: its own (workload traffic), and those of the Services in its namespace
 * whose selector matches it (service traffic).
 */
export function waypointsServingPod(ctx: AnalysisContext, pod: PodView): WaypointView[] {
  const result = new Set<WaypointView>();
  const own = resolveWaypoint(ctx, pod.labels, pod.namespace, 'workload').waypoint;
  if (own) result.add(own);
  for (const svc of ctx.list(GK.Service)) {
    if (svc.namespace !== pod.namespace) continue;
    const selector = strMap(svc.spec.selector);
    if (Object.keys(selector).length === 0 || !selectorMatches(selector, pod.labels)) continue;
    const wp = resolveWaypoint(ctx, svc.labels, svc.namespace, 'service').waypoint;
    if (wp) result.add(wp);
  }
  return [...result];
}
