import { Construct } from 'constructs';
import { checkExternalHost, hostName, patternName } from './pattern-util';
import { noGatewayApiEquivalent, RoutingApi } from './routing-api';
import { IstioInstall } from '../core/istio-install';
import { Destination } from '../networking/destination';
import { Gateway } from '../networking/gateway';
import { MESH } from '../networking/gateway-target';
import { Protocol } from '../networking/port';
import { ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from '../networking/service-entry';
import { ServerTls } from '../networking/tls';
import { VirtualService } from '../networking/virtual-service';

/** What the app sends to the external host through the egress gateway. */
export enum EgressProtocol {
  /** TLS (e.g. HTTPS) opened by the app, routed by SNI and passed through untouched. */
  TLS = 'TLS',
  /** Plain HTTP, routed by host. */
  HTTP = 'HTTP',
}

/** How traffic to a host goes through the egress gateway. */
export interface EgressGatewayOptions {
  /**
   * The protocol the app speaks.
   * @default EgressProtocol.TLS
   */
  readonly protocol?: EgressProtocol;
  /**
   * The port the app calls (and the egress gateway listens on).
   * @default 443 for TLS, 80 for HTTP
   */
  readonly port?: number;
  /**
   * Labels of the egress gateway pods. Istio's `default` profile does not install the egress gateway: when the app
   * defines IstioOperators, synth fails unless one of them installs a gateway with these labels
   * (`components.egressGateways`, `MultiClusterMesh`'s `egressGateway`).
   * @default { istio: 'egressgateway' }
   */
  readonly egressGatewaySelector?: { [key: string]: string };
  /**
   * The egress gateway's Service host.
   * @default 'istio-egressgateway.istio-system.svc.cluster.local'
   */
  readonly egressGatewayHost?: string;
}

/** Props of an EgressGatewayRoute. */
export interface EgressGatewayRouteProps extends EgressGatewayOptions {
  /** The external host, e.g. `api.github.com`. */
  readonly host: string;
  /**
   * Base name of the objects: `<name>` (ServiceEntry, VirtualService), `<name>-egress` (Gateway).
   * @default - the host with dots replaced by dashes
   */
  readonly name?: string;
  /**
   * Namespace of the objects.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Whether to write the ServiceEntry for the host; turn off when it exists already (e.g. an ExternalServiceWithBreaker).
   * @default true
   */
  readonly serviceEntry?: boolean;
  /**
   * The API to emit. The Kubernetes Gateway API has no equivalent of this pattern: \`RoutingApi.GATEWAY_API\` is an error naming the alternative.
   * @default RoutingApi.ISTIO
   */
  readonly api?: RoutingApi;
}

/**
 * Sends the mesh's traffic to an external host through the egress gateway, so it leaves the cluster from known
 * nodes and can be policed there: a ServiceEntry for the host, a Gateway on the egress gateway pods, and a
 * VirtualService routing sidecars to the gateway and the gateway to the host.
 *
 * @example
 * new EgressGatewayRoute(chart, 'github', { host: 'api.github.com' });
 */
export class EgressGatewayRoute extends Construct {
  /** The Gateway on the egress gateway pods. */
  public readonly gateway: Gateway;
  /** The VirtualService routing through the gateway. */
  public readonly virtualService: VirtualService;
  /** The ServiceEntry, unless turned off. */
  public readonly serviceEntry?: ServiceEntry;

  public constructor(scope: Construct, id: string, props: EgressGatewayRouteProps) {
    super(scope, id);
    if (props.api === RoutingApi.GATEWAY_API) {
      throw noGatewayApiEquivalent(this, 'Routing egress through an egress gateway', 'Keep api: RoutingApi.ISTIO (Gateway, VirtualService and DestinationRule through the egress gateway).');
    }
    checkExternalHost(this, props.host);
    const tls = (props.protocol ?? EgressProtocol.TLS) === EgressProtocol.TLS;
    const port = props.port ?? (tls ? 443 : 80);
    const name = patternName(this, props.name ?? hostName(props.host));
    const hosts = [props.host];
    const portOptions = { number: port, protocol: tls ? Protocol.TLS : Protocol.HTTP, name: tls ? 'tls' : 'http' };
    if (props.serviceEntry ?? true) {
      this.serviceEntry = new ServiceEntry(this, 'ServiceEntry', {
        metadata: { name, namespace: props.namespace },
        hosts,
        ports: [portOptions],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: ServiceEntryResolution.DNS,
      });
    }
    const selector = props.egressGatewaySelector ?? { istio: 'egressgateway' };
    this.node.addValidation({ validate: () => checkEgressGatewayInstalled(this, selector) });
    this.gateway = new Gateway(this, 'Gateway', {
      metadata: { name: `${name}-egress`, namespace: props.namespace },
      selector,
      servers: [{ port: portOptions, hosts, tls: tls ? ServerTls.passthrough() : undefined }],
    });
    const toGateway = [{ destination: Destination.host(props.egressGatewayHost ?? 'istio-egressgateway.istio-system.svc.cluster.local', { port }) }];
    const toHost = [{ destination: Destination.host(props.host, { port }), weight: 100 }];
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name, namespace: props.namespace },
      hosts,
      gateways: [this.gateway, MESH],
    });
    if (tls) {
      this.virtualService.addTlsRoute({ match: [{ gateways: [MESH], port, sniHosts: hosts }], route: toGateway });
      this.virtualService.addTlsRoute({ match: [{ gateways: [this.gateway], port, sniHosts: hosts }], route: toHost });
    } else {
      this.virtualService.addHttpRoute({ match: [{ gateways: [MESH], port }], route: toGateway });
      this.virtualService.addHttpRoute({ match: [{ gateways: [this.gateway], port }], route: toHost });
    }
  }
}

/**
 * When the app defines how Istio is installed (IstioOperators), one of them must install an egress gateway whose pods
 * carry the selector's labels: Istio's `default` profile disables `istio-egressgateway`, and a Gateway selecting no pod
 * sends the mesh's egress nowhere (with REGISTRY_ONLY, nowhere at all).
 */
function checkEgressGatewayInstalled(route: Construct, selector: Readonly<Record<string, string>>): string[] {
  const operators = IstioInstall.findAll(route);
  if (operators.length === 0) return [];
  const matches = (labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  if (operators.some((op) => op.egressGatewayLabels.some(matches))) return [];
  const wanted = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
  return [`${route.node.path}: no IstioOperator of the app (${operators.map((op) => op.node.path).join(', ')}) installs an egress gateway `
    + `with the labels ${wanted}, so the Gateway selects no pod and the traffic cannot leave the mesh (the default profile disables `
    + 'istio-egressgateway). Add components.egressGateways: [{ name: \'istio-egressgateway\', enabled: true }] '
    + '(IstioOperator.addEgressGateway(), MultiClusterMesh egressGateway: true), or fix egressGatewaySelector.'];
}
