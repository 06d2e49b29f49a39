/**
 * The codes of the webhook rules: one per rule family, each with what it covers.
 * Istio's own reference for these rules is `pkg/config/validation` (istiod's validating webhook).
 */
export const WebhookCode = {
  /** A host name that is not a valid (wildcard) DNS name, or a host that Istio does not allow where it is used. */
  INVALID_HOST: 'CIS2001',
  /** A gateway reference that is not `namespace/name` (or a legacy `name.namespace`). */
  INVALID_GATEWAY_REFERENCE: 'CIS2002',
  /** Route destinations and weights: a missing destination, a negative weight, all weights zero. */
  INVALID_ROUTE_DESTINATION: 'CIS2003',
  /** A regular expression that RE2 (Envoy's engine) does not accept, or one longer than 1024 bytes. */
  INVALID_REGEX: 'CIS2004',
  /** A header name or value that Envoy cannot use, or a header operation Istio forbids (Host, pseudo-headers). */
  INVALID_HEADER: 'CIS2005',
  /** An HTTP retry policy Istio rejects: unknown `retryOn` value, attempts and timeouts that disagree. */
  INVALID_RETRY: 'CIS2006',
  /** A port number out of 1..65535, a port name that is not a DNS label, an unknown protocol, a duplicate port. */
  INVALID_PORT: 'CIS2007',
  /** A duration that is not a Go duration, is below 1ms, or is finer than milliseconds. */
  INVALID_DURATION: 'CIS2008',
  /** Labels or a workload selector Istio rejects (bad keys or values, wildcards, no labels). */
  INVALID_SELECTOR: 'CIS2009',
  /** An `exportTo` list Istio rejects: duplicates, `*` with others, `~` outside a ServiceEntry, bad namespaces. */
  INVALID_EXPORT_TO: 'CIS2010',
  /** A subset name that is not a DNS-1123 label, or duplicate subsets. */
  INVALID_SUBSET: 'CIS2011',
  /** An HTTP route whose actions conflict (route, redirect, direct response, delegate, mirror). */
  HTTP_ROUTE_CONFLICT: 'CIS2012',
  /** An HTTP match request Istio rejects (empty prefix, bad source namespace, JWT-claim routing off a gateway). */
  INVALID_MATCH: 'CIS2013',
  /** A VirtualService rule or match that can never be used because an earlier one catches its traffic. */
  UNREACHABLE_RULE: 'CIS2014',
  /** A CORS policy Istio rejects (origins, methods, header names, maxAge). */
  INVALID_CORS: 'CIS2015',
  /** A fault injection Istio rejects (no abort or delay, percentages, statuses). */
  INVALID_FAULT: 'CIS2016',
  /** A redirect, rewrite, direct response or mirror Istio rejects. */
  INVALID_HTTP_ACTION: 'CIS2017',
  /** TLS settings Istio rejects or warns about (certificates for the mode, ciphers, credentials). */
  INVALID_TLS: 'CIS2018',
  /** A Gateway server Istio rejects (no servers, no hosts, TLS for the wrong protocol, bind address, duplicate port names). */
  INVALID_SERVER: 'CIS2019',
  /** A traffic policy Istio rejects: empty, connection pool, load balancer, outlier detection, tunnel, proxy protocol. */
  INVALID_TRAFFIC_POLICY: 'CIS2020',
  /** A deprecated field that Istio accepts with a warning; the message names its replacement. */
  DEPRECATED_FIELD: 'CIS2021',
  /** Locality load-balancing settings Istio rejects. */
  INVALID_LOCALITY_LB: 'CIS2022',
  /** A Sidecar listener or setting Istio rejects (ports, binds, default endpoint, TLS, capture mode, outbound policy). */
  INVALID_SIDECAR: 'CIS2023',
  /** A host in `namespace/dnsName` form that Istio rejects (Sidecar egress hosts, Gateway server hosts). */
  INVALID_NAMESPACED_HOST: 'CIS2024',
  /** A ServiceEntry whose resolution does not fit its hosts, addresses, endpoints or ports. */
  INVALID_SERVICE_ENTRY: 'CIS2025',
  /** An IP address, CIDR block or unix socket path that is not valid. */
  INVALID_ADDRESS: 'CIS2026',
  /** A WorkloadEntry or WorkloadGroup Istio rejects (address, template, readiness probe). */
  INVALID_WORKLOAD: 'CIS2027',
  /** An AuthorizationPolicy action and provider that do not fit together, or a rule-less DENY/CUSTOM policy. */
  INVALID_AUTHZ_ACTION: 'CIS2028',
  /** An AuthorizationPolicy rule Istio rejects (empty source/operation, empty values, unknown `when` keys, bad IPs, ports, paths). */
  INVALID_AUTHZ_RULE: 'CIS2029',
  /** A DENY rule with only HTTP attributes, which denies all TCP traffic in its scope. */
  AUTHZ_DENY_HTTP_ONLY: 'CIS2030',
  /** A JWT rule Istio rejects (no issuer nor jwksUri, bad jwksUri or jwks, empty locations, bad output headers). */
  INVALID_JWT_RULE: 'CIS2031',
  /** PeerAuthentication port-level mTLS Istio rejects (no selector, bad ports). */
  INVALID_PEER_AUTHENTICATION: 'CIS2032',
  /** A policy target (`selector`, `targetRef`, `targetRefs`) Istio rejects. */
  INVALID_TARGET_REF: 'CIS2033',
  /** Telemetry providers, tracing, metrics or access-log settings Istio rejects. */
  INVALID_TELEMETRY: 'CIS2034',
  /** A WasmPlugin or TrafficExtension Istio rejects (url, sha256, VM env, match ports). */
  INVALID_EXTENSION: 'CIS2035',
  /** An EnvoyFilter patch Istio rejects or warns about (EnvoyFilter always gets a warning). */
  ENVOY_FILTER: 'CIS2036',
  /** A ProxyConfig Istio rejects. */
  INVALID_PROXY_CONFIG: 'CIS2037',
  /** An annotation the webhook rejects (`istio.io/dry-run` outside AuthorizationPolicy, internal annotations). */
  INVALID_ANNOTATION: 'CIS2038',
  /** An object name Istio rejects (a Gateway name must be a DNS label). */
  INVALID_NAME: 'CIS2039',
  /** A VirtualService (delegate, empty, hosts) Istio rejects, or TLS/TCP routes it rejects. */
  INVALID_VIRTUAL_SERVICE: 'CIS2040',
} as const;

