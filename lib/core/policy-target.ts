import { ConfigProblem } from './errors';
import { sortedRecord } from './spec-render';
import type { Wire, WireDraft } from './wire';
import { WorkloadSelector } from './workload-selector';
import type { AuthorizationPolicySpec, AuthorizationPolicySpecTargetRefs } from '../../imports/security.istio.io';

/**
 * A reference to the resource a policy applies to (`targetRefs`), instead of a workload selector.
 * Istio accepts a Kubernetes Service, a ServiceEntry, a Gateway API Gateway or a GatewayClass, in the policy's namespace.
 */
export interface PolicyTargetReference {
  /**
   * API group of the target; empty for the core group.
   * @default '' (core)
   */
  readonly group?: string;
  /** Kind of the target, e.g. `Service`, `Gateway`. */
  readonly kind: string;
  /** Name of the target, in the policy's namespace. */
  readonly name: string;
}

/** Anything with a name, such as a cdk8s-plus Service or a Gateway API Gateway construct. */
export interface INamedResource {
  /** The resource's name. */
  readonly name: string;
}

/** Builds the `targetRefs` Istio accepts. */
export class PolicyTarget {
  /** A Kubernetes Service (core group), by name or construct. */
  public static service(service: string | INamedResource): PolicyTargetReference {
    return { group: '', kind: 'Service', name: nameOf(service) };
  }

  /** A Gateway API Gateway (`gateway.networking.k8s.io`), by name or construct. */
  public static gateway(gateway: string | INamedResource): PolicyTargetReference {
    return { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: nameOf(gateway) };
  }

  /** A Gateway API GatewayClass (`gateway.networking.k8s.io`), by name or construct. */
  public static gatewayClass(gatewayClass: string | INamedResource): PolicyTargetReference {
    return { group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: nameOf(gatewayClass) };
  }

  /** An Istio ServiceEntry (`networking.istio.io`), by name or construct. */
  public static serviceEntry(serviceEntry: string | INamedResource): PolicyTargetReference {
    return { group: 'networking.istio.io', kind: 'ServiceEntry', name: nameOf(serviceEntry) };
  }

  private constructor() {}
}

/** Props of a policy that applies to workloads chosen by labels or by target references. */
export interface WorkloadPolicyScopeProps {
  /**
   * The pods (in the policy's namespace) the policy applies to, rendered as `selector.matchLabels`.
   * Cannot be combined with `targetRefs`.
   * @default - every workload in the namespace (the whole mesh in the root namespace)
   */
  readonly selector?: WorkloadSelector;
  /**
   * Resources the policy applies to (waypoints and gateways), rendered as `targetRefs`. Cannot be combined with `selector`.
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
}

const TARGET_KINDS = new Set(['/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass']);

/** Problems of a selector/targetRefs pair that are known at construction. */
export function workloadPolicyScopeProblems(props: WorkloadPolicyScopeProps): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const refs = props.targetRefs ?? [];
  if (props.selector !== undefined && refs.length > 0) {
    problems.push({ field: 'spec.selector', problem: 'selector and targetRefs are both set, Istio accepts only one', fix: 'Remove one of them.' });
  }
  if (refs.length > 16) problems.push({ field: 'spec.targetRefs', problem: `${refs.length} targets, at most 16 are allowed`, fix: 'Split the policy.' });
  refs.forEach((ref, i) => {
    if (!TARGET_KINDS.has(`${ref.group ?? ''}/${ref.kind}`)) {
      problems.push({ field: `spec.targetRefs[${i}]`, problem: `${ref.group ?? ''}/${ref.kind} cannot be a policy target`, fix: 'Target a Service, ServiceEntry, Gateway or GatewayClass (see PolicyTarget).' });
    }
    if (!ref.name) problems.push({ field: `spec.targetRefs[${i}].name`, problem: 'empty name', fix: 'Name the target.' });
  });
  return problems;
}

/** The `selector` and `targetRefs` fields, the same in the L1 spec of each kind that has them. */
type WorkloadPolicyScopeSpec = Pick<AuthorizationPolicySpec, 'selector' | 'targetRefs'>;

/**
 * Renders `selector`/`targetRefs` at synth (a selector built from a workload is read then).
 * @throws when the selector's labels are invalid, naming `spec.selector.matchLabels` (synth names the construct)
 */
export function renderWorkloadPolicyScope(props: WorkloadPolicyScopeProps): Wire<WorkloadPolicyScopeSpec> {
  const spec: WireDraft<WorkloadPolicyScopeSpec> = {};
  if (props.selector !== undefined) spec.selector = { matchLabels: sortedRecord(props.selector.labelsAt('spec.selector.matchLabels')) };
  if (props.targetRefs?.length) {
    spec.targetRefs = props.targetRefs.map((ref): Wire<AuthorizationPolicySpecTargetRefs> => ({
      ...(ref.group !== undefined ? { group: ref.group } : {}), kind: ref.kind, name: ref.name,
    }));
  }
  return spec;
}

function nameOf(target: string | INamedResource): string {
  return typeof target === 'string' ? target : target.name;
}
