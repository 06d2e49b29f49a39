/**
 * Which security policies apply to a workload, as Istio selects them for a sidecar or ztunnel
 * (pilot/pkg/model/authorization.go `ListAuthorizationPolicies`, policyattachment.go `ShouldAttachPolicy`):
 * policies of the root namespace and of the workload's namespace; a `selector` must be a subset of the pod's
 * labels (a root-namespace selector applies in every namespace); a policy with `targetRef(s)` attaches to
 * gateways and waypoints only, never to a sidecar or ztunnel.
 */
import { Inventory, ModelConfig } from './inventory';
import { selectorMatches } from '../analysis/labels';
import { arr, obj, strMap } from '../vocab/json';

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

/** The policies of a kind that apply to a workload, in Istio's order (root namespace first). */
export function policiesFor(inv: Inventory, kind: string, target: PolicyTarget, rootNamespace: string): ModelConfig[] {
  const out: ModelConfig[] = [];
  for (const ns of rootNamespace === target.namespace ? [rootNamespace] : [rootNamespace, target.namespace]) {
    for (const c of inv.listIn(kind, ns)) {
      if (hasTargetRefs(c)) continue;
      if (selectorMatches(strMap(obj(c.spec.selector).matchLabels), target.labels)) out.push(c);
    }
  }
  return out;
}

/** Whether a policy has a non-empty `selector` (a workload-level policy). */
export function hasSelector(c: ModelConfig): boolean {
  return Object.keys(strMap(obj(c.spec.selector).matchLabels)).length > 0;
}

/** Whether the `istio.io/dry-run` annotation makes a policy report without enforcing. */
export function isDryRun(c: ModelConfig): boolean {
  return c.annotations['istio.io/dry-run']?.toLowerCase() === 'true';
}
