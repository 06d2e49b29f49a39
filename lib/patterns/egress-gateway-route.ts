import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { AllowedCallers } from './allow-traffic';
import { AmbientRoutingOptions, routingDataplane } from './ambient-routing';
import { checkExternalHost, hostName, patternName } from './pattern-util';
import { noGatewayApiEquivalent, RoutingApi } from './routing-api';
import { originationTls } from './tls-origination';
import { useWaypoint } from '../ambient/use-waypoint';
import { configError } from '../core/errors';
import { IstioInstall } from '../core/istio-install';
import { WorkloadSelector } from '../core/workload-selector';
import { Destination, IDestination } from '../networking/destination';
import { DestinationRule } from '../networking/destination-rule';
import { Gateway } from '../networking/gateway';
import { MESH } from '../networking/gateway-target';
import { PortOptions, Protocol } from '../networking/port';
import { ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from '../networking/service-entry';
import { ClientTls, OriginationTlsOptions, ServerTls } from '../networking/tls';
import { PortPolicyOptions } from '../networking/traffic-policy';
import { VirtualService } from '../networking/virtual-service';
import { AuthorizationAction, AuthorizationPolicy } from '../security/authorization-policy';
import { AuthorizationSource } from '../security/authorization-rule';
import { Condition } from '../security/condition';
import { Principal } from '../security/principal';

/** What the app sends to the external host through the egress gateway. */
export enum EgressProtocol {
  /** TLS (e.g. HTTPS) opened by the app, routed by SNI and passed through untouched. */
  TLS = 'TLS',
  /** Plain HTTP, routed by host. */
  HTTP = 'HTTP',
}

/** TLS origination at the egress gateway: the app speaks plain HTTP, the gateway opens HTTPS to the host. */
export interface EgressTlsOrigination {
  /**
   * The host's HTTPS port.
   * @default 443
   */
  readonly tlsPort?: number;
  /**
   * How the gateway verifies the host: CA, SANs, SNI. Unless `insecureSkipVerify` is set, `subjectAltNames` defaults to
   * the host (with `sni` set Istio skips its own name check: pilot/pkg/networking/core/cluster_tls.go).
   * @default - SNI and subjectAltNames set to the host, the chain verified against the gateway's system CAs
   */
  readonly tls?: OriginationTlsOptions;
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
  /**
   * The namespace the egress gateway pods run in (for `allowedCallers` and `tlsOrigination`, whose objects the gateway
   * must read there).
   * @default - the namespace in `egressGatewayHost` ('istio-system')
   */
  readonly egressGatewayNamespace?: string;
  /**
   * Sidecars reach the egress gateway over Istio mutual TLS, so the gateway knows who calls: the Gateway's server
   * terminates it (`tls.mode: ISTIO_MUTUAL`, on `port` for TLS, on 443 for HTTP), and a DestinationRule
   * `<name>-egress-gateway` for the gateway's host has a subset `<name>` whose sidecars originate it with `sni: <host>`,
   * the server host the gateway matches (Istio 1.30.3 pilot/pkg/model/gateway.go `GetSNIHostsForServer`). Routes of
   * several hosts write one subset each, and Istio merges DestinationRules of one host and namespace by subset
   * (pilot/pkg/model/destination_rule.go `mergeDestinationRule`). Through the terminating server, the gateway forwards
   * the app's TLS with `tcp` routes (pilot/pkg/networking/core/gateway.go `buildGatewayNetworkFiltersFromTCPRoutes`).
   * @default false: the gateway passes the app's TLS through (or forwards plain HTTP) and sees no caller identity
   */
  readonly mutualTls?: boolean;
  /**
   * With `mutualTls`: the only callers that may reach the host through the gateway. A DENY policy
   * `<name>-egress-callers` on the egress gateway pods refuses every other identity for this host (matched by
   * `connection.sni`), leaving other hosts' traffic alone; a DENY, not an ALLOW, since an ALLOW on the shared gateway
   * would refuse every host no ALLOW names. In a deny-by-default mesh, open the gateway as well
   * (`ZeroTrustMesh` `openGateways: [..., OpenGateways.egressGateway()]`).
   * @default - every caller the mesh lets reach the gateway
   */
  readonly allowedCallers?: AllowedCallers;
  /**
   * The mesh's trust domain, for the principals of `allowedCallers`.
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * HTTP only: the egress gateway originates TLS to the host, so the app speaks plain HTTP and the traffic still leaves
   * the mesh encrypted (and verified). The origination is a DestinationRule `<name>-egress-tls` in the gateway's
   * namespace with `exportTo: ['.']`: only proxies of that namespace read it, and a proxy there reads its own
   * namespace's rules first (pilot/pkg/model/push_context.go `destinationRule`), so sidecars calling the host directly
   * are unaffected.
   * @default - no origination: the gateway forwards plain HTTP
   */
  readonly tlsOrigination?: EgressTlsOrigination;
}

/** Props of an EgressGatewayRoute. */
export interface EgressGatewayRouteProps extends EgressGatewayOptions, AmbientRoutingOptions {
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
  /**
   * With `tlsOrigination`: connection pool and outlier detection the gateway applies to the host. The gateway reads
   * the origination DestinationRule of its own namespace instead of any other for the host, so a breaker meant for
   * the gateway goes here (ExternalServiceWithBreaker passes its own).
   * @default - none
   */
  readonly gatewayTrafficPolicy?: PortPolicyOptions;
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
  /** With `mutualTls`: the DestinationRule making sidecars use Istio mTLS to the gateway. */
  public readonly gatewayDestinationRule?: DestinationRule;
  /** With `allowedCallers`: the DENY policy on the egress gateway refusing other callers for the host. */
  public readonly callerPolicy?: AuthorizationPolicy;
  /** With `tlsOrigination`: the DestinationRule the gateway originates TLS with. */
  public readonly originationRule?: DestinationRule;

  public constructor(scope: Construct, id: string, props: EgressGatewayRouteProps) {
    super(scope, id);
    if (props.api === RoutingApi.GATEWAY_API) {
      throw noGatewayApiEquivalent(this, 'Routing egress through an egress gateway', 'Keep api: RoutingApi.ISTIO (Gateway, VirtualService and DestinationRule through the egress gateway).');
    }
    checkExternalHost(this, props.host);
    const tls = (props.protocol ?? EgressProtocol.TLS) === EgressProtocol.TLS;
    const mutual = props.mutualTls ?? false;
    const port = props.port ?? (tls ? 443 : 80);
    const name = patternName(this, props.name ?? hostName(props.host));
    const hosts = [props.host];
    const gatewayHost = props.egressGatewayHost ?? 'istio-egressgateway.istio-system.svc.cluster.local';
    const gatewayNamespace = props.egressGatewayNamespace ?? gatewayHost.split('.')[1] ?? 'istio-system';
    if (props.allowedCallers && !mutual) {
      throw configError(this, 'allowedCallers needs mutualTls: true. Without Istio mTLS from the sidecars, the egress gateway sees no caller identity to check.');
    }
    if (props.tlsOrigination && tls) {
      throw configError(this, 'tlsOrigination is for an app that speaks plain HTTP, and protocol is TLS (the app encrypts already). Set protocol: EgressProtocol.HTTP, or drop tlsOrigination.');
    }
    const tlsPort = props.tlsOrigination ? props.tlsOrigination.tlsPort ?? 443 : undefined;
    if (tlsPort === port) throw configError(this, `tlsOrigination.tlsPort ${tlsPort} is also the port the app speaks plain HTTP to. Give them different ports.`);
    const portOptions: PortOptions = { number: port, protocol: tls ? Protocol.TLS : Protocol.HTTP, name: tls ? 'tls' : 'http' };
    if (props.serviceEntry ?? true) {
      this.serviceEntry = new ServiceEntry(this, 'ServiceEntry', {
        metadata: { name, namespace: props.namespace },
        hosts,
        ports: tlsPort === undefined ? [portOptions] : [portOptions, { number: tlsPort, protocol: Protocol.HTTPS, name: 'https' }],
        location: ServiceEntryLocation.MESH_EXTERNAL,
        resolution: ServiceEntryResolution.DNS,
      });
    }
    // Ambient: the routes to the gateway are applied by the waypoint the ServiceEntry uses.
    routingDataplane(this, 'routing to the egress gateway', props.namespace ?? Chart.of(this).namespace, props);
    if (this.serviceEntry && props.waypoint) useWaypoint(this.serviceEntry, props.waypoint);
    const selector = props.egressGatewaySelector ?? { istio: 'egressgateway' };
    this.node.addValidation({ validate: () => checkEgressGatewayInstalled(this, selector) });
    // The gateway's server: what the sidecars send (passthrough TLS or plain HTTP), or Istio mTLS it terminates.
    const serverPort: PortOptions = !mutual ? portOptions
      : tls ? portOptions : { number: 443, protocol: Protocol.HTTPS, name: 'https' };
    this.gateway = new Gateway(this, 'Gateway', {
      metadata: { name: `${name}-egress`, namespace: props.namespace },
      selector,
      servers: [{ port: serverPort, hosts, tls: mutual ? ServerTls.istioMutual() : tls ? ServerTls.passthrough() : undefined }],
    });
    let toGatewayDestination: IDestination = Destination.host(gatewayHost, { port: serverPort.number });
    if (mutual) {
      this.gatewayDestinationRule = new DestinationRule(this, 'GatewayDestinationRule', {
        metadata: { name: `${name}-egress-gateway`, namespace: props.namespace },
        host: gatewayHost,
      });
      this.gatewayDestinationRule.addSubset({
        name,
        trafficPolicy: { portLevelSettings: [{ port: serverPort.number, tls: ClientTls.istioMutual({ sni: props.host }) }] },
      });
      toGatewayDestination = this.gatewayDestinationRule.subset(name, { port: serverPort.number });
    }
    if (props.allowedCallers) this.callerPolicy = this.denyOtherCallers(name, gatewayNamespace, selector, props);
    if (props.tlsOrigination) {
      this.originationRule = new DestinationRule(this, 'OriginationDestinationRule', {
        metadata: { name: `${name}-egress-tls`, namespace: gatewayNamespace },
        host: props.host,
        exportTo: ['.'],
        trafficPolicy: {
          ...props.gatewayTrafficPolicy,
          // A port-level policy replaces the top-level one for its port, so the gateway's policy is repeated there.
          portLevelSettings: [{ port: tlsPort!, ...props.gatewayTrafficPolicy, tls: originationTls(props.host, props.tlsOrigination.tls) }],
        },
      });
    }
    const toGateway = [{ destination: toGatewayDestination }];
    const toHost = [{ destination: Destination.host(props.host, { port: tlsPort ?? port }), weight: 100 }];
    this.virtualService = new VirtualService(this, 'VirtualService', {
      metadata: { name, namespace: props.namespace },
      hosts,
      gateways: [this.gateway, MESH],
    });
    const atGateway = [{ gateways: [this.gateway], port: serverPort.number }];
    if (tls) {
      this.virtualService.addTlsRoute({ match: [{ gateways: [MESH], port, sniHosts: hosts }], route: toGateway });
      // A terminating (ISTIO_MUTUAL) server forwards with tcp routes; a passthrough one routes by SNI.
      if (mutual) this.virtualService.addTcpRoute({ match: atGateway, route: toHost });
      else this.virtualService.addTlsRoute({ match: [{ ...atGateway[0], sniHosts: hosts }], route: toHost });
    } else {
      this.virtualService.addHttpRoute({ match: [{ gateways: [MESH], port }], route: toGateway });
      this.virtualService.addHttpRoute({ match: atGateway, route: toHost });
    }
  }

  /** The DENY on the egress gateway pods refusing, for this host (SNI), every caller but the allowed ones. */
  private denyOtherCallers(name: string, namespace: string, selector: Record<string, string>, props: EgressGatewayRouteProps): AuthorizationPolicy {
    const { serviceAccounts = [], namespaces = [], ipBlocks = [] } = props.allowedCallers!;
    if (ipBlocks.length > 0) {
      throw configError(this, 'allowedCallers.ipBlocks: the egress gateway sees the sidecars\' pod addresses, not a stable caller. Name service accounts or namespaces.');
    }
    if (serviceAccounts.length === 0 && namespaces.length === 0) {
      throw configError(this, 'allowedCallers names no service account or namespace. Name the callers, or drop allowedCallers.');
    }
    const principals = serviceAccounts.map((sa) => Principal.fromServiceAccount(sa, { trustDomain: props.trustDomain }));
    const others: AuthorizationSource = {
      ...(principals.length > 0 ? { notPrincipals: principals } : {}),
      ...(namespaces.length > 0 ? { notNamespaces: namespaces } : {}),
    };
    return new AuthorizationPolicy(this, 'CallerPolicy', {
      metadata: { name: `${name}-egress-callers`, namespace },
      selector: WorkloadSelector.labels(selector),
      action: AuthorizationAction.DENY,
      rules: [{ from: [others], when: [Condition.connectionSni([props.host])] }],
    });
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
