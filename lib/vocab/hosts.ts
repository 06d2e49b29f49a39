/** Host names with Istio's semantics (`pkg/config/host`): wildcards, overlap and subsets. */

/** Whether a host starts with a wildcard. */
export function isWildcarded(host: string): boolean {
  return host.startsWith('*');
}

/** Istio's `host.Name.Matches`: whether two hosts (either possibly wildcarded) overlap. */
export function hostsMatch(a: string, b: string): boolean {
  const aw = isWildcarded(a);
  const bw = isWildcarded(b);
  if (aw) {
    if (bw) return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
    return b.endsWith(a.slice(1));
  }
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}

/** Istio's `host.Name.SubsetOf`: whether every name `a` matches is also matched by `b`. */
export function hostSubsetOf(a: string, b: string): boolean {
  const aw = isWildcarded(a);
  const bw = isWildcarded(b);
  if (aw) {
    if (bw) return a.length >= b.length && a.slice(1).endsWith(b.slice(1));
    return false;
  }
  if (bw) return a.endsWith(b.slice(1));
  return a === b;
}
