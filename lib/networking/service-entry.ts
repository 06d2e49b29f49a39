import { Construct } from 'constructs';
import { checkHosts, nonEmpty } from './checks';
import { PortOptions, renderPort } from './port';
import { renderWorkloadEntry, WorkloadEntryOptions } from './workload-entry';
import type { ServiceEntrySpec } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { detachOnError, fieldError, withConfigErrors } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';
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
export class ServiceEntry extends IstioResource<ServiceEntrySpec> {
  /** The hosts of the service. */
  public readonly hosts: string[];
  private readonly options: ServiceEntryProps;
  private readonly ports: PortOptions[] = [];
  private readonly endpoints: WorkloadEntryOptions[] = [];

  /** @throws when there is no host, a host is `*` or has a namespace, or a port or endpoint is invalid */
  public constructor(scope: Construct, id: string, props: ServiceEntryProps) {
    super(scope, id, { api: NETWORKING_API, kind: 'ServiceEntry' }, props);
    this.hosts = detachOnError(this, () => checkServiceEntryHosts(props.hosts));
    this.options = props;
    detachOnError(this, () => {
      for (const p of props.ports ?? []) this.addPort(p);
      for (const e of props.endpoints ?? []) this.addEndpoint(e);
    });
  }

  /**
   * Adds a port.
   * @throws when the number is not 1 to 65535 or is already declared
   */
  public addPort(port: PortOptions): this {
    const what = `spec.ports[${this.ports.length}]`;
    withConfigErrors(this, () => {
      renderPort(port, what);
      if (this.ports.some((p) => p.number === port.number)) {
        throw fieldError(`${what}.number`, `port ${port.number} is declared twice; port numbers must be unique.`);
      }
      const name = renderPort(port, '').name;
      if (this.ports.some((p) => renderPort(p, '').name === name)) {
        throw fieldError(`${what}.name`, `port name '${name}' is used twice; port names must be unique.`);
      }
    });
    this.ports.push(port);
    return this;
  }

  /**
   * Adds an endpoint.
   * @throws when the entry selects workloads instead, or its resolution takes no (or one) endpoint
   */
  public addEndpoint(endpoint: WorkloadEntryOptions): this {
    withConfigErrors(this, () => this.checkEndpoint(endpoint));
    this.endpoints.push(endpoint);
    return this;
  }

  private checkEndpoint(endpoint: WorkloadEntryOptions): void {
    const what = `spec.endpoints[${this.endpoints.length}]`;
    if (this.options.workloadSelector) {
      throw fieldError(what, 'this ServiceEntry selects its endpoints with workloadSelector; it cannot also list endpoints.');
    }
    const resolution = this.options.resolution ?? ServiceEntryResolution.NONE;
    if (resolution === ServiceEntryResolution.NONE) {
      throw fieldError(what, 'resolution NONE takes no endpoints; use STATIC (IP addresses) or DNS (host names).');
    }
    if (resolution === ServiceEntryResolution.DNS_ROUND_ROBIN && this.endpoints.length >= 1) {
      throw fieldError(what, 'resolution DNS_ROUND_ROBIN takes at most one endpoint.');
    }
    renderWorkloadEntry(endpoint, what, true);
  }

  protected renderSpec(): Wire<ServiceEntrySpec> {
    const p = this.options;
    return dropUndefined({
      hosts: [...this.hosts],
      addresses: nonEmpty(p.addresses),
      ports: nonEmpty(this.ports)?.map((port, i) => renderPort(port, `spec.ports[${i}]`)),
      location: p.location,
      resolution: p.resolution,
      endpoints: nonEmpty(this.endpoints)?.map((e, i) => renderWorkloadEntry(e, `spec.endpoints[${i}]`, true)),
      workloadSelector: p.workloadSelector && { labels: p.workloadSelector.labelsAt('spec.workloadSelector.labels') },
      exportTo: nonEmpty(p.exportTo),
      subjectAltNames: nonEmpty(p.subjectAltNames),
    });
  }
}

/** The hosts of a ServiceEntry: at least one, none `*`, none with a namespace. */
function checkServiceEntryHosts(hosts: readonly string[] | undefined): string[] {
  if (!hosts || hosts.length === 0) throw fieldError('spec.hosts', 'a ServiceEntry needs at least one host.');
  const checked = checkHosts(hosts, 'spec.hosts');
  checked.forEach((h, i) => {
    if (h === '*') throw fieldError(`spec.hosts[${i}]`, "cannot be '*'; name the external hosts.");
    if (h.includes('/')) throw fieldError(`spec.hosts[${i}]`, `'${h}' cannot have a namespace.`);
  });
  return checked;
}
