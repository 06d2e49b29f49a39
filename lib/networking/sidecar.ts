import { Construct } from 'constructs';
import { checkHosts, checkNonEmpty, nonEmpty } from './checks';
import { IDestination, renderDestination } from './destination';
import { OutboundTrafficMode } from './outbound-traffic-mode';
import { PortOptions, Protocol, renderPort } from './port';
import { ServerTls, ServerTlsMode } from './tls';
import { ConnectionPool, renderConnectionPool } from './traffic-policy';
import type { SidecarSpec, SidecarSpecEgress, SidecarSpecIngress, SidecarSpecOutboundTrafficPolicyEgressProxy } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { detachOnError, fieldError, withConfigErrors } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';
import { WorkloadSelector } from '../core/workload-selector';

/** How traffic reaches a sidecar listener. */
export enum CaptureMode {
  /** The mesh's default capture. */
  DEFAULT = 'DEFAULT',
  /** Captured by iptables redirection. */
  IPTABLES = 'IPTABLES',
  /** Not captured: the application connects to the listener explicitly. */
  NONE = 'NONE',
}

/** Hosts a sidecar can reach, optionally on one port. */
export interface SidecarEgressOptions {
  /**
   * Hosts as `namespace/dnsName`: `./*` (own namespace), `istio-system/*`, `*\/api.example.com`,
   * `./reviews.default.svc.cluster.local`.
   */
  readonly hosts: string[];
  /**
   * The port the listener applies to.
   * @default - every port (a catch-all listener; at most one, listed last)
   */
  readonly port?: PortOptions;
  /**
   * The address the listener binds to.
   * @default - chosen from the port and capture mode
   */
  readonly bind?: string;
  /**
   * How traffic reaches the listener.
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
}

/** An inbound listener of the sidecar. */
export interface SidecarIngressOptions {
  /** The port it listens on. */
  readonly port: PortOptions;
  /**
   * Where the sidecar forwards, `127.0.0.1:PORT`, `0.0.0.0:PORT` or `unix:///path`.
   * @default - the workload's IP at the same port
   */
  readonly defaultEndpoint?: string;
  /**
   * The address the listener binds to.
   * @default - the workload's address
   */
  readonly bind?: string;
  /**
   * How traffic reaches the listener.
   * @default CaptureMode.DEFAULT
   */
  readonly captureMode?: CaptureMode;
  /**
   * TLS the listener terminates (instead of mesh mTLS).
   * @default - mesh mTLS
   */
  readonly tls?: ServerTls;
  /**
   * Limits on inbound connections.
   * @default - the Sidecar's inboundConnectionPool
   */
  readonly connectionPool?: ConnectionPool;
}

/** The outbound traffic policy of a Sidecar. */
export interface OutboundTrafficPolicy {
  /** Whether unknown hosts are reachable. */
  readonly mode: OutboundTrafficMode;
  /**
   * Send traffic to unknown hosts through this destination (ALLOW_ANY only), e.g. an egress gateway.
   * @default - directly
   */
  readonly egressProxy?: IDestination;
}

/** Props of a Sidecar. */
export interface SidecarProps extends IstioResourceProps {
  /**
   * The workloads the Sidecar applies to.
   * @default - every workload of the namespace without a more specific Sidecar
   */
  readonly workloadSelector?: WorkloadSelector;
  /**
   * Outbound listeners. More can be added with `addEgress()`.
   * @default - the mesh's default: every host
   */
  readonly egress?: SidecarEgressOptions[];
  /**
   * Inbound listeners. More can be added with `addIngress()`.
   * @default - derived from the workload's ports
   */
  readonly ingress?: SidecarIngressOptions[];
  /**
   * What happens to traffic to hosts outside the registry.
   * @default - the mesh's outboundTrafficPolicy (ALLOW_ANY unless configured)
   */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicy;
  /**
   * Limits on inbound connections for all ingress listeners.
   * @default - Envoy's defaults
   */
  readonly inboundConnectionPool?: ConnectionPool;
}

/**
 * Istio's Sidecar: limits what a workload's proxy sees and accepts, to cut its memory and push
 * size, and sets its outbound traffic policy.
 *
 * @example new Sidecar(chart, 'default', { egress: [{ hosts: ['./*', 'istio-system/*'] }] })
 */
export class Sidecar extends IstioResource<SidecarSpec> {
  private readonly options: SidecarProps;
  private readonly egress: SidecarEgressOptions[] = [];
  private readonly ingress: SidecarIngressOptions[] = [];

  /** @throws when a listener is invalid, or an egress proxy is given without ALLOW_ANY */
  public constructor(scope: Construct, id: string, props: SidecarProps = {}) {
    super(scope, id, { api: NETWORKING_API, kind: 'Sidecar' }, props);
    this.options = props;
    const o = props.outboundTrafficPolicy;
    detachOnError(this, () => {
      if (o?.egressProxy && o.mode !== OutboundTrafficMode.ALLOW_ANY) {
        throw fieldError('spec.outboundTrafficPolicy.egressProxy', 'needs mode ALLOW_ANY.');
      }
      if (props.inboundConnectionPool) renderConnectionPool(props.inboundConnectionPool, 'spec.inboundConnectionPool');
      for (const e of props.egress ?? []) this.addEgress(e);
      for (const i of props.ingress ?? []) this.addIngress(i);
    });
  }

