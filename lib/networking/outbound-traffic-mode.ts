// Its own file: the IstioOperator's mesh config uses it too, and its schema is generated from a
// program that should not parse the Sidecar construct and the generated networking classes.

/** What the proxy does with traffic to hosts outside its registry (Sidecar, and the mesh config's default). */
export enum OutboundTrafficMode {
  /** Pass it through (Istio's default). */
  ALLOW_ANY = 'ALLOW_ANY',
  /** Block it: only hosts of the registry (Services, ServiceEntries) are reachable. */
  REGISTRY_ONLY = 'REGISTRY_ONLY',
}
