import { Construct } from 'constructs';
import { isGatewayApiHostname } from './hostname';
import { IRouteParent, ISecretRef, ParentReference, withNamespaceIfOther } from './references';
import type {
  GatewaySpec, GatewaySpecAllowedListeners, GatewaySpecAllowedListenersNamespaces, GatewaySpecListeners, GatewaySpecListenersAllowedRoutes,
  GatewaySpecListenersAllowedRoutesKinds, GatewaySpecListenersAllowedRoutesNamespaces,
} from '../../imports/gateway.networking.k8s.io';
import { ConfigProblem, configError, detachOnError, fieldError, throwIfProblems } from '../core/errors';
import { GATEWAY_API, GATEWAY_API_GROUP } from '../core/gateway-api';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined, sortedRecord } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** The protocol of a listener. */
export enum ListenerProtocol {
  /** Plain-text HTTP: HTTPRoutes and GRPCRoutes attach. */
  HTTP = 'HTTP',
  /** HTTP over TLS terminated at the gateway (needs `tls` with certificates). */
  HTTPS = 'HTTPS',
  /** TLS: TLSRoutes attach (passthrough), or TCPRoutes (terminated). */
  TLS = 'TLS',
  /** Plain TCP: TCPRoutes attach. */
  TCP = 'TCP',
  /** UDP: UDPRoutes attach. */
  UDP = 'UDP',
  /** Istio's HBONE (the ambient tunnel, port 15008 of a waypoint). */
  HBONE = 'HBONE',
}

/** Whether a TLS listener terminates TLS or passes it through. */
export enum ListenerTlsMode {
  /** The gateway terminates TLS with the listener's certificates. */
  TERMINATE = 'Terminate',
  /** The gateway routes on SNI and passes the TLS stream on (TLS listeners only). */
  PASSTHROUGH = 'Passthrough',
}

/** TLS of a listener. */
export interface ListenerTls {
  /**
   * Terminate or pass through.
   * @default ListenerTlsMode.TERMINATE
   */
  readonly mode?: ListenerTlsMode;
  /**
   * The Secrets with the certificate and key (Terminate). A Secret in another namespace needs a ReferenceGrant there.
   * @default - none (required for Terminate)
   */
  readonly certificates?: ISecretRef[];
  /**
   * Implementation-specific TLS options.
   * @default - none
   */
  readonly options?: { [key: string]: string };
}

/** Which routes may attach to a listener. */
export class AllowedRoutes {
  /** Routes of the Gateway's namespace only (the Gateway API's default). */
  public static sameNamespace(kinds?: string[]): AllowedRoutes {
    return new AllowedRoutes({ from: 'Same' }, kinds);
  }

  /** Routes of every namespace. */
  public static allNamespaces(kinds?: string[]): AllowedRoutes {
    return new AllowedRoutes({ from: 'All' }, kinds);
  }

  /** Routes of the namespaces whose labels match. */
  public static namespacesWithLabels(matchLabels: { [key: string]: string }, kinds?: string[]): AllowedRoutes {
    if (Object.keys(matchLabels).length === 0) throw new Error('AllowedRoutes.namespacesWithLabels needs at least one label; use allNamespaces() for every namespace.');
    return new AllowedRoutes({ from: 'Selector', selector: { matchLabels: sortedRecord(matchLabels) } }, kinds);
  }

  private constructor(private readonly namespaces: Wire<GatewaySpecListenersAllowedRoutesNamespaces>, private readonly kinds?: string[]) {}

  /** The `allowedRoutes` object. */
  public toJson(): Wire<GatewaySpecListenersAllowedRoutes> {
    return dropUndefined({
      namespaces: { ...this.namespaces },
      kinds: this.kinds?.map((kind): Wire<GatewaySpecListenersAllowedRoutesKinds> => ({ group: GATEWAY_API_GROUP, kind })),
    });
  }
}

/** Which ListenerSets may add listeners to a Gateway (its `allowedListeners`; the Gateway API allows none by default). */
export class AllowedListeners {
  /** ListenerSets of the Gateway's namespace. */
  public static sameNamespace(): AllowedListeners {
    return new AllowedListeners({ from: 'Same' });
  }

