import { AnalysisContext, CLUSTER_LOCAL_SUFFIX, GK, hostToFqdn } from './context';
import { hostMatches } from './hosts';
import { strs } from '../vocab/json';
import { typoDistance } from '../vocab/suggest';

/** The hosts the set defines: its Services, ServiceEntry hosts and VirtualService hosts, fully qualified. */
interface DefinedHosts {
  /** Exact host names (no wildcard). */
  readonly exact: readonly string[];
  /** Exact names as a set, for lookups. */
  readonly exactSet: ReadonlySet<string>;
  /** Wildcard hosts (`*.example.com`). */
  readonly wildcards: readonly string[];
  /** Suggestions already computed, by fully qualified host. */
  readonly cache: Map<string, string | undefined>;
}

const DEFINED = new WeakMap<AnalysisContext, DefinedHosts>();

function definedHosts(ctx: AnalysisContext): DefinedHosts {
  let d = DEFINED.get(ctx);
  if (d) return d;
  const all = new Set<string>();
  for (const svc of ctx.list(GK.Service)) if (!svc.synthetic) all.add(hostToFqdn(svc.namespace, svc.name));
  for (const se of ctx.list(GK.ServiceEntry)) for (const h of strs(se.spec.hosts)) all.add(hostToFqdn(se.namespace, h));
  for (const vs of ctx.list(GK.VirtualService)) for (const h of strs(vs.spec.hosts)) all.add(hostToFqdn(vs.namespace, h));
  const exact = [...all].filter((h) => !h.startsWith('*'));
  d = { exact, exactSet: new Set(exact), wildcards: [...all].filter((h) => h.startsWith('*')), cache: new Map() };
  DEFINED.set(ctx, d);
  return d;
}

/** Whether the set defines the host as a Service, a ServiceEntry host or a VirtualService host (visibility aside). */
export function isDefinedHost(ctx: AnalysisContext, namespace: string, host: string): boolean {
  const d = definedHosts(ctx);
  const fqdn = hostToFqdn(namespace, host);
  return d.exactSet.has(fqdn) || d.wildcards.some((w) => hostMatches(fqdn, w));
}

/**
 * Whether `a` is a likely typo of `b`: the same number of DNS labels, one of them different, by at most one edit
 * (a swap of two characters counts as one) per three characters of that label, at most three, and not only in digits.
 */
function isTypo(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  let differing = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (differing >= 0) return false;
    differing = i;
  }
  if (differing < 0) return false;
  const x = a[differing];
  const y = b[differing];
  // Names that differ only in numbers (`team-1`, `team-9`; `v1`, `v2`) are different names, not typos.
  if (x.replace(/\d/g, '') === y.replace(/\d/g, '')) return false;
  const limit = Math.max(1, Math.min(3, Math.floor(Math.max(x.length, y.length) / 3)));
  return Math.abs(x.length - y.length) <= limit && typoDistance(x, y) <= limit;
}

/**
 * A host the set defines that is a likely typo of `host` (`ordres` → `orders`, `orders.shpo` → `orders.shop`).
 * Returned as written from `namespace` (short for a Service of that namespace).
 */
export function closeHost(ctx: AnalysisContext, namespace: string, host: string): string | undefined {
  const d = definedHosts(ctx);
  const fqdn = hostToFqdn(namespace, host);
  if (fqdn.startsWith('*') || d.exactSet.has(fqdn)) return undefined;
  if (d.cache.has(fqdn)) return d.cache.get(fqdn);
  const wanted = fqdn.split('.');
  const found = d.exact.find((candidate) => isTypo(wanted, candidate.split('.')));
  const shown = found && found.endsWith(`.${namespace}.${CLUSTER_LOCAL_SUFFIX}`) ? found.split('.')[0] : found;
  d.cache.set(fqdn, shown);
  return shown;
}
