import { dropUndefined } from '../core/spec-render';

/** A Kubernetes Service, such as a cdk8s-plus `Service` (matched structurally). */
export interface IServiceObject {
  /** The Service's name. */
  readonly name: string;
  /** The Service's metadata; only `namespace` is read. */
  readonly metadata: { readonly namespace?: string };
}

/** Throws unless `value` is a port number. @internal */
export function checkPort(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${what} must be a port number from 1 to 65535, got ${value}.`);
  return value;
}

function checkNonEmpty(value: string | undefined, what: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${what} must not be empty.`);
}

/** A `parentRef` as the Gateway API writes it. */
export interface ParentReference {
  /** @default 'gateway.networking.k8s.io' */
  readonly group?: string;
  /** @default 'Gateway' */
  readonly kind?: string;
  /** The parent's name. */
  readonly name: string;
  /** @default - the route's namespace */
  readonly namespace?: string;
  /** A listener of the Gateway, by name. @default - every listener that allows the route */
  readonly sectionName?: string;
  /** A listener port of the Gateway. @default - every port */
  readonly port?: number;
}

/**
 * What a route attaches to: an L2 `KubernetesGateway` or one of its listeners (`gateway.listener('https')`),
 * a Service (mesh routing, GAMMA) with `RouteParent.service()`, or any parentRef with `RouteParent.reference()`.
 */
export interface IRouteParent {
  /** The parentRef seen from a route in `fromNamespace` (namespace written only when it differs); called at synth. */
  renderParentRef(fromNamespace?: string): ParentReference;
}

/** Builds parents of routes that are not L2 Gateways. */
export class RouteParent implements IRouteParent {
  /**
   * A Service, for routing of mesh (east-west) traffic to it (GAMMA): the route applies to requests sent to the Service.
   * @param port only requests to this port of the Service
   */
  public static service(service: IServiceObject, port?: number): RouteParent {
    if (port !== undefined) checkPort(port, `parentRef port of Service '${service.name}'`);
    return new RouteParent(() => ({ group: '', kind: 'Service', name: service.name, namespace: service.metadata.namespace, port }));
  }

  /** Any parentRef, e.g. a Gateway the app does not define: `{ name: 'public', namespace: 'istio-ingress' }`. */
  public static reference(ref: ParentReference): RouteParent {
    checkNonEmpty(ref.name, 'parentRef name');
    if (ref.port !== undefined) checkPort(ref.port, `parentRef port of '${ref.name}'`);
    return new RouteParent(() => ({ ...ref }));
  }

  private constructor(private readonly ref: () => ParentReference) {}

  public renderParentRef(fromNamespace?: string): ParentReference {
    const ref = this.ref();
    return withNamespaceIfOther(ref, fromNamespace);
  }
}

/** `ref` with its namespace dropped when it is the referring object's own. */
export function withNamespaceIfOther<T extends { readonly namespace?: string }>(ref: T, fromNamespace?: string): T {
  const own = ref.namespace === undefined || ref.namespace === fromNamespace;
  return dropUndefined({ ...ref, namespace: own ? undefined : ref.namespace }) as T;
}

/** A `backendRef` as the Gateway API writes it. */
export interface BackendReference {
  /** @default '' (core) */
  readonly group?: string;
  /** @default 'Service' */
  readonly kind?: string;
  /** The backend's name (for kind `Hostname`, the host). */
  readonly name: string;
  /** @default - the route's namespace */
  readonly namespace?: string;
  /** Required for a Service. */
  readonly port?: number;
  /** Relative share of the traffic, 0 to 1,000,000. @default 1 */
  readonly weight?: number;
}

/** A Service given to `Backend.service()`: a cdk8s-plus Service works (its `ports` give the port when there is one). */
export interface IBackendService extends IServiceObject {
  /** The Service's ports, if known: with exactly one, `port` may be left out. */
  readonly ports?: ReadonlyArray<{ readonly port: number }>;
}

/** A ServiceEntry given to `Backend.serviceEntry()`: the L2 `ServiceEntry` works. */
export interface IServiceEntryRef {
  /** The ServiceEntry's hosts. */
  readonly hosts: readonly string[];
}

