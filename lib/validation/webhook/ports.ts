import { isDNS1123Label } from './labels';
import { ISTIO_PROTOCOLS, parseProtocol } from '../../vocab/protocol';

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
export const PROTOCOL_HINT = `Use one of ${ISTIO_PROTOCOLS.filter((p) => p !== 'HTTP_PROXY').join(', ')}.`;
