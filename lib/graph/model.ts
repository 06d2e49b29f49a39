/**
 * The picture of a mesh as data: what `cdk8s-istio graph` draws, and what tests assert on. Plain
 * objects with stable ids, every list sorted, so the same objects always give the same graph.
 */

/** A finding on a node, short enough for a tooltip. */
export interface GraphFinding {
  /** `error`, `warning` or `info`. */
  readonly severity: string;
  /** The finding's code, e.g. `IST0101`. */
  readonly code: string;
  /** The object it is about, e.g. `VirtualService bookinfo/reviews`. */
  readonly resource: string;
  /** The message. */
  readonly message: string;
}

/** A namespace: the box the other nodes sit in. */
export interface GraphNamespace {
  /** The namespace's name. */
  readonly name: string;
  /** The mTLS mode its workloads accept without a policy of their own: `STRICT`, `PERMISSIVE` or `DISABLE`. */
  readonly mtls: string;
  /** The PeerAuthentication that sets it (`namespace/name`); absent for Istio's default, PERMISSIVE. */
  readonly mtlsPolicy?: string;
  /** Whether the namespace is in ambient mode (`istio.io/dataplane-mode: ambient`). */
  readonly ambient: boolean;
  /** Findings on the namespace's policies (PeerAuthentication, AuthorizationPolicy, RequestAuthentication, ...). */
  readonly findings: GraphFinding[];
}

/** One server of a gateway. */
export interface GraphGatewayServer {
  /** The port number. */
  readonly port: number;
  /** `HTTP`, `HTTPS`, `TLS`, ... */
  readonly protocol: string;
  /** The hosts it serves (`*` for any). */
  readonly hosts: string[];
  /** The TLS mode (`SIMPLE`, `MUTUAL`, `PASSTHROUGH`, ...), when it terminates or passes TLS. */
  readonly tls?: string;
}

/** An Istio Gateway. */
export interface GraphGateway {
  /** `gateway:namespace/name`. */
  readonly id: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The Gateway's name. */
  readonly name: string;
  /** Its servers, by port. */
  readonly servers: GraphGatewayServer[];
  /** Findings on the Gateway. */
  readonly findings: GraphFinding[];
}

/** A subset of a service (a version), from a DestinationRule. */
export interface GraphSubset {
  /** The subset's name, e.g. `v2`. */
  readonly name: string;
  /** Its labels, `key=value` sorted. */
  readonly labels: string;
  /** The workloads it selects (ids). */
  readonly workloads: string[];
}

/** A host the mesh routes to: a Kubernetes Service, a ServiceEntry host, or a host only named by routes. */
export interface GraphService {
  /** `service:<host>` with the host fully qualified. */
  readonly id: string;
  /** The fully qualified host, e.g. `reviews.bookinfo.svc.cluster.local`. */
  readonly host: string;
  /** The short name to show: the Service's name, or the host of an external service. */
  readonly name: string;
  /** The namespace it belongs to (a ServiceEntry's namespace for external hosts). */
  readonly namespace: string;
  /** Whether it is outside the mesh (a ServiceEntry with `location: MESH_EXTERNAL`, the default). */
  readonly external: boolean;
  /** Whether the objects define it (a Service or ServiceEntry); false for a host only routes name. */
  readonly defined: boolean;
  /** Its ports, e.g. `9080/http`. */
  readonly ports: string[];
  /** Subsets defined by DestinationRules for the host. */
  readonly subsets: GraphSubset[];
  /** The workloads behind it (ids). */
  readonly workloads: string[];
  /** Findings on the Service, ServiceEntry, DestinationRules and the VirtualServices for the host. */
  readonly findings: GraphFinding[];
}

/**
 * A group of callers a workload admits, as the access model answers for a plain mTLS `GET /` on its
 * first port: grouped so that a workload any mesh identity may call shows one group, not every caller.
 * A wide group names the namespaces and identities it does not include (a DENY, a waypoint's policy).
 */
