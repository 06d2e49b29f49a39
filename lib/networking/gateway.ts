import { Construct } from 'constructs';
import { checkHosts } from './checks';
import { IGatewayTarget } from './gateway-target';
import { PortOptions, Protocol, renderPort } from './port';
import { ServerTls, ServerTlsMode } from './tls';
import type { GatewaySpec, GatewaySpecServers } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { configError, detachOnError, fieldError, withConfigErrors } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/**
 * A server of a Gateway: a port, the hosts it serves, and its TLS.
 * @example { port: { number: 443, name: 'https', protocol: Protocol.HTTPS }, hosts: ['bookinfo.example.com'], tls: ServerTls.simple('bookinfo-secret') }
 */
export interface GatewayServerOptions {
  /** The port the gateway listens on. */
  readonly port: PortOptions;
  /**
   * The hosts served, at least one: `example.com`, `*.example.com`, `*`, or `namespace/host` to
   * accept VirtualServices only from that namespace (`./host` for the gateway's own).
   */
  readonly hosts: string[];
  /**
   * TLS of the server; required for HTTPS and TLS ports, not allowed on plain-text ports.
   * @default - no TLS
   */
  readonly tls?: ServerTls;
  /**
   * Answer plain HTTP requests with a 301 redirect to HTTPS (HTTP servers only).
   * @default false
   */
  readonly httpsRedirect?: boolean;
  /**
   * A name for the server.
   * @default - none
   */
  readonly name?: string;
  /**
   * The IP address or Unix socket the listener binds to.
   * @default - all addresses
   */
  readonly bind?: string;
}

/** Props of a Gateway. */
export interface GatewayProps extends IstioResourceProps {
  /**
   * Labels of the gateway pods that apply this configuration.
   * @default { istio: 'ingressgateway' }
   */
  readonly selector?: { [key: string]: string };
  /**
   * The servers. More can be added with `addServer()`.
   * @default - none
   */
  readonly servers?: GatewayServerOptions[];
}

const TLS_PROTOCOLS = new Set<Protocol>([Protocol.HTTPS, Protocol.TLS]);
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Istio's Gateway: ports, hosts and TLS of a gateway deployment (an ingress or egress gateway).
 * VirtualServices attach to it by passing the construct in their `gateways`.
 *
 * @example
 * const gw = new Gateway(chart, 'gw', { metadata: { name: 'bookinfo-gateway' } });
 * gw.addServer({ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['bookinfo.example.com'], httpsRedirect: true });
 * gw.addServer({ port: { number: 443, name: 'https', protocol: Protocol.HTTPS }, hosts: ['bookinfo.example.com'], tls: ServerTls.simple('bookinfo-secret') });
 */
export class Gateway extends IstioResource<GatewaySpec> implements IGatewayTarget {
  private readonly selector: { [key: string]: string };
  private readonly servers: GatewayServerOptions[] = [];

  /** @throws when a server is invalid (see `addServer()`) */
  public constructor(scope: Construct, id: string, props: GatewayProps = {}) {
    super(scope, id, { api: NETWORKING_API, kind: 'Gateway' }, props);
    this.selector = { ...(props.selector ?? { istio: 'ingressgateway' }) };
    detachOnError(this, () => {
      for (const s of props.servers ?? []) this.addServer(s);
    });
  }

  /**
   * Adds a server.
   * @throws when hosts are missing or malformed, the port is invalid, TLS does not fit the protocol, or the port name is taken
   */
  public addServer(server: GatewayServerOptions): this {
    return withConfigErrors(this, () => this.checkAndAddServer(server));
  }

  private checkAndAddServer(server: GatewayServerOptions): this {
    const what = `spec.servers[${this.servers.length}]`;
    if (!server.hosts || server.hosts.length === 0) {
      throw fieldError(what, 'needs at least one host (use \'*\' for any).');
    }
    checkHosts(server.hosts, `${what}.hosts`);
    const port = renderPort(server.port, `${what}.port`, 'Gateway');
    const protocol = server.port.protocol;
    if (TLS_PROTOCOLS.has(protocol) && !server.tls) {
      throw fieldError(what, `a ${protocol} server needs tls, e.g. ServerTls.simple('my-credential') or ServerTls.passthrough().`);
    }
    if (!TLS_PROTOCOLS.has(protocol) && server.tls) {
      throw fieldError(what, `a ${protocol} server is plain text and takes no tls; use protocol HTTPS or TLS.`);
    }
    if (server.tls?.mode === ServerTlsMode.AUTO_PASSTHROUGH && protocol !== Protocol.TLS) {
      throw fieldError(what, 'AUTO_PASSTHROUGH works only on a TLS server.');
    }
    if (server.httpsRedirect && protocol !== Protocol.HTTP) {
      throw fieldError(what, 'httpsRedirect applies to HTTP servers only.');
    }
    const taken = this.servers.find((s) => renderPort(s.port, '').name === port.name);
    if (taken) {
      throw fieldError(what, `port name '${port.name}' is already used by another server of this Gateway; port names must be unique.`);
    }
    this.servers.push(server);
    return this;
  }

  /** `name` seen from the Gateway's namespace, `namespace/name` from another one. */
  public gatewayReference(fromNamespace?: string): string {
    const ns = this.namespace;
    return ns !== undefined && ns !== fromNamespace ? `${ns}/${this.name}` : this.name;
  }

  protected renderSpec(): Wire<GatewaySpec> {
    if (this.servers.length === 0) {
      throw configError(this, { field: 'spec.servers', problem: 'the Gateway has no servers', fix: 'Add one with addServer().' });
    }
    if (!DNS_LABEL.test(this.name)) {
      throw configError(this, { field: 'metadata.name', problem: `Gateway name '${this.name}' must be a DNS label`, fix: "Use lower-case letters, digits and '-', at most 63 characters, no dots." });
    }
    return {
      selector: { ...this.selector },
      servers: this.servers.map((s, i) => dropUndefined<Wire<GatewaySpecServers>>({
        port: renderPort(s.port, `spec.servers[${i}].port`, 'Gateway'),
        bind: s.bind,
        hosts: [...s.hosts],
        tls: s.httpsRedirect ? { httpsRedirect: true } : s.tls?.toJson(),
        name: s.name,
      })),
    };
  }
}