  /** ListenerSets of every namespace. */
  public static allNamespaces(): AllowedListeners {
    return new AllowedListeners({ from: 'All' });
  }

  /** ListenerSets of the namespaces whose labels match. */
  public static namespacesWithLabels(matchLabels: { [key: string]: string }): AllowedListeners {
    if (Object.keys(matchLabels).length === 0) throw new Error('AllowedListeners.namespacesWithLabels needs at least one label; use allNamespaces() for every namespace.');
    return new AllowedListeners({ from: 'Selector', selector: { matchLabels: sortedRecord(matchLabels) } });
  }

  private constructor(private readonly namespaces: Wire<GatewaySpecAllowedListenersNamespaces>) {}

  /** Whether a ListenerSet in `namespace` may attach to a Gateway in `gatewayNamespace` (undefined: decided by namespace labels). */
  public allows(namespace: string | undefined, gatewayNamespace: string | undefined): boolean | undefined {
    if (this.namespaces.from === 'All') return true;
    if (this.namespaces.from === 'Same') return namespace === gatewayNamespace;
    return undefined;
  }

  /** The `allowedListeners` object. */
  public toJson(): Wire<GatewaySpecAllowedListeners> {
    return { namespaces: { ...this.namespaces } };
  }
}

/** A listener of a Gateway. */
export interface ListenerOptions {
  /** The listener's name, unique in the Gateway; routes attach to it by this name (`sectionName`). */
  readonly name: string;
  /** The port. */
  readonly port: number;
  /** The protocol. */
  readonly protocol: ListenerProtocol;
  /**
   * The host name served (`shop.example.com`, `*.example.com`); not for TCP and UDP.
   * @default - every host
   */
  readonly hostname?: string;
  /**
   * TLS: required for HTTPS and TLS, not allowed for HTTP, TCP and UDP.
   * @default - none
   */
  readonly tls?: ListenerTls;
  /**
   * Which routes may attach.
   * @default AllowedRoutes.sameNamespace()
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/** Props of a KubernetesGateway. */
export interface KubernetesGatewayProps extends IstioResourceProps {
  /**
   * The GatewayClass: `istio` deploys an Envoy gateway, `istio-waypoint` an ambient waypoint,
   * `istio-remote` uses a gateway of another cluster.
   * @default 'istio'
   */
  readonly gatewayClassName?: string;
  /**
   * The listeners. More can be added with `addListener()`.
   * @default - none
   */
  readonly listeners?: ListenerOptions[];
  /**
   * Addresses asked for the gateway (IP addresses or host names).
   * @default - assigned by the implementation
   */
  readonly addresses?: string[];
  /**
   * Which ListenerSets may add listeners to this Gateway.
   * @default - none (the Gateway API's default)
   */
  readonly allowedListeners?: AllowedListeners;
}

const TLS_REQUIRED = new Set<string>([ListenerProtocol.HTTPS, ListenerProtocol.TLS]);
const NO_TLS = new Set<string>([ListenerProtocol.HTTP, ListenerProtocol.TCP, ListenerProtocol.UDP]);
const NO_HOSTNAME = new Set<string>([ListenerProtocol.TCP, ListenerProtocol.UDP]);
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IPV4ISH = /^\d+(\.\d+){3}$/;

/**
 * What is wrong with one more listener beside `existing` (of a Gateway or a ListenerSet), reported at `at`.
 * @internal
 */
export function listenerProblems(existing: readonly ListenerOptions[], listener: ListenerOptions, at: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (!SECTION_NAME.test(listener.name) || listener.name.length > 253) {
    problems.push({ field: `${at}.name`, problem: `'${listener.name}' is not a valid listener name`, fix: 'Use lower-case letters, digits, \'-\' and \'.\' (e.g. \'https\').' });
  }
  if (existing.some((l) => l.name === listener.name)) {
    problems.push({ field: `${at}.name`, problem: `a listener named '${listener.name}' already exists`, fix: 'Listener names must be unique in a Gateway.' });
  }
  if (!Number.isInteger(listener.port) || listener.port < 1 || listener.port > 65535) {
    problems.push({ field: `${at}.port`, problem: `${listener.port} is not a port number`, fix: 'Use 1 to 65535.' });
  }
  if (listener.hostname !== undefined) {
    if (NO_HOSTNAME.has(listener.protocol)) {
      problems.push({ field: `${at}.hostname`, problem: `a ${listener.protocol} listener cannot match a hostname`, fix: 'Remove hostname, or use protocol TLS to route on SNI.' });
    } else if (!isGatewayApiHostname(listener.hostname) || IPV4ISH.test(listener.hostname)) {
      problems.push({ field: `${at}.hostname`, problem: `'${listener.hostname}' is not a host name`, fix: 'Use a lower-case DNS name, optionally with a leading \'*.\' (no IP address, no port).' });
    }
  }
  const mode = listener.tls?.mode ?? ListenerTlsMode.TERMINATE;
  if (TLS_REQUIRED.has(listener.protocol) && !listener.tls) {
    problems.push({ field: `${at}.tls`, problem: `a ${listener.protocol} listener needs tls`, fix: 'Give tls: { certificates: [secret] } (or mode Passthrough on a TLS listener).' });
  }
  if (NO_TLS.has(listener.protocol) && listener.tls) {
    problems.push({ field: `${at}.tls`, problem: `a ${listener.protocol} listener takes no tls`, fix: 'Use protocol HTTPS or TLS.' });
  }
  if (listener.tls && listener.protocol === ListenerProtocol.HTTPS && mode === ListenerTlsMode.PASSTHROUGH) {
    problems.push({ field: `${at}.tls.mode`, problem: 'an HTTPS listener terminates TLS', fix: 'Use protocol TLS with a TLSRoute to pass TLS through.' });
  }
  const hasCertificate = (listener.tls?.certificates?.length ?? 0) > 0 || Object.keys(listener.tls?.options ?? {}).length > 0;
  if (listener.tls && mode === ListenerTlsMode.TERMINATE && !hasCertificate) {
    problems.push({ field: `${at}.tls.certificates`, problem: 'TLS termination needs a certificate', fix: 'Give the Secret(s) holding it: tls: { certificates: [{ name: \'my-cert\' }] }.' });
  }
  const clash = existing.find((l) => l.port === listener.port && l.protocol === listener.protocol && (l.hostname ?? '') === (listener.hostname ?? ''));
  if (clash) {
    problems.push({ field: `${at}`, problem: `listener '${clash.name}' already serves port ${listener.port} ${listener.protocol}${listener.hostname ? ` for ${listener.hostname}` : ''}`, fix: 'Give each listener on a port its own hostname.' });
  }
  return problems;
}

/**
 * A listener as the Gateway API writes it, seen from an object in `namespace`.
 * @internal
 */
export function renderListener(l: ListenerOptions, namespace: string | undefined): Wire<GatewaySpecListeners> {
  return dropUndefined<Wire<GatewaySpecListeners>>({
    name: l.name,
    hostname: l.hostname,
    port: l.port,
    protocol: l.protocol,
    tls: l.tls && dropUndefined({
      mode: l.tls.mode,
      certificateRefs: l.tls.certificates?.map((c) => withNamespaceIfOther({ name: c.name, namespace: c.metadata?.namespace }, namespace)),
      options: l.tls.options && sortedRecord(l.tls.options),
    }),
    allowedRoutes: l.allowedRoutes?.toJson(),
  });
}

/**
 * A Kubernetes Gateway API Gateway (`gateway.networking.k8s.io/v1`): with class `istio`, Istio deploys
 * and programs a gateway for it. Routes attach to it, or to one listener (`gateway.listener('https')`).
 *
 * @example
 * const gw = new KubernetesGateway(chart, 'gw', { metadata: { name: 'shop' } });
 * gw.addListener({ name: 'http', port: 80, protocol: ListenerProtocol.HTTP, hostname: 'shop.example.com' });
 * gw.addListener({ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com',
 *   tls: { certificates: [{ name: 'shop-cert' }] } });
 */
export class KubernetesGateway extends IstioResource<GatewaySpec> implements IRouteParent {
  /** The GatewayClass. */
  public readonly gatewayClassName: string;
  /** Which ListenerSets may add listeners, if any. */
  public readonly allowedListeners?: AllowedListeners;
  private readonly listeners: ListenerOptions[] = [];
  private readonly addresses: string[];

