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

/** Ports Istio does not sniff: an unrecognised name on them means TCP (`wellKnownPorts`, pkg/config/kube/conversion.go). */
const WELL_KNOWN_PORTS: ReadonlySet<number> = new Set([25, 53, 3306, 27017]);

/** The `kubernetes.io/` appProtocols Istio reads (only as appProtocol: a port name cannot have them). */
const KUBERNETES_APP_PROTOCOLS: ReadonlyMap<string, IstioProtocol> = new Map([
  ['kubernetes.io/h2c', 'HTTP2'], ['kubernetes.io/ws', 'HTTP'], ['kubernetes.io/wss', 'HTTPS'],
]);

/** A Kubernetes Service port, as far as Istio reads its protocol. */
export interface ServicePortProtocolInput {
  /** The Service port number. */
  readonly port: number;
  /** The port's name (`''` when unnamed). */
  readonly name: string;
  /** `TCP`, `UDP` or `SCTP` (unset means TCP). */
  readonly protocol?: string;
  /** `appProtocol`, when set; it wins over the name. */
  readonly appProtocol?: string;
}

/**
 * A Service port's protocol as Istio reads it (`kube.ConvertProtocol`, pkg/config/kube/conversion.go; its
 * TestConvertProtocol): UDP by its Kubernetes protocol; else `appProtocol` over the name (`kubernetes.io/h2c`, `/ws`,
 * `/wss` by their meaning); a `grpc-web` prefix; the part before the first `-`; an unrecognised name is sniffed,
 * except on 25, 53, 3306 and 27017, which are TCP.
 */
export function servicePortProtocol(port: ServicePortProtocolInput): ParsedProtocol {
  if (port.protocol === 'UDP') return 'UDP';
  const name = port.appProtocol || port.name;
  const kubernetes = port.appProtocol ? KUBERNETES_APP_PROTOCOLS.get(port.appProtocol) : undefined;
  if (kubernetes) return kubernetes;
  if (name.slice(0, 'grpc-web'.length).toLowerCase() === 'grpc-web') return 'GRPC-Web';
  const dash = name.indexOf('-');
  const parsed = parseProtocol(dash >= 0 ? name.slice(0, dash) : name);
  return parsed === 'Unsupported' && WELL_KNOWN_PORTS.has(port.port) ? 'TCP' : parsed;
}
