/** How the pods of a namespace join the mesh. */
export enum Dataplane {
  /** An injected Envoy sidecar per pod (`istio-injection: enabled`): L4 and L7 policy at every pod. */
  SIDECAR = 'sidecar',
  /**
   * Ambient mode (`istio.io/dataplane-mode: ambient`): the node's ztunnel gives every pod mTLS and L4 policy; L7
   * routing and policy need a waypoint (see `Waypoint`).
   */
  AMBIENT = 'ambient',
}

/** The namespace label that puts a namespace in ambient mode (Istio's `label.IoIstioDataplaneMode`). */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';
