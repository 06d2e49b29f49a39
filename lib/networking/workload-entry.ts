import { Construct } from 'constructs';
import { checkInteger, checkNonEmpty, checkPort, nonEmptyRecord } from './checks';
import type { WorkloadEntrySpec } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { detachOnError, fieldError } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Where a workload outside Kubernetes (a VM, a bare-metal host) runs, and what it is. */
export interface WorkloadEntryOptions {
  /**
   * The workload's IP address, DNS name or `unix://` socket. Required unless `network` is set.
   * @default - none: reached through the gateway of `network`
   */
  readonly address?: string;
  /**
   * Ports by name (the names of the service ports it serves), e.g. `{ http: 8080 }`.
   * @default - the service's ports
   */
  readonly ports?: { [name: string]: number };
  /**
   * Labels of the workload, matched by Services and ServiceEntries' workload selectors.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * The network the workload is on, for multi-network meshes.
   * @default - the same network as the proxies
   */
  readonly network?: string;
  /**
   * Its locality, `region/zone/subzone`.
   * @default - none
   */
  readonly locality?: string;
  /**
   * Its load-balancing weight relative to the service's other endpoints.
   * @default 1
   */
  readonly weight?: number;
  /**
   * The service account the workload's proxy runs as (in the entry's namespace).
   * @default - none
   */
  readonly serviceAccount?: string;
}

const PORT_NAME = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** Checks and renders a workload entry's fields (also the template of a WorkloadGroup). */
export function renderWorkloadEntry(o: WorkloadEntryOptions, what: string, requireAddress: boolean): Wire<WorkloadEntrySpec> {
  if (requireAddress && o.address === undefined && o.network === undefined) {
    throw fieldError(what, 'give the workload\'s address (or the network it is reached through).');
  }
  if (o.address !== undefined) checkNonEmpty(o.address, `${what}.address`);
  for (const [name, port] of Object.entries(o.ports ?? {})) {
    if (name.length >= 63 || !PORT_NAME.test(name)) {
      throw fieldError(`${what}.ports`, `'${name}' is not a valid port name (letters, digits and '-', starting and ending with a letter or digit).`);
    }
    checkPort(port, `${what}.ports.${name}`);
  }
  if (o.weight !== undefined) checkInteger(o.weight, `${what}.weight`);
  return dropUndefined({
    address: o.address,
    ports: nonEmptyRecord(o.ports),
    labels: nonEmptyRecord(o.labels),
    network: o.network,
    locality: o.locality,
    weight: o.weight,
    serviceAccount: o.serviceAccount,
  });
}

/** Props of a WorkloadEntry. */
export interface WorkloadEntryProps extends IstioResourceProps, WorkloadEntryOptions {}

/**
 * Istio's WorkloadEntry: a workload outside Kubernetes, such as a VM, added to the mesh. ServiceEntries
 * (and Services) select it by labels.
 *
 * @example new WorkloadEntry(chart, 'vm', { address: '10.0.0.10', ports: { http: 8080 }, labels: { app: 'vm-app' } })
 */
export class WorkloadEntry extends IstioResource<WorkloadEntrySpec> {
  private readonly options: WorkloadEntryOptions;

  /** @throws when neither address nor network is given, or a port is invalid */
  public constructor(scope: Construct, id: string, props: WorkloadEntryProps) {
    super(scope, id, { api: NETWORKING_API, kind: 'WorkloadEntry' }, props);
    const { metadata: _metadata, ...options } = props;
    detachOnError(this, () => renderWorkloadEntry(options, 'spec', true));
    this.options = options;
  }

  protected renderSpec(): Wire<WorkloadEntrySpec> {
    return renderWorkloadEntry(this.options, 'spec', true);
  }
}
