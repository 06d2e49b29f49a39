import { Construct } from 'constructs';
import { checkHosts, nonEmpty } from './checks';
import { PortOptions, renderPort } from './port';
import { renderWorkloadEntry, WorkloadEntryOptions } from './workload-entry';
import { NETWORKING_API } from '../core/api-group';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import { WorkloadSelector } from '../core/workload-selector';

/** Whether the service is outside or inside the mesh. */
export enum ServiceEntryLocation {
  /** Outside the mesh: no sidecar, mTLS off toward it (external APIs). */
  MESH_EXTERNAL = 'MESH_EXTERNAL',
  /** Part of the mesh (e.g. VMs added by hand). */
  MESH_INTERNAL = 'MESH_INTERNAL',
}

/** How the proxy finds the service's endpoints. */
export enum ServiceEntryResolution {
  /** Forward to the IP the application connected to (no resolution). */
  NONE = 'NONE',
  /** Use the endpoints' static IPs. */
  STATIC = 'STATIC',
  /** Resolve the hosts (or endpoint addresses) by DNS, asynchronously, using all returned IPs. */
  DNS = 'DNS',
  /** Resolve by DNS and connect to the first IP returned (one endpoint at most). */
  DNS_ROUND_ROBIN = 'DNS_ROUND_ROBIN',
}

/** Props of a ServiceEntry. */
export interface ServiceEntryProps extends IstioResourceProps {
  /** The hosts of the service (not `*`); wildcard prefixes like `*.example.com` only with resolution NONE. */
  readonly hosts: string[];
  /**
   * Virtual IPs or CIDRs of the service.
   * @default - none
   */
  readonly addresses?: string[];
  /**
   * The service's ports. More can be added with `addPort()`.
   * @default - none
   */
  readonly ports?: PortOptions[];
  /**
   * Outside or inside the mesh.
   * @default ServiceEntryLocation.MESH_EXTERNAL
   */
  readonly location?: ServiceEntryLocation;
  /**
   * How endpoints are found.
   * @default ServiceEntryResolution.NONE
   */
  readonly resolution?: ServiceEntryResolution;
  /**
   * Explicit endpoints. More can be added with `addEndpoint()`. Cannot be combined with `workloadSelector`.
   * @default - none
   */
  readonly endpoints?: WorkloadEntryOptions[];
  /**
   * Select WorkloadEntries and pods by labels as endpoints (MESH_INTERNAL). Cannot be combined with `endpoints`.
   * @default - none
   */
  readonly workloadSelector?: WorkloadSelector;
  /**
   * Namespaces the entry is visible to.
   * @default - all namespaces
   */
  readonly exportTo?: string[];
  /**
   * Subject alternative names the servers' certificates must carry.
   * @default - none
   */
  readonly subjectAltNames?: string[];
}

/**
 * Istio's ServiceEntry: adds a service the mesh does not know (an external API, a database, VMs)
 * to its registry.
 *
 * @example
 * new ServiceEntry(chart, 'httpbin', {
 *   hosts: ['httpbin.org'],
 *   ports: [{ number: 443, name: 'https', protocol: Protocol.HTTPS }],
 *   location: ServiceEntryLocation.MESH_EXTERNAL,
 *   resolution: ServiceEntryResolution.DNS,
 * });
 */
export class ServiceEntry extends IstioResource {
  /** The hosts of the service. */
  public readonly hosts: string[];
  private readonly options: ServiceEntryProps;
  private readonly ports: PortOptions[] = [];
  private readonly endpoints: WorkloadEntryOptions[] = [];

  /** @throws when there is no host, a host is `*` or has a namespace, or a port or endpoint is invalid */
  public constructor(scope: Construct, id: string, props: ServiceEntryProps) {
    super(scope, id, { api: NETWORKING_API, kind: 'ServiceEntry' }, props);
    if (!props.hosts || props.hosts.length === 0) {
      throw new Error(`${this.node.path}: a ServiceEntry needs at least one host.`);
    }
    this.hosts = checkHosts(props.hosts, `${this.node.path}: hosts`);
    this.hosts.forEach((h, i) => {
      if (h === '*') throw new Error(`${this.node.path}: hosts[${i}] cannot be '*'; name the external hosts.`);
      if (h.includes('/')) throw new Error(`${this.node.path}: hosts[${i}] '${h}' cannot have a namespace.`);
    });
    this.options = props;
    for (const p of props.ports ?? []) this.addPort(p);
    for (const e of props.endpoints ?? []) this.addEndpoint(e);
  }

  /**
   * Adds a port.
   * @throws when the number is not 1 to 65535 or is already declared
   */
  public addPort(port: PortOptions): this {
    renderPort(port, `${this.node.path}: ports[${this.ports.length}]`);
    if (this.ports.some((p) => p.number === port.number)) {
      throw new Error(`${this.node.path}: port ${port.number} is declared twice; port numbers must be unique.`);
    }
    const name = renderPort(port, '').name;
    if (this.ports.some((p) => renderPort(p, '').name === name)) {
      throw new Error(`${this.node.path}: port name '${name}' is used twice; port names must be unique.`);
    }
    this.ports.push(port);
    return this;
  }

  /**
   * Adds an endpoint.
   * @throws when the entry selects workloads instead, or its resolution takes no (or one) endpoint
   */
  public addEndpoint(endpoint: WorkloadEntryOptions): this {
    const what = `${this.node.path}: endpoints[${this.endpoints.length}]`;
    if (this.options.workloadSelector) {
      throw new Error(`${what}: this ServiceEntry selects its endpoints with workloadSelector; it cannot also list endpoints.`);
    }
    const resolution = this.options.resolution ?? ServiceEntryResolution.NONE;
    if (resolution === ServiceEntryResolution.NONE) {
      throw new Error(`${what}: resolution NONE takes no endpoints; use STATIC (IP addresses) or DNS (host names).`);
    }
    if (resolution === ServiceEntryResolution.DNS_ROUND_ROBIN && this.endpoints.length >= 1) {
      throw new Error(`${what}: resolution DNS_ROUND_ROBIN takes at most one endpoint.`);
    }
    renderWorkloadEntry(endpoint, what, true);
    this.endpoints.push(endpoint);
    return this;
  }

  protected renderSpec(): Record<string, unknown> {
    const p = this.options;
    const where = this.node.path;
    return dropUndefined({
      hosts: [...this.hosts],
      addresses: nonEmpty(p.addresses),
      ports: nonEmpty(this.ports)?.map((port, i) => renderPort(port, `${where}: ports[${i}]`)),
      location: p.location,
      resolution: p.resolution,
      endpoints: nonEmpty(this.endpoints)?.map((e, i) => renderWorkloadEntry(e, `${where}: endpoints[${i}]`, true)),
      workloadSelector: p.workloadSelector && { labels: p.workloadSelector.labels },
      exportTo: nonEmpty(p.exportTo),
      subjectAltNames: nonEmpty(p.subjectAltNames),
    });
  }
}
