/** The intents patterns declare: what their output promises, checked at synth (CIS5017). */
import { Construct } from 'constructs';
import { IntentToken, IntentWorkloads, MeshIntent } from '../core/mesh-intent';
import { IServiceAccountIdentity } from '../security/principal';

/** The default trust domain: the behaviour model names callers `NS/SA` in it. */
const DEFAULT_TRUST_DOMAIN = 'cluster.local';

/** A caller of a namespace no pattern names an account of: its pods' default account. */
export function namespaceCaller(namespace: string): string {
  return `${namespace}/default`;
}

/** `NS/SA` of a service account (the chart's namespace when the object has none). */
export function accountCaller(sa: IServiceAccountIdentity, namespace: string | undefined): string | undefined {
  const ns = sa.metadata.namespace ?? namespace;
  return ns ? `${ns}/${sa.name}` : undefined;
}

/** Whether intents can be declared: the model asks in the default trust domain. */
export function intentsApply(trustDomain: string | undefined): boolean {
  return (trustDomain ?? DEFAULT_TRUST_DOMAIN) === DEFAULT_TRUST_DOMAIN;
}

/**
 * ALLOW intents for named callers to workloads: each caller may call with each method and path (`anyAccepted`
 * token: a JwtProtectedApp on the same workload asks for one, which is not the allow's business).
 */
export function declareAllowed(
  scope: Construct, name: string, callers: readonly string[], to: IntentWorkloads, op: { methods?: string[]; paths?: string[] },
): MeshIntent[] {
  return callers.map((from, i) => MeshIntent.allow(scope, {
    name: `${name}-intent${callers.length > 1 ? `-${i + 1}` : ''}`,
    from,
    to,
    ...(op.methods ? { methods: op.methods } : {}),
    ...(op.paths ? { paths: op.paths } : {}),
    token: IntentToken.anyAccepted(),
  }));
}

/** Whether an Istio path value (exact, `prefix*`, `*suffix`, `*`) matches a path. */
export function pathMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return path.endsWith(pattern.slice(1));
  return pattern === path;
}
