/** The questions the behaviour model answers, and its answers. */
import { JwtToken } from './request-authentication';

/**
 * A destination named by its pods instead of a Service: what a pattern that knows only a selector can ask about.
 * The request goes to each workload of the namespace whose pod labels include `labels` (any of them denying
 * denies); when the objects define none, to a pod carrying `labels`.
 */
export interface WorkloadTarget {
  /** The workloads' namespace. */
  readonly namespace: string;
  /**
   * Labels the pods carry (a selector).
   * @default - every workload of the namespace
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * The workload (container) port, which is what authorization `ports` match.
   * @default - the first port of the Service that selects the pods, else their first container port, else 80
   */
  readonly port?: number;
}

/** Who may call whom: one HTTP request from a caller to a Service port, or to workloads. */
export interface AccessRequest {
  /** The caller: `NAMESPACE/SERVICEACCOUNT`, or `anonymous` (a plaintext caller with no mesh identity). */
  readonly from: string;
  /** The destination: `NAMESPACE/SERVICE:PORT` (PORT being the Service port), or workloads by namespace and labels. */
  readonly to: string | WorkloadTarget;
  /** The HTTP method. @default 'GET' */
  readonly method?: string;
  /** The path (a query string is allowed). @default '/' */
  readonly path?: string;
  /** Request headers. @default - none */
  readonly headers?: Readonly<Record<string, string>>;
  /** The JWT the request carries. @default - none */
  readonly jwt?: JwtToken;
  /** The caller's IP address (`ipBlocks`, `source.ip`). @default - unknown: IP rules do not match */
  readonly sourceIp?: string;
  /**
   * Whether a caller `NAMESPACE/SERVICEACCOUNT` the objects do not define is asked about anyway, as a workload of
   * its namespace's data plane: what "any identity of namespace X" questions need (the mesh graph's caller groups).
   * @default false - an undefined service account is an UnknownReferenceError
   */
  readonly assumeCaller?: boolean;
}

