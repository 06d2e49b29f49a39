import { Duration } from 'cdk8s';
import { checkInteger, checkPercent, checkPort, compactOrUndefined, nonEmpty } from './checks';
import { LoadBalancer } from './load-balancer';
import { ClientTls } from './tls';
import type { DestinationRuleSpecTrafficPolicy, DestinationRuleSpecTrafficPolicyConnectionPool, DestinationRuleSpecTrafficPolicyOutlierDetection, DestinationRuleSpecTrafficPolicyPortLevelSettings } from '../../imports/networking.istio.io';
import { fieldError } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** TCP keepalive probes on upstream connections. */
export interface TcpKeepalive {
  /**
   * Unanswered probes before the connection is dropped.
   * @default - the OS default (9 on Linux)
   */
  readonly probes?: number;
  /**
   * Idle time before the first probe.
   * @default - the OS default (2 hours on Linux)
   */
  readonly time?: Duration;
  /**
   * Time between probes.
   * @default - the OS default (75s on Linux)
   */
  readonly interval?: Duration;
}

/** Limits on TCP connections to each endpoint (a circuit breaker). */
export interface TcpConnectionPool {
  /**
   * The most connections to a destination host.
   * @default 4294967295
   */
  readonly maxConnections?: number;
  /**
   * The TCP connect timeout.
   * @default 10s
   */
  readonly connectTimeout?: Duration;
  /**
   * The longest a connection may live.
   * @default - unlimited
   */
  readonly maxConnectionDuration?: Duration;
  /**
   * How long a connection may be idle before it is closed.
   * @default 1h
   */
  readonly idleTimeout?: Duration;
  /**
   * Keepalive probes.
   * @default - no keepalive
   */
  readonly tcpKeepalive?: TcpKeepalive;
}

/** Whether HTTP/1.1 connections to the destination are upgraded to HTTP/2. */
export enum H2UpgradePolicy {
  /** The mesh's default. */
  DEFAULT = 'DEFAULT',
  /** Do not upgrade. */
  DO_NOT_UPGRADE = 'DO_NOT_UPGRADE',
  /** Upgrade to HTTP/2. */
  UPGRADE = 'UPGRADE',
}

/** Limits on HTTP requests to each endpoint (a circuit breaker). */
export interface HttpConnectionPool {
  /**
   * The most requests waiting for a connection.
   * @default 4294967295
   */
  readonly http1MaxPendingRequests?: number;
  /**
   * The most active requests to a destination.
   * @default 4294967295
   */
  readonly http2MaxRequests?: number;
  /**
   * Requests per connection before it is closed; 1 disables keep-alive.
   * @default - unlimited
   */
  readonly maxRequestsPerConnection?: number;
  /**
   * The most retries outstanding to all endpoints at once.
   * @default 4294967295
   */
  readonly maxRetries?: number;
  /**
   * How long a connection may have no active request before it is closed.
   * @default 1h
   */
  readonly idleTimeout?: Duration;
  /**
   * HTTP/2 upgrade of HTTP/1.1 connections.
   * @default H2UpgradePolicy.DEFAULT
   */
  readonly h2UpgradePolicy?: H2UpgradePolicy;
  /**
   * Use the protocol of the client's request toward the upstream.
   * @default false
   */
  readonly useClientProtocol?: boolean;
  /**
   * The most concurrent streams per HTTP/2 connection.
   * @default 2147483647
   */
  readonly maxConcurrentStreams?: number;
}

/** Connection limits toward a destination. */
export interface ConnectionPool {
  /**
   * TCP limits (for every protocol).
   * @default - Envoy's defaults
   */
  readonly tcp?: TcpConnectionPool;
  /**
   * HTTP limits.
   * @default - Envoy's defaults
   */
  readonly http?: HttpConnectionPool;
}

/**
 * Ejection of failing endpoints from the load-balancing pool (passive health checking).
 * @example { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.seconds(30), maxEjectionPercent: 50 }
 */