  /** @throws when a listener is invalid (see `addListener()`) */
  public constructor(scope: Construct, id: string, props: KubernetesGatewayProps = {}) {
    super(scope, id, { api: GATEWAY_API, kind: 'Gateway' }, props);
    this.gatewayClassName = props.gatewayClassName ?? 'istio';
    this.addresses = [...props.addresses ?? []];
    this.allowedListeners = props.allowedListeners;
    detachOnError(this, () => {
      if (this.gatewayClassName.trim() === '') throw fieldError('spec.gatewayClassName', 'must not be empty.');
      for (const l of props.listeners ?? []) this.addListener(l);
    });
  }

  /**
   * Adds a listener and returns it, to attach routes to it alone.
   * @throws when the name is taken or malformed, the port is out of range, a hostname is set on TCP/UDP,
   * or TLS does not fit the protocol
   */
  public addListener(listener: ListenerOptions): GatewayListener {
    const problems = listenerProblems(this.listeners, listener, `spec.listeners[${this.listeners.length}]`);
    throwIfProblems(this, problems);
    this.listeners.push({ ...listener });
    return new GatewayListener(this, listener);
  }

  /**
   * A listener by name, to attach a route to it alone.
   * @throws when there is no such listener
   */
  public listener(name: string): GatewayListener {
    const found = this.listeners.find((l) => l.name === name);
    if (!found) {
      throw configError(this, { field: 'spec.listeners', problem: `Gateway ${this.name} has no listener '${name}' (listeners: ${this.listeners.map((l) => l.name).join(', ') || 'none'})` });
    }
    return new GatewayListener(this, found);
  }