/** One line per code, for documentation and for `--list-checks` style output. */
export const WEBHOOK_CODE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  CIS2001: 'invalid host name or wildcard',
  CIS2002: 'invalid gateway reference (want namespace/name)',
  CIS2003: 'invalid route destination or weights',
  CIS2004: 'invalid RE2 regular expression',
  CIS2005: 'invalid header name, value or header operation',
  CIS2006: 'invalid HTTP retry policy (retryOn, attempts)',
  CIS2007: 'invalid port number, port name or protocol',
  CIS2008: 'invalid duration',
  CIS2009: 'invalid labels or workload selector',
  CIS2010: 'invalid exportTo',
  CIS2011: 'invalid or duplicate subset name',
  CIS2012: 'conflicting HTTP route actions',
  CIS2013: 'invalid HTTP match request',
  CIS2014: 'unreachable VirtualService rule or match',
  CIS2015: 'invalid CORS policy',
  CIS2016: 'invalid fault injection',
  CIS2017: 'invalid redirect, rewrite, direct response or mirror',
  CIS2018: 'invalid TLS settings',
  CIS2019: 'invalid Gateway server',
  CIS2020: 'invalid traffic policy',
  CIS2021: 'deprecated field',
  CIS2022: 'invalid locality load balancing',
  CIS2023: 'invalid Sidecar listener or setting',
  CIS2024: 'invalid namespace/host entry',
  CIS2025: 'ServiceEntry resolution does not fit hosts, addresses or endpoints',
  CIS2026: 'invalid IP address, CIDR or unix socket path',
  CIS2027: 'invalid WorkloadEntry or WorkloadGroup',
  CIS2028: 'invalid AuthorizationPolicy action or provider',
  CIS2029: 'invalid AuthorizationPolicy rule',
  CIS2030: 'DENY rule with only HTTP attributes denies all TCP traffic',
  CIS2031: 'invalid JWT rule',
  CIS2032: 'invalid PeerAuthentication port-level mTLS',
  CIS2033: 'invalid selector/targetRef(s)',
  CIS2034: 'invalid Telemetry settings',
  CIS2035: 'invalid WasmPlugin or TrafficExtension',
  CIS2036: 'EnvoyFilter problem or warning',
  CIS2037: 'invalid ProxyConfig',
  CIS2038: 'annotation rejected by the webhook',
  CIS2039: 'invalid object name',
  CIS2040: 'invalid VirtualService structure',
};

