// The public API of the networking constructs. Render and check helpers stay internal to lib/networking.
export type { CorsPolicy } from './cors';
export { UnmatchedPreflights } from './cors';
export type { DestinationConfig, DestinationOptions, HostDestinationOptions, IDestination, IServiceRef } from './destination';
export { Destination } from './destination';
export type { DestinationRuleProps, SubsetOptions } from './destination-rule';
export { DestinationRule, Subset } from './destination-rule';
export type { FaultAbort, FaultDelay, HttpFault } from './fault';
export { GrpcStatus } from './fault';
export type { GatewayProps, GatewayServerOptions } from './gateway';
export { Gateway } from './gateway';
export type { IGatewayTarget } from './gateway-target';
export { GatewayTarget, MESH } from './gateway-target';
export type { HeaderOperations, Headers } from './headers';
export type {
  HttpDirectResponse, HttpMirror, HttpRedirect, HttpRewrite, HttpRouteDestination, HttpRouteOptions, IVirtualServiceRef, RegexRewrite,
} from './http-route';
export { RedirectPortSelection } from './http-route';
export type { HashCookie, LoadBalancerOptions, LocalityDistribution, LocalityFailover, LocalityLbSetting } from './load-balancer';
export { LoadBalancer, LoadBalancerAlgorithm } from './load-balancer';
export type { HttpMatch, L4Match, TlsMatch } from './match';
export { HttpMethod, StringMatch } from './match';
export { OutboundTrafficMode } from './outbound-traffic-mode';
export type { PortOptions } from './port';
export { Protocol } from './port';
export type { HttpRetry } from './retry';
export { RetryOn } from './retry';
export type { ServiceEntryProps } from './service-entry';
export { ServiceEntry, ServiceEntryLocation, ServiceEntryResolution } from './service-entry';
export type { OutboundTrafficPolicy, SidecarEgressOptions, SidecarIngressOptions, SidecarProps } from './sidecar';
export { CaptureMode, Sidecar } from './sidecar';
export type { RouteDestination, TcpRouteOptions, TlsRouteOptions } from './tcp-route';
export type { ClientCertificateOptions, ClientTlsOptions, OriginationTlsOptions, ServerTlsOptions } from './tls';
export { ClientTls, ClientTlsMode, ServerTls, ServerTlsMode, TlsProtocolVersion } from './tls';
export type {
  ConnectionPool, HttpConnectionPool, OutlierDetection, PortPolicyOptions, PortTrafficPolicy, TcpConnectionPool, TcpKeepalive, TrafficPolicy,
} from './traffic-policy';
export { H2UpgradePolicy } from './traffic-policy';
export type { VirtualServiceProps } from './virtual-service';
export { VirtualService } from './virtual-service';
export type { WorkloadEntryOptions, WorkloadEntryProps } from './workload-entry';
export { WorkloadEntry } from './workload-entry';
export type { HttpGetProbeOptions, ProbeOptions, TcpProbeOptions, WorkloadGroupMetadata, WorkloadGroupProps } from './workload-group';
export { Probe, WorkloadGroup } from './workload-group';