  /** The listeners' options, in order. */
  public get listenerOptions(): readonly ListenerOptions[] {
    return this.listeners.map((l) => ({ ...l }));
  }

  public renderParentRef(fromNamespace?: string): ParentReference {
    return withNamespaceIfOther({ name: this.name, namespace: this.namespace }, fromNamespace);
  }

  protected renderSpec(): Wire<GatewaySpec> {
    if (this.listeners.length === 0) {
      throw configError(this, { field: 'spec.listeners', problem: 'the Gateway has no listeners', fix: 'Add one with addListener().' });
    }
    return dropUndefined({
      gatewayClassName: this.gatewayClassName,
      addresses: this.addresses.length ? this.addresses.map((a) => (IPV4ISH.test(a) || a.includes(':') ? { value: a } : { type: 'Hostname', value: a })) : undefined,
      listeners: this.listeners.map((l) => renderListener(l, this.namespace)),
      allowedListeners: this.allowedListeners?.toJson(),
    });
  }
}

/** One listener of an L2 Gateway: a route parent that attaches to that listener alone (`sectionName`). */
export class GatewayListener implements IRouteParent {
  /** @internal */
  public constructor(
    /** The Gateway. */
    public readonly gateway: KubernetesGateway,
    private readonly options: ListenerOptions,
  ) {}

  /** The listener's name. */
  public get name(): string {
    return this.options.name;
  }

  /** The listener's port. */
  public get port(): number {
    return this.options.port;
  }

  /** The listener's protocol. */
  public get protocol(): ListenerProtocol {
    return this.options.protocol;
  }

  /** The listener's hostname, if any. */
  public get hostname(): string | undefined {
    return this.options.hostname;
  }

  public renderParentRef(fromNamespace?: string): ParentReference {
    return { ...this.gateway.renderParentRef(fromNamespace), sectionName: this.options.name };
  }
}