/** Options of a backend. */
export interface BackendOptions {
  /**
   * The port to send to.
   * @default - the Service's only port (a Service backend needs one)
   */
  readonly port?: number;
  /**
   * Relative share of the rule's traffic (0 to 1,000,000); a weight of 0 sends nothing.
   * @default 1
   */
  readonly weight?: number;
}

/** Options of a ServiceEntry backend. */
export interface ServiceEntryBackendOptions extends BackendOptions {
  /**
   * Which host of the ServiceEntry.
   * @default - its only host
   */
  readonly host?: string;
}

/** Where a route sends traffic: a Service, a ServiceEntry host (Istio's `Hostname` kind), or any backendRef. */
export class Backend {
  /**
   * A Kubernetes Service, e.g. a cdk8s-plus `Service`.
   * @throws when no port is given and the Service does not have exactly one
   */
  public static service(service: IBackendService, options: BackendOptions = {}): Backend {
    const ports = service.ports ?? [];
    const port = options.port ?? (ports.length === 1 ? ports[0].port : undefined);
    if (port === undefined) {
      throw new Error(`Backend Service '${service.name}' needs a port: the Gateway API requires one for a Service`
        + `${ports.length > 1 ? ` and it has ${ports.length} (${ports.map((p) => p.port).join(', ')})` : ''}; pass { port }.`);
    }
    return new Backend(() => ({ name: service.name, namespace: service.metadata.namespace, port }), options, `Service '${service.name}'`);
  }

  /**
   * A host of a ServiceEntry: Istio's backend kind `Hostname` of `networking.istio.io` (the Gateway API has no ServiceEntry kind).
   * @throws when the entry has several hosts and none is chosen, or no port is given
   */
  public static serviceEntry(entry: IServiceEntryRef, options: ServiceEntryBackendOptions = {}): Backend {
    const host = options.host ?? (entry.hosts.length === 1 ? entry.hosts[0] : undefined);
    if (host === undefined || !entry.hosts.includes(host)) {
      throw new Error(`Backend ServiceEntry with hosts ${entry.hosts.join(', ')}: choose one with { host }${options.host ? ` ('${options.host}' is not one of them)` : ''}.`);
    }
    if (options.port === undefined) throw new Error(`Backend ServiceEntry host '${host}' needs a port; pass { port }.`);
    return new Backend(() => ({ group: 'networking.istio.io', kind: 'Hostname', name: host, port: options.port }), options, `ServiceEntry host '${host}'`);
  }

  /** Any backendRef, e.g. a Service another app defines: `{ name: 'ratings', namespace: 'shared', port: 9080 }`. */
  public static reference(ref: BackendReference): Backend {
    checkNonEmpty(ref.name, 'backendRef name');
    return new Backend(() => ({ ...ref, weight: undefined }), { port: ref.port, weight: ref.weight }, `backendRef '${ref.name}'`);
  }

  private constructor(private readonly ref: () => BackendReference, private readonly options: BackendOptions, private readonly what: string) {
    if (options.port !== undefined) checkPort(options.port, `Port of ${what}`);
    if (options.weight !== undefined && (!Number.isInteger(options.weight) || options.weight < 0 || options.weight > 1_000_000)) {
      throw new Error(`Weight of ${what} must be a whole number from 0 to 1,000,000, got ${options.weight}.`);
    }
  }

  /** The same backend with another weight. */
  public withWeight(weight: number): Backend {
    return new Backend(this.ref, { ...this.options, weight }, this.what);
  }

  /** The weight given, if any. */
  public get weight(): number | undefined {
    return this.options.weight;
  }

  /** The backendRef seen from a route in `fromNamespace`; called at synth. */
  public renderBackendRef(fromNamespace?: string): BackendReference {
    return withNamespaceIfOther({ ...this.ref(), weight: this.options.weight }, fromNamespace);
  }
}

/** A Secret holding a certificate and key, e.g. a cdk8s-plus `Secret`, or `{ name, metadata: { namespace } }`. */
export interface ISecretRef {
  /** The Secret's name. */
  readonly name: string;
  /** Its metadata; only `namespace` is read. */
  readonly metadata?: { readonly namespace?: string };
}