export interface OutlierDetection {
  /**
   * Consecutive 5xx responses (or, for TCP, connect failures) that eject an endpoint; 0 turns this off.
   * This replaces the removed `consecutiveErrors`.
   * @default 5
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Consecutive 502, 503 and 504 responses that eject an endpoint; 0 turns this off.
   * @default - off
   */
  readonly consecutiveGatewayErrors?: number;
  /**
   * Consecutive locally originated failures that eject an endpoint (with `splitExternalLocalOriginErrors`).
   * @default 5
   */
  readonly consecutiveLocalOriginFailures?: number;
  /**
   * Count locally originated failures (timeouts, resets) apart from upstream responses.
   * @default false
   */
  readonly splitExternalLocalOriginErrors?: boolean;
  /**
   * Time between ejection sweeps, at least 1ms.
   * @default 10s
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection time (multiplied by the number of ejections), at least 1ms.
   * @default 30s
   */
  readonly baseEjectionTime?: Duration;
  /**
   * The most endpoints that may be ejected, in percent.
   * @default 10
   */
  readonly maxEjectionPercent?: number;
  /**
   * Outlier detection is on while at least this percentage of endpoints is healthy.
   * @default 0
   */
  readonly minHealthPercent?: number;
}

/** The policies of a traffic policy that can also be set per port. */
export interface PortPolicyOptions {
  /**
   * How requests are spread over endpoints.
   * @default - LEAST_REQUEST
   */
  readonly loadBalancer?: LoadBalancer;
  /**
   * Connection limits.
   * @default - Envoy's defaults
   */
  readonly connectionPool?: ConnectionPool;
  /**
   * Ejection of failing endpoints.
   * @default - no outlier detection
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * TLS toward the destination.
   * @default - Istio's automatic mTLS
   */
  readonly tls?: ClientTls;
}

/** Policies for one port of the destination, overriding the destination-wide ones. */
export interface PortTrafficPolicy extends PortPolicyOptions {
  /** The port of the destination. */
  readonly port: number;
}

/** Policies applied to traffic toward a destination (or a subset of it). */
export interface TrafficPolicy extends PortPolicyOptions {
  /**
   * Policies per port; they replace the destination-wide ones for that port.
   * @default - none
   */
  readonly portLevelSettings?: PortTrafficPolicy[];
}

function duration(d: Duration | undefined, what: string): string | undefined {
  return d && renderIstioDuration(d, what);
}

function count(n: number | undefined, what: string, min = 0): number | undefined {
  return n === undefined ? undefined : checkInteger(n, what, min);
}

/** Checks and renders a connection pool; undefined when empty. */
export function renderConnectionPool(pool: ConnectionPool, what: string): Wire<DestinationRuleSpecTrafficPolicyConnectionPool> | undefined {
  const tcp = pool.tcp;
  const http = pool.http;
  if (http?.useClientProtocol && http.h2UpgradePolicy === H2UpgradePolicy.UPGRADE) {
    throw fieldError(`${what}.http`, 'useClientProtocol cannot be combined with h2UpgradePolicy UPGRADE.');
  }
  return compactOrUndefined({
    tcp: tcp && compactOrUndefined({
      maxConnections: count(tcp.maxConnections, `${what}.tcp.maxConnections`, 1),
      connectTimeout: duration(tcp.connectTimeout, `${what}.tcp.connectTimeout`),
      maxConnectionDuration: duration(tcp.maxConnectionDuration, `${what}.tcp.maxConnectionDuration`),
      idleTimeout: duration(tcp.idleTimeout, `${what}.tcp.idleTimeout`),
      tcpKeepalive: tcp.tcpKeepalive && compactOrUndefined({
        probes: count(tcp.tcpKeepalive.probes, `${what}.tcp.tcpKeepalive.probes`, 1),
        time: duration(tcp.tcpKeepalive.time, `${what}.tcp.tcpKeepalive.time`),
        interval: duration(tcp.tcpKeepalive.interval, `${what}.tcp.tcpKeepalive.interval`),
      }),
    }),
    http: http && compactOrUndefined({
      http1MaxPendingRequests: count(http.http1MaxPendingRequests, `${what}.http.http1MaxPendingRequests`, 1),
      http2MaxRequests: count(http.http2MaxRequests, `${what}.http.http2MaxRequests`, 1),
      maxRequestsPerConnection: count(http.maxRequestsPerConnection, `${what}.http.maxRequestsPerConnection`),
      maxRetries: count(http.maxRetries, `${what}.http.maxRetries`),
      idleTimeout: duration(http.idleTimeout, `${what}.http.idleTimeout`),
      h2UpgradePolicy: http.h2UpgradePolicy,
      useClientProtocol: http.useClientProtocol,
      maxConcurrentStreams: count(http.maxConcurrentStreams, `${what}.http.maxConcurrentStreams`, 1),
    }),
  });
}

