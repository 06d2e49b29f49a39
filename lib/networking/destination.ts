import { checkNonEmpty, checkPort } from './checks';
import type { VirtualServiceSpecHttpRouteDestination } from '../../imports/networking.istio.io';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** A destination as Istio writes it: `{ host, subset?, port: { number }? }`. */
export interface DestinationConfig {
  /** The service's host name (short, FQDN, or a ServiceEntry host). */
  readonly host: string;
  /**
   * A subset defined by the host's DestinationRule.
   * @default - all endpoints of the host
   */
  readonly subset?: string;
  /**
   * The port of the service.
   * @default - the service's only port
   */
  readonly port?: number;
}

/**
 * Where traffic goes: a host (`Destination.host()`), a Service (`Destination.service()`), or a subset
 * of a DestinationRule (`destinationRule.subset('v2')`, checked against the subsets the rule defines).
 */
export interface IDestination {
  /**
   * The destination seen from a resource in `fromNamespace`; called at synth.
   * @throws when the destination cannot be resolved (e.g. an undefined subset)
   */
  resolveDestination(fromNamespace?: string): DestinationConfig;
}

/**
 * A Kubernetes Service, such as a cdk8s-plus `Service` (matched structurally: no dependency on cdk8s-plus).
 */
export interface IServiceRef {
  /** The Service's name. */
  readonly name: string;
  /** The Service's metadata; only `namespace` is read. */
  readonly metadata: { readonly namespace?: string };
}

/** Options of a destination. */
export interface DestinationOptions {
  /**
   * The port of the service to send to.
   * @default - the service's only port (Istio requires a port when the service has several)
   */
  readonly port?: number;
}

/** Options of a destination given by host name. */
export interface HostDestinationOptions extends DestinationOptions {
  /**
   * A subset by name. Prefer `destinationRule.subset(name)`, which fails at synth when the rule has no such subset.
   * @default - all endpoints of the host
   */
  readonly subset?: string;
}

/** Builds destinations by host name or from a Service. */
export class Destination implements IDestination {
  /**
   * A destination by host name: a short name (`reviews`, in the VirtualService's namespace), an FQDN
   * (`reviews.bookinfo.svc.cluster.local`) or a ServiceEntry host.
   * @throws when the host is empty or the port is not 1 to 65535
   */
  public static host(host: string, options: HostDestinationOptions = {}): Destination {
    checkNonEmpty(host, 'Destination host');
    if (options.subset !== undefined) checkNonEmpty(options.subset, `Subset name of destination '${host}'`);
    if (options.port !== undefined) checkPort(options.port, `Port of destination '${host}'`);
    return new Destination(() => host, options.subset, options.port);
  }

  /**
   * A Kubernetes Service, e.g. a cdk8s-plus `Service`: its short name when it lives in the
   * namespace of the resource that routes to it, `name.namespace.svc.cluster.local` otherwise.
   */
  public static service(service: IServiceRef, options: DestinationOptions = {}): Destination {
    if (options.port !== undefined) checkPort(options.port, `Port of destination service '${service.name}'`);
    return new Destination((from) => serviceHost(service, from), undefined, options.port);
  }

  private constructor(
    private readonly host: (fromNamespace?: string) => string,
    private readonly subset: string | undefined,
    private readonly port: number | undefined,
  ) {}

  /** The host (short or FQDN, depending on `fromNamespace`), subset and port. */
  public resolveDestination(fromNamespace?: string): DestinationConfig {
    return { host: this.host(fromNamespace), subset: this.subset, port: this.port };
  }
}

/** The host name of a Service seen from a namespace. */
function serviceHost(service: IServiceRef, fromNamespace?: string): string {
  const host = checkNonEmpty(service.name, 'Service name');
  const ns = service.metadata.namespace;
  return ns === undefined || ns === fromNamespace ? host : `${host}.${ns}.svc.cluster.local`;
}

/** Renders a destination as Istio's `{ host, subset, port: { number } }`. */
export function renderDestination(destination: IDestination, fromNamespace?: string): Wire<VirtualServiceSpecHttpRouteDestination> {
  const d = destination.resolveDestination(fromNamespace);
  return dropUndefined({ host: d.host, subset: d.subset, port: d.port !== undefined ? { number: d.port } : undefined });
}
