import { checkNonEmpty, checkPort } from './checks';
import type { GatewaySpecServersPort } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';
import { ProtocolSpelling } from '../vocab/protocol';

/** The protocol a port speaks, as Istio names it (a member that is not one of Istio's protocols in lib/vocab/protocol.ts fails tsc in `renderPort`). */
export enum Protocol {
  /** Plain HTTP/1.1 (or HTTP/2 with prior knowledge). */
  HTTP = 'HTTP',
  /** HTTP over TLS; on a Gateway it needs `tls`. */
  HTTPS = 'HTTPS',
  /** HTTP/2. */
  HTTP2 = 'HTTP2',
  /** gRPC. */
  GRPC = 'GRPC',
  /** gRPC-Web. */
  GRPC_WEB = 'GRPC-Web',
  /** MongoDB wire protocol. */
  MONGO = 'MONGO',
  /** Opaque TCP. */
  TCP = 'TCP',
  /** TLS, routed by SNI; on a Gateway it needs `tls`. */
  TLS = 'TLS',
  /** UDP (ServiceEntry and Sidecar only). */
  UDP = 'UDP',
}

/** A named port with a protocol, as Gateway servers, ServiceEntries and Sidecar listeners declare it. */
export interface PortOptions {
  /** The port number, 1 to 65535. */
  readonly number: number;
  /** The protocol spoken on the port. */
  readonly protocol: Protocol;
  /**
   * The port's name.
   * @default - the protocol in lower case and the number, e.g. `http-8080`
   */
  readonly name?: string;
  /**
   * The port on the endpoint that receives the traffic, when it differs from `number` (ServiceEntry
   * ports only: Gateways and Sidecars reject it).
   * @default - the same as `number`
   */
  readonly targetPort?: number;
}

/**
 * Checks and renders a port as `{ number, name, protocol, targetPort }`.
 * @param listener the kind of listener (`Gateway`, `Sidecar`) when `targetPort` has no effect there and is rejected
 */
export function renderPort(port: PortOptions, what: string, listener?: string): Wire<GatewaySpecServersPort> {
  checkPort(port.number, `${what}.number`);
  if (port.targetPort !== undefined) {
    if (listener) throw fieldError(`${what}.targetPort`, `has no effect on ${listener} listeners; remove it.`);
    checkPort(port.targetPort, `${what}.targetPort`);
  }
  const name = port.name ?? `${port.protocol.toLowerCase()}-${port.number}`;
  checkNonEmpty(name, `${what}.name`);
  return dropUndefined({ number: port.number, name, protocol: port.protocol satisfies ProtocolSpelling, targetPort: port.targetPort });
}