export type GraphCallerGroup =
  /** Any caller, also plaintext ones without a mesh identity. */
  | { readonly kind: 'anyone'; readonly except?: GraphCallerExceptions }
  /** Callers without a mesh identity (plaintext). */
  | { readonly kind: 'plaintext' }
  /** Any caller with a mesh identity (mTLS), from any namespace. */
  | { readonly kind: 'mesh'; readonly except?: GraphCallerExceptions }
  /** Any identity of one namespace. */
  | { readonly kind: 'namespace'; readonly namespace: string; readonly except?: GraphCallerExceptions }
  /** One identity (`cluster.local/ns/NS/sa/SA`) and the workloads that run as it (ids). */
  | { readonly kind: 'principal'; readonly principal: string; readonly workloads: string[] }
  /** Nobody (allow-nothing, or DENY for everybody). */
  | { readonly kind: 'nobody' }
  /** The access model could not answer, with its reason. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** The callers a wide group leaves out: of those the graph asks about, the ones refused. */
export interface GraphCallerExceptions {
  /** Namespaces none of whose identities may call, sorted. */
  readonly namespaces: string[];
  /** Identities (`cluster.local/ns/NS/sa/SA`) that may not call, outside those namespaces, sorted. */
  readonly principals: string[];
}

/** A workload: a Deployment, StatefulSet, DaemonSet, Pod, ... */
export interface GraphWorkload {
  /** `workload:namespace/name`. */
  readonly id: string;
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload's name. */
  readonly name: string;
  /** Its kind, e.g. `Deployment`. */
  readonly kind: string;
  /** Its pod labels, `key=value` sorted. */
  readonly labels: string;
  /** The service account its pods run as (`default` when unset). */
  readonly serviceAccount: string;
  /** Its mesh identity, `cluster.local/ns/NS/sa/SA`. */
  readonly principal: string;
  /** The callers it admits, grouped. */
  readonly callers: GraphCallerGroup[];
  /** Findings on the workload and the policies that select it. */
  readonly findings: GraphFinding[];
}

/** Where one rule of a VirtualService sends traffic. */
export interface GraphRoute {
  /** A stable id: `route:<vs namespace>/<vs name>/<rule>/<from>/<destination>`. */
  readonly id: string;
  /** The node the traffic comes from: a gateway id, or the service id of the host the VirtualService is for. */
  readonly from: string;
  /** The service id the traffic goes to. */
  readonly to: string;
  /** The subset, when the destination names one. */
  readonly subset?: string;
  /** The destination port, when the destination names one. */
  readonly port?: number;
  /** The share of the rule's traffic, in percent. */
  readonly weight: number;
  /** The host the rule is for, as the VirtualService names it. */
  readonly host: string;
  /** What requests the rule takes, in short: `header end-user=jason`, `uri ^/api`, or `*` for every request. */
  readonly match: string;
  /** The VirtualService, `namespace/name`. */
  readonly virtualService: string;
  /** The rule, e.g. `http[0]` or `tcp[1]`. */
  readonly rule: string;
  /** The rule's timeout, e.g. `10s`. */
  readonly timeout?: string;
  /** The rule's retries, e.g. `3 × 2s`. */
  readonly retries?: string;
  /** The rule's fault injection, e.g. `delay 7s 100%`. */
  readonly fault?: string;
  /** Whether the traffic is a mirrored copy rather than the answered request. */
  readonly mirror: boolean;
}

/** A graph of a mesh: see `MeshGraph`. */
export interface MeshGraphData {
  /** Namespaces, by name. */
  readonly namespaces: GraphNamespace[];
  /** Gateways, by id. */
  readonly gateways: GraphGateway[];
  /** Services (external ones too), by id. */
  readonly services: GraphService[];
  /** Workloads, by id. */
  readonly workloads: GraphWorkload[];
  /** Routes, by id. */
  readonly routes: GraphRoute[];
}

/** The id of a service node. */
export function serviceId(host: string): string {
  return `service:${host}`;
}

/** The id of a gateway node. */
export function gatewayId(namespace: string, name: string): string {
  return `gateway:${namespace}/${name}`;
}

/** The id of a workload node. */
export function workloadId(namespace: string, name: string): string {
  return `workload:${namespace}/${name}`;
}

/** Orders items by a string key, byte-wise (never by locale): the same bytes everywhere. */
export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  };
}
