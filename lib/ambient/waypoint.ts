import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import type { GatewaySpec } from '../../imports/gateway.networking.k8s.io';
import { configError } from '../core/errors';
import { GATEWAY_API } from '../core/gateway-api';
import { IstioResource } from '../core/resource';
import type { Wire } from '../core/wire';

/** The GatewayClass of Istio's waypoints (pkg/config/constants `WaypointGatewayClassName`). */
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';
/** The label of a waypoint (or its class) saying which traffic it takes (`label.IoIstioWaypointFor`). */
export const WAYPOINT_FOR_LABEL = 'istio.io/waypoint-for';
/** The annotation naming a gateway's service account (`annotation.GatewayServiceAccount`). */
const SERVICE_ACCOUNT_ANNOTATION = 'gateway.istio.io/service-account';

/**
 * The service account a waypoint's pods run as: a name and a namespace, the shape `Principal.fromServiceAccount()`
 * reads (lib/security sits beside this layer, so the type is written out here).
 */
export interface WaypointServiceAccount {
  /** The service account's name. */
  readonly name: string;
  /** Its namespace: the waypoint's. */
  readonly metadata: { readonly namespace?: string };
}

/** Which traffic a waypoint takes (`istio.io/waypoint-for`; pkg/config/constants ServiceTraffic, WorkloadTraffic, AllTraffic, NoTraffic). */
export enum WaypointTraffic {
  /** Traffic to the Services that use it (Istio's default when neither the Gateway nor its class says). */
  SERVICE = 'service',
  /** Traffic to the workloads (pod IPs) that use it. */
  WORKLOAD = 'workload',
  /** Both. */
  ALL = 'all',
  /** None: the waypoint takes no traffic. */
  NONE = 'none',
}

/**
 * A waypoint proxy as objects that use it see it: its name, namespace, the traffic it takes, its identity and
 * which namespaces may use it.
 */
export interface IWaypoint {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The traffic it takes. */
  readonly traffic: WaypointTraffic;
  /** The service account its pods run as (ztunnel sees this identity on the traffic the waypoint forwards). */
  readonly serviceAccount: WaypointServiceAccount;
  /**
   * Whether objects of `namespace` may use it (its HBONE listener's `allowedRoutes`): false only when known to refuse
   * (a label selector is decided by the cluster's namespace labels, which the analysis checks).
   */
  allowsNamespace(namespace: string): boolean;
}

/** Which namespaces may use a waypoint: its HBONE listener's `allowedRoutes.namespaces`. */
export class WaypointNamespaces {
  /** Only the waypoint's own namespace (Gateway API's and Istio's default). */
  public static same(): WaypointNamespaces {
    return new WaypointNamespaces('Same');
  }

  /** Every namespace (a shared waypoint, e.g. in `istio-system`). */
  public static all(): WaypointNamespaces {
    return new WaypointNamespaces('All');
  }

  /** Namespaces whose labels include these (`from: Selector`). */
  public static withLabels(labels: { [key: string]: string }): WaypointNamespaces {
    if (Object.keys(labels).length === 0) throw new Error('WaypointNamespaces.withLabels() needs at least one label; use all() for every namespace.');
    return new WaypointNamespaces('Selector', { ...labels });
  }

  private constructor(
    /** Gateway API `FromNamespaces`. */
    public readonly from: 'Same' | 'All' | 'Selector',
    /** The namespace labels, for `Selector`. */
    public readonly labels?: { readonly [key: string]: string },
  ) {}
}

/** What is known of a waypoint defined outside the app (`Waypoint.fromName`). */
export interface WaypointReferenceOptions {
  /**
   * The traffic it takes.
   * @default WaypointTraffic.SERVICE
   */
  readonly traffic?: WaypointTraffic;
  /**
   * Which namespaces may use it.
   * @default - not known: any namespace is assumed allowed
   */
  readonly allowedNamespaces?: WaypointNamespaces;
  /**
   * The service account of its pods.
   * @default - the waypoint's name
   */
  readonly serviceAccountName?: string;
}

/** Props of a Waypoint. */
export interface WaypointProps {
  /**
   * Metadata of the Gateway: name, namespace, labels, annotations.
   * @default - name `waypoint` (as `istioctl waypoint apply`), the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * The traffic it takes, written as the `istio.io/waypoint-for` label.
   * @default WaypointTraffic.SERVICE
   */
  readonly traffic?: WaypointTraffic;
  /**
   * Which namespaces may use it besides its own.
   * @default WaypointNamespaces.same()
   */
  readonly allowedNamespaces?: WaypointNamespaces;
  /**
   * The service account of its pods (the `gateway.istio.io/service-account` annotation).
   * @default - the Gateway's name (Istio's waypoint class has no name suffix)
   */
  readonly serviceAccountName?: string;
}

