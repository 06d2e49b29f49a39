/** Host names as Istio resolves them in configuration (pkg/config/host, pilot/pkg/model/config.go). */
import { isIP } from 'net';
import { ModelConfig } from './inventory';
import { arr } from '../vocab/json';

/** The cluster's DNS suffix for Services. */
export const CLUSTER_DOMAIN = 'cluster.local';

/**
 * Istio's `ResolveShortnameToFQDN`: a host without a dot is a Service short name in the configuration's
 * namespace (`reviews` in `bookinfo` is `reviews.bookinfo.svc.cluster.local`); `*`, IP addresses and names
 * with a dot are kept as written (lower-cased).
 */
export function fqdn(host: string, namespace: string): string {
  const h = host.toLowerCase();
  if (h === '' || h === '*' || isIP(h) !== 0 || h.includes('.')) return h;
  return `${h}.${namespace}.svc.${CLUSTER_DOMAIN}`;
}

/**
 * The Service host a caller in `namespace` reaches by a name, as its resolver's search path does:
 * `reviews` (the caller's namespace), `reviews.bookinfo`, `reviews.bookinfo.svc`; a port is dropped.
 * Other names are returned as written.
 */
export function resolveCallerHost(host: string, namespace: string, isService: (fqdn: string) => boolean): string {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  if (!h.includes('.')) return `${h}.${namespace}.svc.${CLUSTER_DOMAIN}`;
  for (const candidate of [`${h}.svc.${CLUSTER_DOMAIN}`, `${h}.${CLUSTER_DOMAIN}`]) {
    if (isService(candidate)) return candidate;
  }
  return h;
}

/** Whether configuration is visible in a namespace (`exportTo`: unset or `*` everywhere, `.` its own namespace). */
export function exportedTo(config: ModelConfig, namespace: string): boolean {
  const exportTo = arr(config.spec.exportTo).map(String);
  if (exportTo.length === 0) return true;
  return exportTo.some((e) => e === '*' || (e === '.' ? config.namespace === namespace : e === namespace));
}
