/**
 * Which security policies apply to a workload, as Istio selects them for a sidecar or ztunnel
 * (pilot/pkg/model/authorization.go `ListAuthorizationPolicies`, policyattachment.go `ShouldAttachPolicy`):
 * policies of the root namespace and of the workload's namespace; a `selector` must be a subset of the pod's
 * labels (a root-namespace selector applies in every namespace); a policy with `targetRef(s)` attaches to
 * gateways and waypoints only, never to a sidecar or ztunnel.
 */
import { Inventory, ModelConfig } from './inventory';
import { selectorMatches } from '../analysis/labels';
import { arr, JsonObject, obj, objs, str, strMap } from '../vocab/json';

/** The workload a policy is asked about: its namespace and pod labels. */
export interface PolicyTarget {
  /** The workload's namespace. */
  readonly namespace: string;
  /** The pods' labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** Whether a policy names targets (`targetRef` or `targetRefs`) instead of selecting workloads. */
export function hasTargetRefs(c: ModelConfig): boolean {
  return Object.keys(obj(c.spec.targetRef)).length > 0 || arr(c.spec.targetRefs).length > 0;
}

/** A policy's workload selector (`selector.matchLabels`), or undefined when it names targets: read once per policy. */
const SELECTORS = new WeakMap<ModelConfig, Readonly<Record<string, string>> | null>();

function workloadSelector(c: ModelConfig): Readonly<Record<string, string>> | undefined {
  let selector = SELECTORS.get(c);
  if (selector === undefined) {
    selector = hasTargetRefs(c) ? null : strMap(obj(c.spec.selector).matchLabels);
    SELECTORS.set(c, selector);
  }
  return selector ?? undefined;
}

/** The policies of a kind that apply to a workload, in Istio's order (root namespace first). */
export function policiesFor(inv: Inventory, kind: string, target: PolicyTarget, rootNamespace: string): ModelConfig[] {
  const out: ModelConfig[] = [];
  for (const ns of rootNamespace === target.namespace ? [rootNamespace] : [rootNamespace, target.namespace]) {
    for (const c of inv.uncheckedIn(kind, ns)) {
      const selector = workloadSelector(c);
      // Only the policies that select the workload are checked (the per-object checks are the costly part).
      if (selector && selectorMatches(selector, target.labels) && inv.isValid(c)) out.push(c);
    }
  }
  return out;
}

/** The Service and waypoint a request to a waypoint is for. */
export interface WaypointTarget {
  /** The waypoint Gateway's namespace. */
  readonly waypointNamespace: string;
  /** The waypoint Gateway's name. */
  readonly waypointName: string;
  /** The Service's namespace. */
  readonly serviceNamespace: string;
  /** The Service's name. */
  readonly serviceName: string;
}

const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
const WAYPOINT_CLASS = 'istio-waypoint';

/** Istio's `CanonicalGroup`: an empty group is `core`. */
function canonicalGroup(group: string): string {
  return group || 'core';
}

/**
 * The policies of a kind a waypoint applies to a request for a Service (policyattachment.go `ShouldAttachPolicy`
 * with `IsWaypoint`; listener_waypoint.go `buildWaypointHTTPFilters` selects them per Service): a waypoint never
 * uses `selector` policies (nor namespace-wide or root-namespace ones without targets); it applies policies whose
 * `targetRefs` name the Service (policy in the Service's namespace), the waypoint Gateway (policy in the
 * waypoint's namespace, the reference without another namespace), or the GatewayClass `istio-waypoint` (policy in
 * the root namespace).
 */
export function waypointPoliciesFor(inv: Inventory, kind: string, target: WaypointTarget, rootNamespace: string): ModelConfig[] {
  const out: ModelConfig[] = [];
  for (const ns of new Set([rootNamespace, target.waypointNamespace, target.serviceNamespace])) {
    for (const c of inv.uncheckedIn(kind, ns)) {
      if (targetRefsOf(c).some((ref) => attaches(ref, c.namespace, target, rootNamespace)) && inv.isValid(c)) out.push(c);
    }
  }
  return out;
}

function attaches(ref: JsonObject, policyNamespace: string, target: WaypointTarget, rootNamespace: string): boolean {
  const group = canonicalGroup(str(ref.group));
  const kind = str(ref.kind);
  const name = str(ref.name);
  if (group === 'core' && kind === 'Service') return name === target.serviceName && policyNamespace === target.serviceNamespace;
  if (group === GATEWAY_API_GROUP && kind === 'GatewayClass' && name === WAYPOINT_CLASS && policyNamespace === rootNamespace) return true;
  if (policyNamespace !== target.waypointNamespace) return false;
  if (str(ref.namespace) && str(ref.namespace) !== target.waypointNamespace) return false;
  return group === GATEWAY_API_GROUP && kind === 'Gateway' && name === target.waypointName;
}

/** `targetRefs`, or the legacy `targetRef` when there are none (`GetTargetRefs`). */
function targetRefsOf(c: ModelConfig): JsonObject[] {
  const refs = objs(c.spec.targetRefs).map(([r]) => r);
  if (refs.length === 0 && Object.keys(obj(c.spec.targetRef)).length > 0) return [obj(c.spec.targetRef)];
  return refs;
}

/** Whether a policy has a non-empty `selector` (a workload-level policy). */
export function hasSelector(c: ModelConfig): boolean {
  return Object.keys(strMap(obj(c.spec.selector).matchLabels)).length > 0;
}

/** Whether the `istio.io/dry-run` annotation makes a policy report without enforcing. */
export function isDryRun(c: ModelConfig): boolean {
  return c.annotations['istio.io/dry-run']?.toLowerCase() === 'true';
}
