import { checkNonEmpty } from './checks';

/**
 * Something a VirtualService (or one of its matches) can attach to: a `Gateway` construct, the
 * `MESH` (every sidecar), or a gateway named by string with `GatewayTarget.fromName()`.
 */
export interface IGatewayTarget {
  /**
   * The name to write in `gateways`, seen from a resource in `fromNamespace`:
   * `name` in the same namespace, `namespace/name` otherwise, `mesh` for the mesh.
   */
  gatewayReference(fromNamespace?: string): string;
}

/** Gateways that are not constructs of this app. */
export class GatewayTarget {
  /**
   * A gateway by name, `name` or `namespace/name`, written as given.
   * @example GatewayTarget.fromName('istio-system/public-gateway')
   */
  public static fromName(name: string): IGatewayTarget {
    checkNonEmpty(name, 'Gateway name');
    return { gatewayReference: () => name };
  }

  private constructor() {}
}

/** The reserved gateway `mesh`: the sidecars of the mesh. Attach to it together with gateways to route inside the mesh too. */
export const MESH: IGatewayTarget = { gatewayReference: () => 'mesh' };

/** Renders gateway targets seen from a namespace. */
export function renderGateways(targets: readonly IGatewayTarget[] | undefined, fromNamespace?: string): string[] | undefined {
  if (!targets || targets.length === 0) return undefined;
  return targets.map((t) => t.gatewayReference(fromNamespace));
}