/** A destination as text: `NS/SERVICE:PORT`, or `NS{labels}:PORT` for workloads. */
export function targetText(to: AccessRequest['to']): string {
  if (typeof to === 'string') return to;
  const labels = Object.entries(to.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  return `${to.namespace}/{${labels || '*'}}${to.port !== undefined ? `:${to.port}` : ''}`;
}

/** An access decision. */
export enum Decision {
  /** The request reaches the application. */
  ALLOW = 'ALLOW',
  /** The request is refused: by an authorization policy (403), a JWT rule (401), or at the connection (mTLS, ztunnel). */
  DENY = 'DENY',
}

/** The answer to an access question. */
export interface AccessResult {
  /** ALLOW or DENY. */
  readonly decision: Decision;
  /**
   * What the caller sees: 200 for an allowed request, 403 denied by an authorization policy, 401 token
   * rejected, 503 connection refused by the destination (mTLS mode, ztunnel) for a caller with a proxy,
   * 0 (connection reset) for a caller without one.
   */
  readonly status: number;
  /** `namespace/name` of the deciding policy. @default - none decided (e.g. no policy applies) */
  readonly policy?: string;
  /** The index of the deciding rule in that policy. @default - none */
  readonly rule?: number;
  /** Why, in a sentence or two. */
  readonly reason: string;
  /** The workload that decided, `Kind namespace/name`. @default - the Service selects no workload the files define */
  readonly workload?: string;
  /** Whether the connection is mutual TLS with Istio certificates. */
  readonly mtls: boolean;
}

/** Where a request goes: from a caller to a host. */
export interface RouteRequest {
  /** The caller: `NAMESPACE/SERVICEACCOUNT`, `anonymous`, or a gateway `gateway:NAMESPACE/NAME`. */
  readonly from: string;
  /** The host the caller addresses (`reviews`, `reviews.bookinfo`, `reviews.bookinfo.svc.cluster.local`, `www.example.com`). */
  readonly host: string;
  /** The port. @default - a gateway: 80; a mesh caller: the Service's only (or first HTTP) port */
  readonly port?: number;
  /** The HTTP method. @default 'GET' */
  readonly method?: string;
  /** The path (a query string is matched by `queryParams`). @default '/' */
  readonly path?: string;
  /** Request headers. @default - none */
  readonly headers?: Readonly<Record<string, string>>;
}

/** One weighted destination of a route. */
export interface RoutedDestination {
  /** The destination host, fully qualified for Services (`reviews.default.svc.cluster.local`). */
  readonly host: string;
  /** The DestinationRule subset. @default - none */
  readonly subset?: string;
  /** The destination port. @default - the request's port */
  readonly port?: number;
  /** The share of requests, in percent. */
  readonly weight: number;
}

/** The answer to a routing question. */
export interface RouteResult {
  /**
   * `namespace/name` of the route object that routes the request: a VirtualService, or a Gateway API HTTPRoute.
   * @default - none applies: the request goes to the Service itself
   */
  readonly virtualService?: string;
  /** The kind of that route object, `VirtualService` or `HTTPRoute`. @default - none applies */
  readonly routeKind?: string;
  /** The matching http (or tcp) rule: its name, or its index. @default - no rule matched (Envoy answers 404) */
  readonly rule?: string;
  /** Where the request goes; empty when no VirtualService applies, no rule matches, or the rule redirects or answers itself. */
  readonly destinations: RoutedDestination[];
  /** The Service the request goes to when no VirtualService applies. @default - none */
  readonly service?: { readonly host: string; readonly port?: number };
  /** The redirect the matching rule answers with. @default - none */
  readonly redirect?: Readonly<Record<string, unknown>>;
  /** The direct response the matching rule answers with. @default - none */
  readonly directResponse?: Readonly<Record<string, unknown>>;
  /** The fault the matching rule injects. @default - none */
  readonly fault?: Readonly<Record<string, unknown>>;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** A TLS question: how a caller's proxy connects to a host. */
export interface TlsRequest {
  /** The caller: `NAMESPACE/SERVICEACCOUNT`, or `anonymous`. */
  readonly from: string;
  /** The host the caller addresses (`reviews`, `reviews.bookinfo`, `api.example.com`). */
  readonly host: string;
  /** The port. @default - the Service's (or ServiceEntry's) first port */
  readonly port?: number;
  /** The DestinationRule subset the request is routed to. @default - none */
  readonly subset?: string;
}

/** How a proxy secures a connection. */
export enum TlsMode {
  /** Istio mutual TLS (a sidecar's ISTIO_MUTUAL, auto mTLS, or ztunnel's HBONE). */
  ISTIO_MUTUAL = 'ISTIO_MUTUAL',
  /** TLS origination with a client certificate (DestinationRule MUTUAL). */
  MUTUAL = 'MUTUAL',
  /** TLS origination (DestinationRule SIMPLE). */
  SIMPLE = 'SIMPLE',
  /** The proxy sends what the application sends (DISABLE, no proxy, or no mTLS possible). */
  PLAINTEXT = 'PLAINTEXT',
}

/** The answer to a TLS question. */
export interface TlsResult {
  /** How the connection is secured by the proxy. */
  readonly mode: TlsMode;
  /** Whether Istio chose it (auto mTLS, ztunnel) rather than a DestinationRule. */
  readonly auto: boolean;
  /** Whether the peer's certificate is verified. */
  readonly verified: boolean;
  /** The names the peer's certificate must carry (SPIFFE identities or DNS names); empty: any the CA signed. */
  readonly subjectAltNames: string[];
  /** The SNI sent. @default - none (plaintext) */
  readonly sni?: string;
  /** What the peer's chain is verified against: `istio`, a `caCertificates` path, `secret NAME`, or `system`. @default - not verified */
  readonly trustedCa?: string;
  /** Whether the proxy presents a client certificate. */
  readonly clientCertificate: boolean;
  /** `namespace/name` of the DestinationRule whose `tls` applies. @default - none */
  readonly destinationRule?: string;
  /** Why, in a sentence. */
  readonly reason: string;
}

/** What a reference names that the objects do not define. */
export enum ReferenceKind {
  /** A Service (`NAMESPACE/SERVICE`). */
  SERVICE = 'service',
  /** A service account (`NAMESPACE/SERVICEACCOUNT`). */
  SERVICE_ACCOUNT = 'service account',
  /** A Gateway (`gateway:NAMESPACE/NAME`). */
  GATEWAY = 'gateway',
}

/** A question names a service, service account or gateway the objects do not define. */
export class UnknownReferenceError extends Error {
  public constructor(public readonly kind: ReferenceKind, public readonly reference: string, public readonly known: readonly string[]) {
    super(`unknown ${kind} "${reference}"; known: ${known.length > 0 ? known.join(', ') : '(none)'}`);
    this.name = 'UnknownReferenceError';
  }
}

/** A question that cannot be read (`to` without a port, a bad caller). */
export class InvalidRequestError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}