  /**
   * Adds an outbound listener.
   * @throws when a host lacks its namespace, or a second catch-all listener (without port) is added
   */
  public addEgress(egress: SidecarEgressOptions): this {
    withConfigErrors(this, () => this.checkEgress(egress));
    this.egress.push(egress);
    return this;
  }

  /** Adds an inbound listener. */
  public addIngress(ingress: SidecarIngressOptions): this {
    withConfigErrors(this, () => this.checkIngress(ingress));
    this.ingress.push(ingress);
    return this;
  }

  private checkEgress(egress: SidecarEgressOptions): void {
    const what = `spec.egress[${this.egress.length}]`;
    if (!egress.hosts || egress.hosts.length === 0) throw fieldError(what, 'needs at least one host, e.g. \'./*\'.');
    checkHosts(egress.hosts, `${what}.hosts`, { requireNamespace: true });
    if (egress.port) {
      renderPort(egress.port, `${what}.port`, 'Sidecar');
      this.checkUniquePort(this.egress, egress.port, what);
    } else if (this.egress.some((e) => !e.port)) {
      throw fieldError(what, 'only one egress listener may omit its port (the catch-all).');
    }
  }

  private checkIngress(ingress: SidecarIngressOptions): void {
    const what = `spec.ingress[${this.ingress.length}]`;
    renderPort(ingress.port, `${what}.port`, 'Sidecar');
    this.checkUniquePort(this.ingress, ingress.port, what);
    if (ingress.defaultEndpoint !== undefined) checkNonEmpty(ingress.defaultEndpoint, `${what}.defaultEndpoint`);
    const tls = ingress.tls;
    if (tls) {
      if (![Protocol.HTTPS, Protocol.TLS].includes(ingress.port.protocol)) {
        throw fieldError(what, `tls needs an HTTPS or TLS port, not ${ingress.port.protocol}.`);
      }
      if (tls.mode === ServerTlsMode.ISTIO_MUTUAL || tls.mode === ServerTlsMode.AUTO_PASSTHROUGH) {
        throw fieldError(what, `TLS mode ${tls.mode} cannot be used on a Sidecar ingress listener.`);
      }
      if (tls.credentialName !== undefined) {
        throw fieldError(what, 'Sidecar ingress TLS cannot read a Kubernetes Secret (credentialName); use ServerTls.simpleFromFiles() or mutualFromFiles().');
      }
      if (tls.subjectAltNames) {
        throw fieldError(what, 'Sidecar ingress TLS does not support subjectAltNames.');
      }
    }
    if (ingress.connectionPool) renderConnectionPool(ingress.connectionPool, `${what}.connectionPool`);
  }

  private renderEgressProxy(proxy: IDestination): Wire<SidecarSpecOutboundTrafficPolicyEgressProxy> {
    const rendered = renderDestination(proxy, this.namespace);
    if (rendered.port === undefined) {
      throw fieldError('spec.outboundTrafficPolicy.egressProxy', "needs a port, e.g. Destination.host('egress', { port: 443 }).");
    }
    return rendered;
  }

  private checkUniquePort(listeners: readonly { readonly port?: PortOptions }[], port: PortOptions, what: string): void {
    if (listeners.some((l) => l.port?.number === port.number)) {
      throw fieldError(what, `port ${port.number} already has a listener; ports must be unique.`);
    }
  }

  protected renderSpec(): Wire<SidecarSpec> {
    const p = this.options;
    // The catch-all egress listener must come last.
    const egress = [...this.egress.filter((e) => e.port), ...this.egress.filter((e) => !e.port)];
    const o = p.outboundTrafficPolicy;
    return dropUndefined({
      workloadSelector: p.workloadSelector && { labels: p.workloadSelector.labelsAt('spec.workloadSelector.labels') },
      ingress: nonEmpty(this.ingress)?.map((i, n) => dropUndefined<Wire<SidecarSpecIngress>>({
        port: renderPort(i.port, `spec.ingress[${n}].port`, 'Sidecar'),
        bind: i.bind,
        captureMode: i.captureMode,
        defaultEndpoint: i.defaultEndpoint,
        tls: i.tls?.toJson(),
        connectionPool: i.connectionPool && renderConnectionPool(i.connectionPool, `spec.ingress[${n}].connectionPool`),
      })),
      egress: nonEmpty(egress)?.map((e, n) => dropUndefined<Wire<SidecarSpecEgress>>({
        port: e.port && renderPort(e.port, `spec.egress[${n}].port`, 'Sidecar'),
        bind: e.bind,
        captureMode: e.captureMode,
        hosts: [...e.hosts],
      })),
      outboundTrafficPolicy: o && dropUndefined({ mode: o.mode, egressProxy: o.egressProxy && this.renderEgressProxy(o.egressProxy) }),
      inboundConnectionPool: p.inboundConnectionPool && renderConnectionPool(p.inboundConnectionPool, 'spec.inboundConnectionPool'),
    });
  }
}
