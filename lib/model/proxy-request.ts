import { identityNamespace } from '../vocab/identity';

/** A request as the destination's proxy sees it, after mTLS and JWT validation: what authorization rules match. */
export interface ProxyRequest {
  /** The mTLS peer identity without `spiffe://`, e.g. `cluster.local/ns/shop/sa/frontend`. @default - plaintext, no peer identity */
  readonly principal?: string;
  /** The peer's IP address. @default - unknown: IP rules do not match */
  readonly sourceIp?: string;
  /** The original client IP (`remoteIpBlocks`, `remote.ip`). @default - the source IP */
  readonly remoteIp?: string;
  /** The payload of a JWT the RequestAuthentication validated. @default - no validated token */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** The `Host` (`:authority`) header. @default - none */
  readonly host?: string;
  /** The HTTP method. */
  readonly method: string;
  /** The request path (a query string is ignored by path rules). */
  readonly path: string;
  /** The port the workload receives the request on (the Service's target port). */
  readonly port: number;
  /** Request headers, names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The TLS server name the client sent. @default - none */
  readonly sni?: string;
  /** Whether the port carries HTTP (false: the TCP filter chain, where HTTP-only rules cannot apply). */
  readonly http: boolean;
}

/** The request principal of a validated token: `iss/sub`, when both claims are non-empty strings. */
export function requestPrincipalOf(claims: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const iss = claims?.iss;
  const sub = claims?.sub;
  return typeof iss === 'string' && iss && typeof sub === 'string' && sub ? `${iss}/${sub}` : undefined;
}

/** The namespace part of a SPIFFE identity (`td/ns/NS/sa/SA`), `''` for none. */
export function namespaceOfPrincipal(principal: string | undefined): string {
  return identityNamespace(principal) ?? '';
}
