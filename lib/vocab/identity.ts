/**
 * Mesh workload identities: `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`, the SPIFFE ID of a workload without
 * `spiffe://` (what AuthorizationPolicy's `principals` name).
 */

/** The identity of a service account. */
export function workloadIdentity(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** The namespace an identity names: the segment after its first `/ns/` (AuthorizationPolicy's `source.namespace`). */
export function identityNamespace(principal: string | undefined): string | undefined {
  return principal?.match(/\/ns\/([^/]+)\//)?.[1];
}

/** The namespace and service account of a workload identity (`.../ns/NS/sa/SA` at its end), undefined for any other text. */
export function identityAccount(principal: string): { readonly namespace: string; readonly serviceAccount: string } | undefined {
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? { namespace: m[1], serviceAccount: m[2] } : undefined;
}