/** The hint of a finding whose rule has nothing more specific to say: how to fix that family of problems. */
export const WEBHOOK_CODE_HINTS: Readonly<Record<string, string>> = {
  CIS2001: 'Use DNS names such as `reviews`, `reviews.prod.svc.cluster.local` or `*.example.com` (a wildcard only as the whole first label).',
  CIS2002: 'Refer to a Gateway as `namespace/name`, or `mesh` for the sidecars.',
  CIS2003: 'Every route destination needs `destination.host`; weights are 0 or more and, with several destinations, not all 0.',
  CIS2004: 'Use RE2 syntax (no look-around or back-references) and at most 1024 bytes.',
  CIS2005: 'Header names are RFC 7230 tokens; pseudo-headers and Host cannot be changed; write a literal % as %%.',
  CIS2006: 'retryOn takes comma-separated Envoy retry conditions or status codes; retry settings need attempts > 0.',
  CIS2007: 'Ports are 1..65535, port names DNS labels (`http`, `tcp-db`), protocols one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TCP, TLS, UDP, Mongo, Redis, MySQL.',
  CIS2008: 'Write durations like `10s`, `500ms` or `1m30s`: no space, at least 1ms, whole milliseconds.',
  CIS2009: 'Label keys and values are Kubernetes label syntax; selectors match exact values, without `*`.',
  CIS2010: 'exportTo takes `.`, `*` or namespace names, each once; `*` alone.',
  CIS2011: 'Subset names are DNS-1123 labels (lowercase letters, digits, `-`), each once.',
  CIS2012: 'An HTTP route has exactly one of route, redirect, directResponse or (in a root VirtualService) delegate.',
  CIS2013: 'Remove empty matches; prefixes and regexes must not be empty.',
  CIS2014: 'Order rules from the most specific match to the least; a rule without match catches everything and must come last.',
  CIS2015: 'CORS origins need exact, prefix or regex; methods are upper-case HTTP methods.',
  CIS2016: 'A fault needs an abort (httpStatus 200..599 or a gRPC status) or a fixedDelay; percentages are 0..100.',
  CIS2017: 'Check the redirect (uri, authority, scheme or port; code 3xx), the rewrite and the direct response status (200..599).',
  CIS2018: 'Give TLS what its mode needs: credentialName (or certificate and key files) for SIMPLE/MUTUAL, nothing for ISTIO_MUTUAL.',
  CIS2019: 'A Gateway needs servers, each with a named port, hosts and TLS settings matching its protocol.',
  CIS2020: 'Set at least one field in each traffic policy block; counts are non-negative and percentages 0..100.',
  CIS2021: 'Use the replacement field named in the message.',
  CIS2022: 'Use either distribute (weights adding up to 100) or failover between different regions, with outlierDetection.',
  CIS2023: 'Sidecar listeners need valid ports, unique port numbers, and binds that are IP addresses or unix sockets.',
  CIS2024: 'Write hosts as `namespace/dnsName`: `./*`, `istio-system/*`, `*/*.example.com`.',
  CIS2025: 'Match the resolution to the hosts: DNS needs resolvable names or endpoints, STATIC needs IP endpoints, NONE takes no endpoints.',
  CIS2026: 'Use IP addresses (`10.0.0.1`), CIDR blocks (`10.0.0.0/16`) or `unix:///absolute/path`.',
  CIS2027: 'A WorkloadEntry needs an address; a WorkloadGroup needs a template and a probe with httpGet, tcpSocket or exec.',
  CIS2028: 'DENY and CUSTOM policies need rules (`rules: [{}]` matches everything); a provider goes with action CUSTOM only.',
  CIS2029: 'Rules need non-empty sources, operations and values; `when` keys are Istio attributes such as `request.auth.claims[iss]`.',
  CIS2030: 'Add `ports` to the operation so that the DENY only applies to HTTP ports.',
  CIS2031: 'A JWT rule needs an issuer or a jwksUri (http or https); locations and output headers need names.',
  CIS2032: 'Port-level mTLS needs a selector with matchLabels; ports are 1..65535.',
  CIS2033: 'Use either `selector` or `targetRefs` (to a Service, ServiceEntry, Gateway or GatewayClass in the same namespace).',
  CIS2034: 'Name each provider; sampling percentages are 0..100; access-log filters are CEL expressions.',
  CIS2035: 'The url is oci://, https://, http:// or file://; sha256 is 64 hex characters; env names are unique.',
  CIS2036: 'Each patch needs applyTo, patch.operation and (unless REMOVE) patch.value, with a match of the same class.',
  CIS2037: 'concurrency is 0 or more.',
  CIS2038: 'Remove the annotation.',
  CIS2039: 'Use a DNS label (lowercase letters, digits, `-`) as the name.',
  CIS2040: 'A VirtualService needs http, tcp or tls routes; one without hosts is a delegate and takes only http routes.',
};
