import { SpecProblem } from './spec-error';
import { sortedRecord } from './spec-render';

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
   * Labels of the pods (in the policy's namespace) the policy applies to, rendered as `selector.matchLabels`.
   * Cannot be combined with `targetRefs`.
   * @default - every workload in the namespace (the whole mesh in the root namespace)
   */
  readonly selector?: { [label: string]: string };
  /**
   * Resources the policy applies to (waypoints and gateways), rendered as `targetRefs`. Cannot be combined with `selector`.
   * @default - none
   */
  readonly targetRefs?: PolicyTargetReference[];
}

const TARGET_KINDS = new Set(['/Service', 'networking.istio.io/ServiceEntry', 'gateway.networking.k8s.io/Gateway', 'gateway.networking.k8s.io/GatewayClass']);

/**
 * Checks a selector/targetRefs pair and renders it. Returns the problems as SpecProblems
 * so the caller can raise them with its construct path.
 */
export function renderWorkloadPolicyScope(props: WorkloadPolicyScopeProps): { spec: Record<string, unknown>; problems: SpecProblem[] } {
  const problems: SpecProblem[] = [];
  const spec: Record<string, unknown> = {};
  const labels = props.selector;
  if (labels !== undefined) {
    problems.push(...selectorProblems(labels));
    spec.selector = { matchLabels: sortedRecord(labels) };
  }
  const refs = props.targetRefs;
  if (refs !== undefined && refs.length > 0) {
    if (labels !== undefined) {
      problems.push(['spec.selector', 'selector and targetRefs are both set, Istio accepts only one', 'Remove one of them.']);
    }
    if (refs.length > 16) problems.push(['spec.targetRefs', `${refs.length} targets, at most 16 are allowed`, 'Split the policy.']);
    refs.forEach((ref, i) => {
      if (!TARGET_KINDS.has(`${ref.group ?? ''}/${ref.kind}`)) {
        problems.push([`spec.targetRefs[${i}]`, `${ref.group ?? ''}/${ref.kind} cannot be a policy target`,
          'Target a Service, ServiceEntry, Gateway or GatewayClass (see PolicyTarget).']);
      }
      if (!ref.name) problems.push([`spec.targetRefs[${i}].name`, 'empty name', 'Name the target.']);
    });
    spec.targetRefs = refs.map((ref) => ({ ...(ref.group !== undefined ? { group: ref.group } : {}), kind: ref.kind, name: ref.name }));
  }
  return { spec, problems };
}

/** Problems of a `matchLabels` map, as SpecProblems. */
export function selectorProblems(labels: { [label: string]: string }): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const entries = Object.entries(labels);
  if (entries.length === 0) {
    problems.push(['spec.selector.matchLabels', 'an empty selector', 'Give at least one label, or leave selector unset to cover the whole namespace.']);
  }
  for (const [k, v] of entries) {
    if (k === '' || k.includes('*') || v.includes('*')) {
      problems.push([`spec.selector.matchLabels[${k}]`, `'${k}=${v}' is not a valid label match (empty key or wildcard)`, 'Use exact label keys and values.']);
    } else if (v.length > 63) {
      problems.push([`spec.selector.matchLabels[${k}]`, 'label value longer than 63 characters', 'Shorten the value.']);
    }
  }
  return problems;
}

function nameOf(target: string | INamedResource): string {
  return typeof target === 'string' ? target : target.name;
}
