/**
 * Istio's port protocols: the names `protocol.Parse` knows (pkg/config/protocol/instance.go), read
 * case-insensitively. Any other name is unsupported, and the proxy sniffs the protocol.
 */

/**
 * The protocols, as Istio spells them (`GRPC-Web`, `Mongo`). HTTP_PROXY (for Sidecar egress listeners
 * only) comes last, so the list before it is the one to suggest.
 */
export const ISTIO_PROTOCOLS = ['HTTP', 'HTTPS', 'HTTP2', 'GRPC', 'GRPC-Web', 'TCP', 'TLS', 'UDP', 'Mongo', 'Redis', 'MySQL', 'HTTP_PROXY'] as const;

/** One of Istio's protocols, as Istio spells it. */
export type IstioProtocol = typeof ISTIO_PROTOCOLS[number];

/** A protocol name as Istio reads it: one of its protocols, or unsupported (sniffed). */
export type ParsedProtocol = IstioProtocol | 'Unsupported';

/** How a protocol may be written in config, which Istio reads case-insensitively: as Istio spells it or in capitals (`MONGO`). */
export type ProtocolSpelling = IstioProtocol | Uppercase<IstioProtocol>;

const BY_LOWER_CASE: ReadonlyMap<string, IstioProtocol> = new Map(ISTIO_PROTOCOLS.map((p) => [p.toLowerCase(), p]));

/** Reads a protocol name as Istio does (`protocol.Parse`). */
export function parseProtocol(name: string): ParsedProtocol {
  return BY_LOWER_CASE.get(name.toLowerCase()) ?? 'Unsupported';
}

/** HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-Web (`IsHTTP`). */
export function isHttpProtocol(p: ParsedProtocol): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-Web';
}

/** HTTP or unsupported, which the proxy sniffs (`IsHTTPOrSniffed`). */
export function isHttpOrSniffed(p: ParsedProtocol): boolean {
  return isHttpProtocol(p) || p === 'Unsupported';
}

/** HTTPS, TLS (`IsTLS`). */
export function isTlsProtocol(p: ParsedProtocol): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

/** TCP, HTTPS, TLS, Mongo, Redis, MySQL (`IsTCP`). */
export function isTcpProtocol(p: ParsedProtocol): boolean {
  return p === 'TCP' || isTlsProtocol(p) || p === 'Mongo' || p === 'Redis' || p === 'MySQL';
}