/**
 * A waypoint proxy for ambient mode: a Gateway API Gateway of class `istio-waypoint` with the HBONE listener on
 * port 15008, which istiod deploys. Services, workloads or namespaces use it through `useWaypoint()`; L7 policy
 * reaches it through `targetRefs` (`PolicyTarget.gateway(waypoint)` or `PolicyTarget.service(...)`).
 *
 * Facts from Istio 1.30.3: pilot/pkg/serviceregistry/ambient/waypoints.go (traffic type from the Gateway's label,
 * then its class's, default `service`; attachment allowed by the 15008 HBONE listener's `allowedRoutes`),
 * pilot/pkg/config/kube/gatewaycommon (service account = Gateway name).
 *
 * @example
 * const shop = new MeshNamespace(chart, 'shop', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT });
 * const waypoint = new Waypoint(chart, 'waypoint', { metadata: { namespace: 'shop' } });
 * useWaypoint(shop, waypoint);
 */
export class Waypoint extends IstioResource<GatewaySpec> implements IWaypoint {
  /** A waypoint defined outside the app (e.g. the platform's shared one), by name. */
  public static fromName(name: string, namespace: string, options: WaypointReferenceOptions = {}): IWaypoint {
    const traffic = options.traffic ?? WaypointTraffic.SERVICE;
    const allowed = options.allowedNamespaces;
    return {
      name,
      namespace,
      traffic,
      serviceAccount: { name: options.serviceAccountName ?? name, metadata: { namespace } },
      allowsNamespace: (ns) => allowed === undefined || allows(allowed, namespace, ns),
    };
  }

  /** The traffic it takes. */
  public readonly traffic: WaypointTraffic;
  /** Which namespaces may use it. */
  public readonly allowedNamespaces: WaypointNamespaces;
  /** The service account its pods run as. */
  public readonly serviceAccount: WaypointServiceAccount;

  public constructor(scope: Construct, id: string, props: WaypointProps = {}) {
    const traffic = props.traffic ?? WaypointTraffic.SERVICE;
    const allowed = props.allowedNamespaces ?? WaypointNamespaces.same();
    const metadata: ApiObjectMetadata = {
      name: 'waypoint',
      ...props.metadata,
      labels: { ...props.metadata?.labels, [WAYPOINT_FOR_LABEL]: traffic },
      annotations: props.serviceAccountName
        ? { ...props.metadata?.annotations, [SERVICE_ACCOUNT_ANNOTATION]: props.serviceAccountName } : props.metadata?.annotations,
    };
    super(scope, id, { api: GATEWAY_API, kind: 'Gateway' }, { metadata });
    const userLabel = props.metadata?.labels?.[WAYPOINT_FOR_LABEL];
    if (userLabel !== undefined && userLabel !== traffic) {
      throw configError(this, [{ field: `metadata.labels[${WAYPOINT_FOR_LABEL}]`, problem: `'${userLabel}' conflicts with traffic '${traffic}'`, fix: 'Set traffic instead of the label.' }], 'Gateway');
    }
    this.traffic = traffic;
    this.allowedNamespaces = allowed;
    this.serviceAccount = { name: props.serviceAccountName ?? this.name, metadata: { namespace: this.metadata.namespace } };
  }

  /** The Gateway's namespace. @throws when neither the waypoint nor its chart has one */
  public override get namespace(): string {
    const ns = this.metadata.namespace;
    if (!ns) throw configError(this, [{ field: 'metadata.namespace', problem: 'a waypoint needs a namespace', fix: 'Set metadata.namespace or the chart\'s namespace.' }], 'Gateway');
    return ns;
  }

  public allowsNamespace(namespace: string): boolean {
    return allows(this.allowedNamespaces, this.namespace, namespace);
  }

  /** The HBONE listener on 15008 that istiod's waypoint deployment serves, open to the allowed namespaces. */
  protected renderSpec(): Wire<GatewaySpec> {
    const allowed = this.allowedNamespaces;
    const routes = allowed.from === 'Same' ? undefined
      : { namespaces: { from: allowed.from, ...(allowed.labels ? { selector: { matchLabels: { ...allowed.labels } } } : {}) } };
    return {
      gatewayClassName: WAYPOINT_GATEWAY_CLASS,
      listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', ...(routes ? { allowedRoutes: routes } : {}) }],
    };
  }
}

/** Whether a namespace may use a waypoint in `home`; with a label selector, assumed (the labels are the cluster's). */
function allows(allowed: WaypointNamespaces, home: string, namespace: string): boolean {
  if (allowed.from === 'All' || namespace === home) return true;
  return allowed.from === 'Selector';
}
