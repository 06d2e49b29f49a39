/** Host names with Istio's semantics (`pkg/config/host`, `pkg/config/analysis/analyzers/util`). */

/** Whether two hosts match, either possibly a wildcard (`*.example.com`), as Istio's `host.Name.Matches`. */
export { hostsMatch as hostMatches } from '../vocab/hosts';

/**
 * The `namespace/name` a host names, as Istio's `GetResourceNameFromHost`: a `name.namespace.svc.cluster.local`
 * host names that service, anything else is a short name in the given namespace.
 */
export function resourceNameFromHost(defaultNamespace: string, host: string): { namespace: string; name: string } {
  const m = /^(.+)\.(.+)\.svc\.cluster\.local$/.exec(host);
  return m ? { namespace: m[2], name: m[1] } : { namespace: defaultNamespace, name: host };
}

/** A gateway reference (`name` or `namespace/name`) resolved in a default namespace, as Istio's `NewShortOrFullName`. */
export function shortOrFullName(defaultNamespace: string, ref: string): { namespace: string; name: string } {
  const slash = ref.indexOf('/');
  return slash < 0 ? { namespace: defaultNamespace, name: ref } : { namespace: ref.slice(0, slash), name: ref.slice(slash + 1) };
}