function renderOutlierDetection(o: OutlierDetection, what: string): Wire<DestinationRuleSpecTrafficPolicyOutlierDetection> {
  return dropUndefined({
    consecutive5xxErrors: count(o.consecutive5xxErrors, `${what}.consecutive5xxErrors`),
    consecutiveGatewayErrors: count(o.consecutiveGatewayErrors, `${what}.consecutiveGatewayErrors`),
    consecutiveLocalOriginFailures: count(o.consecutiveLocalOriginFailures, `${what}.consecutiveLocalOriginFailures`),
    splitExternalLocalOriginErrors: o.splitExternalLocalOriginErrors,
    interval: duration(o.interval, `${what}.interval`),
    baseEjectionTime: duration(o.baseEjectionTime, `${what}.baseEjectionTime`),
    maxEjectionPercent: o.maxEjectionPercent === undefined ? undefined : checkInteger(checkPercent(o.maxEjectionPercent, `${what}.maxEjectionPercent`), `${what}.maxEjectionPercent`),
    minHealthPercent: o.minHealthPercent === undefined ? undefined : checkInteger(checkPercent(o.minHealthPercent, `${what}.minHealthPercent`), `${what}.minHealthPercent`),
  });
}

function renderPortPolicy(p: PortPolicyOptions, what: string): Wire<DestinationRuleSpecTrafficPolicyPortLevelSettings> {
  return dropUndefined({
    loadBalancer: p.loadBalancer?.toJson(),
    connectionPool: p.connectionPool && renderConnectionPool(p.connectionPool, `${what}.connectionPool`),
    outlierDetection: p.outlierDetection && renderOutlierDetection(p.outlierDetection, `${what}.outlierDetection`),
    tls: p.tls?.toJson(),
  });
}

/** Checks and renders a traffic policy; `what` names it in errors. */
export function renderTrafficPolicy(policy: TrafficPolicy, what: string): Wire<DestinationRuleSpecTrafficPolicy> | undefined {
  const ports = new Set<number>();
  const portLevelSettings = nonEmpty(policy.portLevelSettings)?.map((p, i) => {
    checkPort(p.port, `${what}.portLevelSettings[${i}].port`);
    if (ports.has(p.port)) throw fieldError(`${what}.portLevelSettings`, `port ${p.port} appears twice; give each port one entry.`);
    ports.add(p.port);
    const settings = renderPortPolicy(p, `${what}.portLevelSettings[${i}]`);
    if (Object.keys(settings).length === 0) {
      throw fieldError(`${what}.portLevelSettings[${i}]`, `(port ${p.port}) sets nothing; give a loadBalancer, connectionPool, outlierDetection or tls.`);
    }
    return { port: { number: p.port }, ...settings };
  });
  return compactOrUndefined({ ...renderPortPolicy(policy, what), portLevelSettings });
}
