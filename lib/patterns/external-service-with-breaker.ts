import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbientRoutingOptions, routingDataplane } from './ambient-routing';
import { EgressGatewayOptions, EgressGatewayRoute, EgressProtocol } from './egress-gateway-route';
import { checkExternalHost, hostName, patternName, patternWarning } from './pattern-util';
import { originationTls } from './tls-origination';
import { useWaypoint } from '../ambient/use-waypoint';
import { configError } from '../core/errors';
import { Destination } from '../networking/destination';
import { DestinationRule } from '../networking/destination-rule';
import { PortOptions, Protocol } from '../networking/port';
import { HttpRetry } from '../networking/retry';
import { ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from '../networking/service-entry';
import { OriginationTlsOptions } from '../networking/tls';
import { ConnectionPool, OutlierDetection } from '../networking/traffic-policy';
import { VirtualService } from '../networking/virtual-service';

/** TLS origination: the app speaks plain HTTP to `httpPort`, and its sidecar opens HTTPS to the service's `tlsPort`. */
export interface TlsOriginationOptions {
  /**
   * The port the app sends plain HTTP to.
   * @default 80
   */
  readonly httpPort?: number;
  /**
   * The external service's HTTPS port.
   * @default 443
   */
  readonly tlsPort?: number;
  /**
   * How the sidecar verifies the service: CA, SANs, SNI. Unless `insecureSkipVerify` is set, `subjectAltNames` defaults
   * to the host: with `sni` set, Istio turns off its automatic name check (pilot/pkg/networking/core/cluster_tls.go,
   * `setAutoSniAndAutoSanValidation`), so without SANs any certificate of a trusted CA would be accepted.
   * @default - SNI and subjectAltNames set to the host; the certificate chain is verified against the proxy's system CAs
   * (Istio 1.30 verifies by default), though `istioctl analyze` still warns IST0129 until `caCertificates` names the CA
   */
  readonly tls?: OriginationTlsOptions;
}

/** Props of an ExternalServiceWithBreaker. */
export interface ExternalServiceWithBreakerProps extends AmbientRoutingOptions {
  /** The external host name, e.g. `api.stripe.com`. */
  readonly host: string;
  /**
   * Name of the ServiceEntry and DestinationRule.
   * @default - the host with dots replaced by dashes (`api-stripe-com`)
   */
  readonly name?: string;
  /**
   * Namespace of the objects.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The ports the app calls, with protocol HTTP, HTTPS, TCP or TLS.
   * @default - 443 HTTPS, unless `tlsOrigination` is set (then only its HTTP port and the TLS port)
   */
  readonly ports?: PortOptions[];
  /**
   * Fixed IP addresses of the service: resolution STATIC with these endpoints instead of DNS. They are also the
   * ServiceEntry's `addresses`, which TCP ports need to be told apart from other services on the same port.
   * @default - resolution DNS
   */
  readonly staticAddresses?: string[];
  /**
   * Originate TLS in the sidecar for an app that speaks plain HTTP to an HTTPS service.
   * @default - no TLS origination
   */
  readonly tlsOrigination?: TlsOriginationOptions;
  /**
   * Connection pool limits, merged field by field over the defaults: `tcp.maxConnections` 100 (sockets to the host),
   * `tcp.connectTimeout` 5s (fail fast when it is unreachable), and, when the proxy reads HTTP (an HTTP port or
   * `tlsOrigination`), `http.http1MaxPendingRequests` 100 (requests queued beyond this fail at once with 503) and
   * `http.maxRetries` 3 (concurrent retries to the host). On HTTPS, TLS and TCP ports the app's TLS passes through the
   * proxy unread, so `http` settings do nothing there: setting them without an HTTP port prints a warning.
   * @default - the defaults above
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Outlier detection (the breaker), merged over the defaults: an endpoint is ejected after `consecutive5xxErrors` 5
   * errors, checked every `interval` 10s, for `baseEjectionTime` 30s (longer each time), up to `maxEjectionPercent` 100
   * (every endpoint may be ejected, so calls fail fast instead of waiting on a broken service). Where the proxy reads
   * HTTP, 5xx responses count; on HTTPS, TLS and TCP ports only connection failures and timeouts do.
   * @default - the defaults above
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * A route timeout for the calls: outlier detection ejects failing endpoints but does not stop a slow call, and
   * Istio sets no HTTP timeout by default. Needs an HTTP port (or `tlsOrigination`): it is written in a VirtualService
   * for the host's HTTP port.
   * @default - no timeout
   */
  readonly timeout?: Duration;
  /**
   * Retries of failed calls (VirtualService `retries`). Needs an HTTP port (or `tlsOrigination`).
   * @default - Istio's default retry policy (2 attempts on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes)
   */
  readonly retries?: HttpRetry;
  /**
   * Route the traffic through the egress gateway (see EgressGatewayRoute); the breaker then applies at the gateway.
   * With `tlsOrigination`, the app speaks HTTP to the gateway and the gateway originates TLS (with the breaker) to the
   * host's `tlsPort`; `mutualTls` and `allowedCallers` police who may call it.
   * @default - straight from the sidecars
   */
  readonly egressGateway?: EgressGatewayOptions;
}

/** The documented connection pool defaults. */
export const EXTERNAL_SERVICE_CONNECTION_POOL: ConnectionPool = {
  tcp: { maxConnections: 100, connectTimeout: Duration.seconds(5) },
  http: { http1MaxPendingRequests: 100, maxRetries: 3 },
};

/** The documented outlier detection defaults. */
export const EXTERNAL_SERVICE_OUTLIER_DETECTION: OutlierDetection = {
  consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 100,
};

const EXTERNAL_PROTOCOLS = [Protocol.HTTP, Protocol.HTTPS, Protocol.TCP, Protocol.TLS];

/**
 * An external service the mesh calls safely: a ServiceEntry (MESH_EXTERNAL, DNS or static addresses) and a
 * DestinationRule with connection pool limits and outlier detection, and optionally TLS origination for apps
 * that speak plain HTTP to an HTTPS service.
 *
 * @example
 * new ExternalServiceWithBreaker(chart, 'stripe', { host: 'api.stripe.com', tlsOrigination: {} });
 */
export class ExternalServiceWithBreaker extends Construct {
  /** The ServiceEntry. */
  public readonly serviceEntry: ServiceEntry;
  /** The DestinationRule with the breaker. */
  public readonly destinationRule: DestinationRule;
  /** The external host. */
  public readonly host: string;
  /** The route through the egress gateway, when `egressGateway` is set. */
  public readonly egressRoute?: EgressGatewayRoute;
  /** The VirtualService with `timeout` and `retries`, when either is set (without an egress gateway). */
  public readonly virtualService?: VirtualService;

  public constructor(scope: Construct, id: string, props: ExternalServiceWithBreakerProps) {
    super(scope, id);
    checkExternalHost(this, props.host);
    this.host = props.host;
    const origination = props.tlsOrigination;
    if (origination && props.egressGateway && (props.egressGateway.protocol ?? EgressProtocol.HTTP) !== EgressProtocol.HTTP) {
      throw configError(this, 'tlsOrigination with egressGateway originates TLS at the gateway, so the app speaks HTTP to it; '
        + `egressGateway.protocol is ${props.egressGateway.protocol}. Drop it (HTTP is implied).`);
    }
    const httpPort = origination?.httpPort ?? 80;
    const tlsPort = origination?.tlsPort ?? 443;
    const ports: PortOptions[] = props.ports ? [...props.ports]
      : origination ? [] : [{ number: 443, protocol: Protocol.HTTPS, name: 'https' }];
    ports.forEach((p, i) => {
      if (!EXTERNAL_PROTOCOLS.includes(p.protocol)) {
        throw configError(this, `ports[${i}] has protocol ${p.protocol}; an external service takes ${EXTERNAL_PROTOCOLS.join(', ')}.`);
      }
    });
    if (origination) {
      if (ports.some((p) => p.number === httpPort)) {
        throw configError(this, `port ${httpPort} is in ports and is also tlsOrigination.httpPort. Leave it out of ports: TLS origination declares it.`);
      }
      ports.unshift({ number: httpPort, protocol: Protocol.HTTP, name: 'http', targetPort: tlsPort });
      if (!ports.some((p) => p.number === tlsPort)) ports.push({ number: tlsPort, protocol: Protocol.HTTPS, name: 'https' });
    }

    const name = patternName(this, props.name ?? hostName(props.host));
    const metadata = { name, namespace: props.namespace };
    const statics = props.staticAddresses ?? [];
    this.serviceEntry = new ServiceEntry(this, 'ServiceEntry', {
      metadata,
      hosts: [props.host],
      addresses: statics.length > 0 ? statics : undefined,
      ports,
      location: ServiceEntryLocation.MESH_EXTERNAL,
      resolution: statics.length > 0 ? ServiceEntryResolution.STATIC : ServiceEntryResolution.DNS,
      endpoints: statics.length > 0 ? statics.map((address) => ({ address })) : undefined,
    });

    // Ambient: the ServiceEntry uses the waypoint, which applies the DestinationRule and VirtualService.
    routingDataplane(this, 'connection pool, outlier detection, TLS origination or route', props.namespace ?? Chart.of(this).namespace, props);
    if (props.waypoint) useWaypoint(this.serviceEntry, props.waypoint);
    const pool = props.connectionPool ?? {};
    const defaults = EXTERNAL_SERVICE_CONNECTION_POOL;
    const httpPorts = ports.filter((p) => p.protocol === Protocol.HTTP).map((p) => p.number);
    if (httpPorts.length === 0 && pool.http) {
      patternWarning(this, `connectionPool.http is set, but no port of ${props.host} is HTTP (${ports.map((p) => `${p.number}/${p.protocol}`).join(', ')}): `
        + 'the app\'s TLS passes through the proxy unread, so HTTP limits and retries do nothing. Use tlsOrigination (the app speaks HTTP), or drop connectionPool.http.');
    }
    if (httpPorts.length === 0 && (props.timeout || props.retries)) {
      throw configError(this, `timeout and retries need an HTTP port, and no port of ${props.host} is HTTP: the proxy cannot read the app's TLS. `
        + 'Use tlsOrigination (the app speaks HTTP to the sidecar), or add an HTTP port.');
    }
    const breaker = {
      connectionPool: {
        tcp: { ...defaults.tcp, ...pool.tcp },
        http: httpPorts.length > 0 || pool.http ? { ...defaults.http, ...pool.http } : undefined,
      },
      outlierDetection: { ...EXTERNAL_SERVICE_OUTLIER_DETECTION, ...props.outlierDetection },
    };
    this.destinationRule = new DestinationRule(this, 'DestinationRule', {
      metadata,
      host: props.host,
      trafficPolicy: {
        ...breaker,
        // A port-level policy replaces the top-level one for its port, so the breaker is repeated there.
        // Through the egress gateway the sidecars send plain HTTP to it, and the gateway originates TLS (see EgressGatewayRoute).
        portLevelSettings: origination && !props.egressGateway
          ? [{ port: httpPort, ...breaker, tls: originationTls(props.host, origination.tls) }] : undefined,
      },
    });
    if (props.egressGateway) {
      const egress: EgressGatewayOptions = origination
        ? {
          ...props.egressGateway,
          protocol: EgressProtocol.HTTP,
          port: props.egressGateway.port ?? httpPort,
          tlsOrigination: { tlsPort, tls: origination.tls },
        }
        : props.egressGateway;
      const port = egress.port ?? (egress.protocol === EgressProtocol.HTTP ? 80 : 443);
      if (!ports.some((p) => p.number === port)) {
        throw configError(this, `egressGateway uses port ${port}, which is not in ports (${ports.map((p) => p.number).join(', ')}). Add it.`);
      }
      if (props.timeout || props.retries) {
        throw configError(this, 'timeout and retries are not offered with egressGateway: set them on the routes of egressRoute.virtualService.');
      }
      this.egressRoute = new EgressGatewayRoute(this, 'Egress', {
        ...egress,
        host: props.host,
        name,
        namespace: props.namespace,
        serviceEntry: false,
        gatewayTrafficPolicy: origination ? breaker : undefined,
        dataplane: props.dataplane,
        waypoint: props.waypoint,
      });
    } else if (props.timeout || props.retries) {
      this.virtualService = new VirtualService(this, 'VirtualService', { metadata, hosts: [props.host] });
      for (const port of httpPorts) {
        this.virtualService.addHttpRoute({
          match: httpPorts.length > 1 ? [{ port }] : undefined,
          route: [{ destination: Destination.host(props.host, { port }) }],
          timeout: props.timeout,
          retries: props.retries,
        });
      }
    }
  }
}
