/**
 * The mTLS mode a workload's port accepts, as Istio composes PeerAuthentications
 * (pilot/pkg/security/authn/policy_applier.go `ComposePeerAuthentication`): the mesh policy (root namespace,
 * no selector), then the namespace policy, then the workload policy (a selector matching the pod) override in
 * turn when their mode is set; the workload policy's `portLevelMtls` (keyed by the workload's port) overrides
 * for that port; with several policies at one level the oldest wins. Nothing set: PERMISSIVE.
 */
import { Inventory, ModelConfig } from './inventory';
import { hasSelector, policiesFor, PolicyTarget } from './policy-selection';
import { obj, str } from '../vocab/json';

/** A PeerAuthentication mode once resolved (the same values as `MtlsMode` of lib/security, without UNSET). */
export type MtlsMode = 'STRICT' | 'PERMISSIVE' | 'DISABLE';

/** The effective mode of a port and the policy that set it. */
export interface EffectiveMtls {
  /** The mode. */
  readonly mode: MtlsMode;
  /** `namespace/name` of the PeerAuthentication that set it. @default - none: Istio's default, PERMISSIVE */
  readonly policy?: string;
}

function modeOf(value: unknown): MtlsMode | undefined {
  const mode = str(obj(value).mode);
  return mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE' ? mode : undefined;
}

/** The mTLS mode a workload accepts on a port (its target port). */
export function effectiveMtls(inv: Inventory, target: PolicyTarget, port: number, rootNamespace: string): EffectiveMtls {
  const applicable = policiesFor(inv, 'PeerAuthentication', target, rootNamespace);
  let mesh: ModelConfig | undefined;
  let namespace: ModelConfig | undefined;
  let workload: ModelConfig | undefined;
  for (const c of applicable) {
    if (!hasSelector(c)) {
      if (c.namespace === rootNamespace) mesh ??= c;
      else namespace ??= c;
    } else if (c.namespace !== rootNamespace) {
      workload ??= c;
    }
  }
  let result: EffectiveMtls = { mode: 'PERMISSIVE' };
  for (const c of [mesh, namespace, workload]) {
    const mode = c && modeOf(c.spec.mtls);
    if (c && mode) result = { mode, policy: c.id };
  }
  if (workload) {
    const portLevel = obj(workload.spec.portLevelMtls);
    if (String(port) in portLevel) {
      const mode = modeOf(portLevel[String(port)]);
      result = { mode: mode ?? result.mode, policy: workload.id };
    }
  }
  return result;
}
