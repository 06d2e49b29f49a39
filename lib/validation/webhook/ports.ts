import { isDNS1123Label } from './labels';

/** Istio's protocols (`protocol.Parse`); anything else is unsupported. Case-insensitive. */
export type Protocol = 'TCP' | 'UDP' | 'GRPC' | 'GRPC-Web' | 'HTTP' | 'HTTP_PROXY' | 'HTTP2' | 'HTTPS' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL' | 'Unsupported';

const PROTOCOLS: Readonly<Record<string, Protocol>> = {
  'tcp': 'TCP',
  'udp': 'UDP',
  'grpc': 'GRPC',
  'grpc-web': 'GRPC-Web',
  'http': 'HTTP',
  'http_proxy': 'HTTP_PROXY',
  'http2': 'HTTP2',
  'https': 'HTTPS',
  'tls': 'TLS',
  'mongo': 'Mongo',
  'redis': 'Redis',
  'mysql': 'MySQL',
};

/** Parses a protocol name as Istio does. */
export function parseProtocol(name: string): Protocol {
  return PROTOCOLS[name.toLowerCase()] ?? 'Unsupported';
}

/** HTTP, HTTP2, HTTP_PROXY, GRPC, GRPC-Web. */
export function isHTTPProtocol(p: Protocol): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-Web';
}

/** HTTPS, TLS. */
export function isTLSProtocol(p: Protocol): boolean {
  return p === 'HTTPS' || p === 'TLS';
}

/** TCP, HTTPS, TLS, Mongo, Redis, MySQL. */
export function isTCPProtocol(p: Protocol): boolean {
  return p === 'TCP' || p === 'HTTPS' || p === 'TLS' || p === 'Mongo' || p === 'Redis' || p === 'MySQL';
}

/** Why a port number is out of range, or undefined. */
export function portError(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`;
}

/** Why a port name is not a DNS-1123 label, or undefined. */
export function portNameError(name: string): string | undefined {
  return isDNS1123Label(name) ? undefined : `invalid port name: ${JSON.stringify(name)}`;
}

/** Why a protocol is unknown (empty is fine: protocol sniffing), or undefined. */
export function protocolError(name: string): string | undefined {
  return name !== '' && parseProtocol(name) === 'Unsupported' ? `unsupported protocol: ${name}` : undefined;
}

/** The hint for a bad protocol. */
export const PROTOCOL_HINT = 'Use one of HTTP, HTTPS, HTTP2, GRPC, GRPC-Web, TCP, TLS, UDP, Mongo, Redis, MySQL.';
