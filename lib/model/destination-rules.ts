/**
 * Which DestinationRule a caller uses for a host (pilot/pkg/model/push_context.go `destinationRule`): one in
 * the caller's namespace, else one in the host's namespace exported to the caller, else one in the root
 * namespace exported to the caller; within a namespace the most specific host wins (exact, then the longest
 * wildcard — `MostSpecificHostMatch`). Short hosts resolve in the DestinationRule's namespace.
 */
import { ModelContext } from './context';
import { exportedTo, fqdn } from './hosts';
import { ModelConfig } from './inventory';
import { hostsMatch as hostMatches } from '../vocab/hosts';
import { obj, objs, str } from '../vocab/json';

/** The DestinationRule a caller in `callerNamespace` applies to `host` (whose own namespace is `hostNamespace`). */
export function destinationRuleFor(
  ctx: ModelContext, callerNamespace: string, host: string, hostNamespace: string | undefined,
): ModelConfig | undefined {
  const root = ctx.settings.rootNamespace;
  const inNamespace = (ns: string, mustExport: boolean) => mostSpecific(
    ctx.inv.uncheckedIn('DestinationRule', ns), host, (dr) => (!mustExport || exportedTo(dr, callerNamespace)) && ctx.inv.isValid(dr));
  if (callerNamespace !== root) {
    const local = inNamespace(callerNamespace, false);
    if (local) return local;
  }
  return (hostNamespace !== undefined ? inNamespace(hostNamespace, true) : undefined) ?? inNamespace(root, true);
}

/** Each rule's host as a full name (asked for every request the model answers: kept per rule). */
const RULE_HOSTS = new WeakMap<ModelConfig, string>();

function ruleHost(dr: ModelConfig): string {
  let host = RULE_HOSTS.get(dr);
  if (host === undefined) {
    host = fqdn(str(dr.spec.host), dr.namespace);
    RULE_HOSTS.set(dr, host);
  }
  return host;
}

/** The most specific rule for the host among those that apply (`applies` is asked only of rules for the host). */
function mostSpecific(rules: readonly ModelConfig[], host: string, applies: (dr: ModelConfig) => boolean): ModelConfig | undefined {
  let best: { dr: ModelConfig; score: number } | undefined;
  for (const dr of rules) {
    const drHost = ruleHost(dr);
    if (!drHost || !hostMatches(drHost, host) || !applies(dr)) continue;
    const score = drHost === host ? Number.MAX_SAFE_INTEGER : drHost.length;
    if (!best || score > best.score) best = { dr, score };
  }
  return best?.dr;
}

/** The client `tls` settings a DestinationRule gives a port and subset: subset over top level, port-level over both. */
export function clientTlsSettings(
  dr: ModelConfig | undefined, port: number | undefined, subset: string | undefined,
): Record<string, unknown> | undefined {
  if (!dr) return undefined;
  const fromPolicy = (policy: unknown): Record<string, unknown> | undefined => {
    const tp = obj(policy);
    let tls = tp.tls === undefined ? undefined : obj(tp.tls) as Record<string, unknown>;
    for (const [pls] of objs(tp.portLevelSettings)) {
      if (port !== undefined && Number(obj(pls.port).number) === port && pls.tls !== undefined) tls = obj(pls.tls) as Record<string, unknown>;
    }
    return tls;
  };
  let tls = fromPolicy(dr.spec.trafficPolicy);
  if (subset !== undefined) {
    const s = objs(dr.spec.subsets).find(([x]) => x.name === subset)?.[0];
    const subsetTls = s ? fromPolicy(s.trafficPolicy) : undefined;
    if (subsetTls) tls = subsetTls;
  }
  return tls;
}
