// The part of the IstioOperator API (install.istio.io/v1alpha1, Istio 1.28-1.30) that cdk8s-istio
// models and checks. Field names are Istio's own, so a YAML IstioOperator reads the same in TypeScript.
// Sources: operator/pkg/apis/types.go and values_types.proto, manifests/profiles/*.yaml (Istio 1.30.3).
//
// These types are the one description of the shape: the JSON schema the checks use
// (istio-operator-schema.json) is generated from them by `npx projen gen-operator-schema`
// (scripts/gen-operator-schema.ts). What TypeScript cannot say is in JSDoc tags the generator reads:
// `@asType integer`, `@minimum`, `@maximum`, `@pattern`, `@maxLength`, and our `@unmodelled`, the Istio
// fields at that place that cdk8s-istio does not model (reported with the `addOverride` hint, not as unknown).
import { OutboundTrafficMode } from '../networking/outbound-traffic-mode';

/** apiVersion of IstioOperator: the input of `istioctl install -f`. */
export const ISTIO_OPERATOR_API_VERSION = 'install.istio.io/v1alpha1';

/**
 * The built-in installation profiles of `istioctl install` (files in `manifests/profiles/`,
 * the same set in Istio 1.28, 1.29 and 1.30). There is no `production` profile (`default` is the
 * one for production) and no `external` profile any more (a remote cluster uses `remote`).
 */
export enum IstioProfile {
  /** Istiod and an ingress gateway: the profile for production. */
  DEFAULT = 'default',
  /** Default plus an egress gateway, 100% tracing, access logs and low resource requests: for trying Istio out. */
  DEMO = 'demo',
  /** Istiod only, no gateway. */
  MINIMAL = 'minimal',
  /** A cluster whose workloads are managed by the control plane of another (primary or external) cluster. */
  REMOTE = 'remote',
  /** Nothing installed: the base for custom installs such as a separate east-west gateway. */
  EMPTY = 'empty',
  /** Default plus experimental features. */
  PREVIEW = 'preview',
  /** Ambient mode: istiod, the CNI node agent and ztunnel, no sidecars. */
  AMBIENT = 'ambient',
  /** Default with only the features Istio declares stable. */
  STABLE = 'stable',
  /** Default adapted to OpenShift (CNI in kube-system, OpenShift platform settings). */
  OPENSHIFT = 'openshift',
  /** Ambient adapted to OpenShift. */
  OPENSHIFT_AMBIENT = 'openshift-ambient',
}

/** The profiles, as strings, in the order the enum lists them. */
export const ISTIO_PROFILES: readonly string[] = Object.values(IstioProfile);

/** A whole number. @asType integer */
type Integer = number;

/**
 * A Kubernetes IntOrString: a whole number or a string (`8080`, `http`, `25%`). In YAML `1.30` is the
 * number 1.3, not a string: quote such values (`tag: "1.30"`).
 */
export type IntOrString = Integer | string;

/**
 * A Kubernetes quantity: a number, or a string such as `100m`, `1.5`, `128Mi` or `1e3`.
 * @pattern ^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$
 */
export type Quantity = string | number;

/**
 * Compute resources of a container, as in Kubernetes (`cpu: 100m`, `memory: 128Mi`).
 * @unmodelled ephemeral-storage
 */
export interface ResourceList {
  /** CPU quantity, e.g. `100m` or `2`. */
  readonly cpu?: Quantity;
  /** Memory quantity, e.g. `128Mi`. */
  readonly memory?: Quantity;
}

/**
 * Requests and limits of a container (Kubernetes `ResourceRequirements`).
 * @unmodelled claims
 */
export interface ResourceRequirements {
  /** What the scheduler reserves. */
  readonly requests?: ResourceList;
  /** The most the container may use. */
  readonly limits?: ResourceList;
}

/** Kinds of HorizontalPodAutoscaler metric sources (autoscaling/v2). */
export enum HpaMetricType {
  /** A resource (cpu, memory) of the pods. */
  RESOURCE = 'Resource',
  /** A resource of one container of the pods. */
  CONTAINER_RESOURCE = 'ContainerResource',
  /** A custom metric of the pods. */
  PODS = 'Pods',
  /** A metric of another Kubernetes object. */
  OBJECT = 'Object',
  /** A metric from outside the cluster. */
  EXTERNAL = 'External',
}

/** How an HPA metric target is expressed (autoscaling/v2 `MetricTarget.type`). */
export enum HpaTargetType {
  /** Average utilization in percent of the request (`averageUtilization`). */
  UTILIZATION = 'Utilization',
  /** Average value per pod (`averageValue`). */
  AVERAGE_VALUE = 'AverageValue',
  /** Total value (`value`). */
  VALUE = 'Value',
}

/** The target of an HPA metric (autoscaling/v2 `MetricTarget`). */
export interface HpaMetricTarget {
  /** How the target is expressed. */
  readonly type: HpaTargetType;
  /**
   * Percent of the requested resource, with `type: Utilization`.
   * @asType integer
   * @minimum 1
   */
  readonly averageUtilization?: number;
  /** A quantity per pod, with `type: AverageValue`. */
  readonly averageValue?: Quantity;
  /** A total quantity, with `type: Value`. */
  readonly value?: Quantity;
}

/** A resource metric of an HPA (autoscaling/v2 `ResourceMetricSource`). */
export interface HpaResourceMetric {
  /** `cpu` or `memory`. */
  readonly name: string;
  /** The target value. */
  readonly target: HpaMetricTarget;
}

/**
 * One metric of an HPA (autoscaling/v2 `MetricSpec`). Only `Resource` metrics are modelled;
 * the others go through `IstioOperator.addOverride`.
 *
 * Note: `targetAverageUtilization` is not a field of autoscaling/v2 metrics (it was
 * autoscaling/v2beta1). Use `HpaMetric.cpuUtilization(80)`.
 * @unmodelled containerResource pods object external
 */
export interface HpaMetricSpec {
  /** The kind of metric source. */
  readonly type: HpaMetricType;
  /** The resource metric, with `type: Resource`. */
  readonly resource?: HpaResourceMetric;
}

/** Builders for common HPA metrics. */
export class HpaMetric {
  /** Scale on average CPU utilization, in percent of the CPU request. */
  public static cpuUtilization(percent: number): HpaMetricSpec {
    return HpaMetric.utilization('cpu', percent);
  }

  /** Scale on average memory utilization, in percent of the memory request. */
  public static memoryUtilization(percent: number): HpaMetricSpec {
    return HpaMetric.utilization('memory', percent);
  }

  private static utilization(name: string, percent: number): HpaMetricSpec {
    return { type: HpaMetricType.RESOURCE, resource: { name, target: { type: HpaTargetType.UTILIZATION, averageUtilization: percent } } };
  }

  private constructor() {}
}

/**
 * HorizontalPodAutoscaler settings of a component (autoscaling/v2 `HorizontalPodAutoscalerSpec`, without the target reference Istio sets).
 * @unmodelled behavior scaleTargetRef
 */
export interface HpaSpec {
  /**
   * Fewest replicas.
   * @default 1
   * @asType integer
   * @minimum 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @asType integer
   * @minimum 1
   */
  readonly maxReplicas: number;
  /** What to scale on. @default - Istio's chart default (80% CPU) */
  readonly metrics?: HpaMetricSpec[];
}

/** Kubernetes Service types. */
export enum ServiceType {
  /** Reachable inside the cluster only. */
  CLUSTER_IP = 'ClusterIP',
  /** Also on a port of every node. */
  NODE_PORT = 'NodePort',
  /** Also through a cloud load balancer. */
  LOAD_BALANCER = 'LoadBalancer',
}

/**
 * A port of a component's Service.
 * @unmodelled appProtocol
 */
export interface ServicePort {
  /**
   * Port name; Istio reads the protocol from its prefix (`http-`, `tls-`, ...). Kubernetes requires one
   * when the Service has more than one port.
   * @default - none
   */
  readonly name?: string;
  /**
   * The Service port.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;
  /** The container port, a number or a port name. @default - the same as `port` */
  readonly targetPort?: IntOrString;
  /**
   * The node port, for NodePort and LoadBalancer Services.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly nodePort?: number;
  /** The transport protocol. @default TCP */
  readonly protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * A component's Kubernetes Service settings (the modelled part of `ServiceSpec`).
 * @unmodelled loadBalancerIP loadBalancerClass clusterIP clusterIPs externalIPs externalName selector
 *   sessionAffinity sessionAffinityConfig ipFamilies ipFamilyPolicy internalTrafficPolicy healthCheckNodePort
 *   publishNotReadyAddresses allocateLoadBalancerNodePorts trafficDistribution
 */
export interface ComponentService {
  /** The Service type. @default - LoadBalancer for gateways, ClusterIP for istiod */
  readonly type?: ServiceType;
  /** The ports. Replaces the chart's list: include the status port 15021 on gateways. */
  readonly ports?: ServicePort[];
  /** Source ranges allowed through a cloud load balancer. */
  readonly loadBalancerSourceRanges?: string[];
  /** Whether external traffic goes to any node's pods (`Cluster`) or only to the receiving node's (`Local`). */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/**
 * An environment variable of a component's container.
 * @unmodelled valueFrom
 */
export interface EnvVar {
  /** Variable name. */
  readonly name: string;
  /** Value. @default "" */
  readonly value?: string;
}

/**
 * PodDisruptionBudget settings of a component.
 * @unmodelled selector unhealthyPodEvictionPolicy
 */
export interface PodDisruptionBudget {
  /** Pods that must stay available (a number or a percentage). */
  readonly minAvailable?: IntOrString;
  /** Pods that may be unavailable (a number or a percentage). */
  readonly maxUnavailable?: IntOrString;
}

/**
 * Kubernetes settings of a component (`KubernetesResourcesSpec`, `k8s:` in YAML). Affinity,
 * tolerations, probes, volumes, security context, strategy and overlays are Istio fields that
 * cdk8s-istio does not model: set them with `IstioOperator.addOverride` (passed through unchecked).
 * @unmodelled affinity tolerations readinessProbe strategy securityContext volumes volumeMounts overlays
 */
export interface KubernetesResources {
  /**
   * Fixed number of replicas (ignored when an HPA is on).
   * @asType integer
   * @minimum 0
   */
  readonly replicaCount?: number;
  /** HorizontalPodAutoscaler settings. */
  readonly hpaSpec?: HpaSpec;
  /** CPU and memory requests and limits. */
  readonly resources?: ResourceRequirements;
  /** Service settings. */
  readonly service?: ComponentService;
  /** Annotations of the Service (e.g. for cloud load balancers). */
  readonly serviceAnnotations?: Record<string, string>;
  /** Annotations of the pods. */
  readonly podAnnotations?: Record<string, string>;
  /** Node labels the pods must match. */
  readonly nodeSelector?: Record<string, string>;
  /** Extra environment variables. */
  readonly env?: EnvVar[];
  /** PodDisruptionBudget settings. */
  readonly podDisruptionBudget?: PodDisruptionBudget;
  /** When the kubelet pulls the image. */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Pod priority class. */
  readonly priorityClassName?: string;
}

/** A component that is on or off, with Kubernetes settings (pilot, cni, ztunnel, istiodRemote). */
export interface ComponentSpec {
  /** Whether the component is installed. @default - as the profile says */
  readonly enabled?: boolean;
  /** Namespace of the component. @default - the install namespace */
  readonly namespace?: string;
  /** Image registry for this component. */
  readonly hub?: string;
  /** Image tag for this component. */
  readonly tag?: IntOrString;
  /** Kubernetes settings. */
  readonly k8s?: KubernetesResources;
}

/**
 * The base component (CRDs, cluster roles).
 * @unmodelled k8s
 */
export interface BaseComponentSpec {
  /** Whether the component is installed. @default - as the profile says */
  readonly enabled?: boolean;
}

/** An ingress or egress gateway deployment. */
export interface GatewayComponentSpec extends ComponentSpec {
  /**
   * Name of the Deployment and Service, e.g. `istio-ingressgateway` (the names istioctl accepts: its validateComponentNames).
   * @pattern ^[a-z0-9.-]{1,254}$
   */
  readonly name: string;
  /** Labels of the pods (Gateway resources select on them, e.g. `istio: eastwestgateway`). */
  readonly label?: Record<string, string>;
}

/** The components an IstioOperator installs. */
export interface IstioComponents {
  /** CRDs and cluster roles. */
  readonly base?: BaseComponentSpec;
  /** Istiod. */
  readonly pilot?: ComponentSpec;
  /** The Istio CNI node agent. */
  readonly cni?: ComponentSpec;
  /** The ambient node proxy. */
  readonly ztunnel?: ComponentSpec;
  /** Injector settings for a cluster managed by a remote control plane. */
  readonly istiodRemote?: ComponentSpec;
  /** Ingress gateway deployments. */
  readonly ingressGateways?: GatewayComponentSpec[];
  /** Egress gateway deployments. */
  readonly egressGateways?: GatewayComponentSpec[];
}

/** Encoding of Envoy access logs. */
export enum AccessLogEncoding {
  /** Text lines. */
  TEXT = 'TEXT',
  /** JSON objects. */
  JSON = 'JSON',
}

/** A service address of an extension provider. */
export interface ProviderService {
  /** Fully qualified host of the service, e.g. `zipkin.istio-system.svc.cluster.local`. */
  readonly service: string;
  /**
   * Its port.
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port: number;
}

/**
 * A Zipkin tracing backend.
 * @unmodelled enable64bitTraceId path traceContextOption timeout headers
 */
export interface ZipkinProvider extends ProviderService {
  /**
   * Longest tag value sent.
   * @asType integer
   * @minimum 0
   */
  readonly maxTagLength?: number;
}

/**
 * An OpenTelemetry tracing backend (OTLP).
 * @unmodelled http resourceDetectors dynatraceSampler grpc
 */
export interface OpenTelemetryProvider extends ProviderService {
  /**
   * Longest tag value sent.
   * @asType integer
   * @minimum 0
   */
  readonly maxTagLength?: number;
}

/**
 * An OpenTelemetry collector receiving access logs.
 * @unmodelled logFormat
 */
export interface EnvoyOtelAlsProvider extends ProviderService {
  /** Name of the log. */
  readonly logName?: string;
}

/**
 * Access logs written to a file.
 * @unmodelled logFormat
 */
export interface FileAccessLogProvider {
  /** The file, e.g. `/dev/stdout`. */
  readonly path: string;
}

/**
 * A telemetry backend declared in `meshConfig.extensionProviders` and referenced by name from
 * Telemetry resources. Build them with `ExtensionProvider` (`ExtensionProvider.zipkin(...)`...).
 * Exactly one provider field is set.
 * @unmodelled envoyExtAuthzHttp envoyExtAuthzGrpc stackdriver skywalking datadog lightstep envoyHttpAls envoyTcpAls sds
 */
export interface ExtensionProviderSpec {
  /** Name Telemetry resources use. */
  readonly name: string;
  /** Prometheus metrics (no settings). */
  readonly prometheus?: Record<string, never>;
  /** Zipkin tracing (also Jaeger's Zipkin endpoint on 9411). */
  readonly zipkin?: ZipkinProvider;
  /** OpenTelemetry tracing over OTLP gRPC (also Jaeger's OTLP endpoint on 4317). */
  readonly opentelemetry?: OpenTelemetryProvider;
  /** Access logs sent to an OpenTelemetry collector. */
  readonly envoyOtelAls?: EnvoyOtelAlsProvider;
  /** Access logs written to a file. */
  readonly envoyFileAccessLog?: FileAccessLogProvider;
}

/**
 * Proxy tracing defaults (`meshConfig.defaultConfig.tracing`).
 * @unmodelled zipkin lightstep datadog stackdriver openCensusAgent custom_tags max_path_tag_length tlsSettings
 */
export interface ProxyTracingConfig {
  /**
   * Percent of requests traced, 0 to 100.
   * @default 1
   * @minimum 0
   * @maximum 100
   */
  readonly sampling?: number;
}

/**
 * Defaults of every proxy (`meshConfig.defaultConfig`, a ProxyConfig).
 * @unmodelled concurrency drainDuration terminationDrainDuration discoveryAddress proxyStatsMatcher gatewayTopology
 *   image tracingServiceName statusPort extraStatTags meshId proxyHeaders readinessProbe runtimeValues
 */
export interface ProxyConfigDefaults {
  /** Tracing defaults. */
  readonly tracing?: ProxyTracingConfig;
  /** Start the application only when the sidecar is ready. */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /** Environment variables of the proxy agent. */
  readonly proxyMetadata?: Record<string, string>;
}

/** Default providers of the Telemetry API (`meshConfig.defaultProviders`). */
export interface DefaultProviders {
  /** Provider names for metrics. */
  readonly metrics?: string[];
  /** Provider names for tracing. */
  readonly tracing?: string[];
  /** Provider names for access logs. */
  readonly accessLogging?: string[];
}

/**
 * Outbound traffic policy of the mesh.
 * @unmodelled egressProxy
 */
export interface MeshOutboundTrafficPolicy {
  /** The mode. */
  readonly mode: OutboundTrafficMode;
}

/**
 * The modelled part of MeshConfig (`spec.meshConfig`).
 * @unmodelled connectTimeout protocolDetectionTimeout tcpKeepalive ingressClass ingressService ingressControllerMode
 *   ingressSelector enableEnvoyAccessLogService disableEnvoyListenerLog enableAutoMtls localityLbSetting dnsRefreshRate
 *   h2UpgradePolicy inboundClusterStatName outboundClusterStatName certificates serviceSettings discoverySelectors
 *   pathNormalization defaultHttpRetryPolicy meshMTLS tlsDefaults rootNamespace configSources defaultServiceExportTo
 *   defaultVirtualServiceExportTo defaultDestinationRuleExportTo verifyCertificateAtClient caCertificates serviceScopeConfigs
 *   proxyListenPort proxyInboundListenPort proxyHttpPort meshNetworks
 */
export interface MeshConfig {
  /** Envoy access log file, e.g. `/dev/stdout`; empty turns access logs off. */
  readonly accessLogFile?: string;
  /** Access log encoding. @default TEXT */
  readonly accessLogEncoding?: AccessLogEncoding;
  /** Access log format (Envoy command operators). */
  readonly accessLogFormat?: string;
  /** Whether proxies trace requests. */
  readonly enableTracing?: boolean;
  /** Defaults of every proxy. */
  readonly defaultConfig?: ProxyConfigDefaults;
  /** What sidecars do with traffic to unknown hosts. */
  readonly outboundTrafficPolicy?: MeshOutboundTrafficPolicy;
  /** The trust domain of workload identities (SPIFFE IDs). @default cluster.local */
  readonly trustDomain?: string;
  /** Other trust domains accepted as this one. */
  readonly trustDomainAliases?: string[];
  /** Telemetry backends. */
  readonly extensionProviders?: ExtensionProviderSpec[];
  /** Providers used when a Telemetry resource names none. */
  readonly defaultProviders?: DefaultProviders;
  /** Whether Envoy's and the application's Prometheus metrics are merged on one endpoint. */
  readonly enablePrometheusMerge?: boolean;
}

/**
 * Sidecar settings in `values.global.proxy`.
 * @unmodelled autoInject clusterDomain componentLogLevel excludeInboundPorts excludeIPRanges excludeOutboundPorts
 *   image includeIPRanges includeInboundPorts includeOutboundPorts outlierLogPath privileged readinessFailureThreshold
 *   readinessInitialDelaySeconds readinessPeriodSeconds startupProbe statusPort tracer lifecycle
 */
export interface ProxyValues {
  /** Resources of every sidecar. */
  readonly resources?: ResourceRequirements;
  /** Envoy log level. */
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'critical' | 'off';
  /** Whether sidecars hold the application until they are ready. */
  readonly holdApplicationUntilProxyStarts?: boolean;
  /**
   * Seccomp profile of the injected proxy containers (istio-proxy, istio-init / istio-validation). The injection
   * template writes one only when this is set (istio-discovery's `files/injection-template.yaml`), e.g.
   * `{ type: 'RuntimeDefault' }`, which the restricted Pod Security level asks of every container.
   */
  readonly seccompProfile?: SeccompProfile;
}

/** A Kubernetes seccomp profile. */
export interface SeccompProfile {
  /** `RuntimeDefault`, `Localhost` or `Unconfined`. */
  readonly type: 'RuntimeDefault' | 'Localhost' | 'Unconfined';
  /** The profile file on the node, for `Localhost`. */
  readonly localhostProfile?: string;
}

/**
 * Multi-cluster settings in `values.global.multiCluster`.
 * @unmodelled enabled globalDomainSuffix includeEnvoyFilter
 */
export interface MultiClusterValues {
  /** Name of this cluster in the mesh (unique per mesh). */
  readonly clusterName?: string;
}

/**
 * Mesh-wide settings in `values.global`.
 * @unmodelled arch certSigners configValidation defaultNodeSelector defaultPodDisruptionBudget defaultResources
 *   defaultTolerations imagePullPolicy imagePullSecrets logging meshNetworks podDNSSearchNamespaces
 *   omitSidecarInjectorConfigMap operatorManageWebhooks priorityClassName proxy_init sds variant tracer istiod
 *   pilotCertProvider jwtPolicy sts revision mountMtlsCerts caAddress configCluster caName platform
 *   ipFamilies ipFamilyPolicy waypoint trustBundleName nativeNftables resourceScope agentgateway enableReaderRBAC
 */
export interface GlobalValues {
  /** Mesh identifier, the same in every cluster of one mesh. */
  readonly meshID?: string;
  /** Multi-cluster settings. */
  readonly multiCluster?: MultiClusterValues;
  /** Network of this cluster (clusters on different networks talk through east-west gateways). */
  readonly network?: string;
  /** Sidecar defaults. */
  readonly proxy?: ProxyValues;
  /** Address of the remote istiod (a remote cluster's discovery address). */
  readonly remotePilotAddress?: string;
  /** Lets this istiod also serve remote clusters (primary of a primary-remote mesh). */
  readonly externalIstiod?: boolean;
  /** Namespace of the control plane. @default istio-system */
  readonly istioNamespace?: string;
  /** Image registry. */
  readonly hub?: string;
  /** Image tag. */
  readonly tag?: IntOrString;
  /** Logs in JSON. */
  readonly logAsJson?: boolean;
  /** Whether Istio's charts create their own NetworkPolicies. */
  readonly networkPolicy?: { readonly enabled?: boolean };
}

/**
 * Istiod settings in `values.pilot`.
 * @unmodelled enabled autoscaleBehavior replicaCount image resources nodeSelector keepaliveMaxServerConnectionAge
 *   deploymentLabels podLabels configMap affinity rollingMaxSurge rollingMaxUnavailable tolerations podAnnotations
 *   serviceAnnotations serviceAccountAnnotations jwksResolverExtraRootCA hub tag variant seccompProfile
 *   topologySpreadConstraints extraContainerArgs volumeMounts volumes ipFamilies ipFamilyPolicy memory cni taint
 *   trustedZtunnelNamespace trustedZtunnelName istiodRemote
 */
export interface PilotValues {
  /** Environment variables of istiod (feature flags such as `PILOT_ENABLE_...`). */
  readonly env?: Record<string, string | boolean | number>;
  /**
   * Percent of requests traced when Telemetry does not say (0 to 100).
   * @minimum 0
   * @maximum 100
   */
  readonly traceSampling?: number;
  /** Whether an HPA scales istiod. */
  readonly autoscaleEnabled?: boolean;
  /**
   * Fewest istiod replicas with the HPA.
   * @asType integer
   * @minimum 1
   */
  readonly autoscaleMin?: number;
  /**
   * Most istiod replicas with the HPA.
   * @asType integer
   * @minimum 1
   */
  readonly autoscaleMax?: number;
  /** CPU target of the chart's HPA: the field the guide's `targetAverageUtilization` belongs to. */
  readonly cpu?: PilotCpuValues;
}

/** CPU settings of istiod's chart (`values.pilot.cpu`). */
export interface PilotCpuValues {
  /**
   * Target CPU utilization of the chart's HPA, in percent of the request.
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly targetAverageUtilization?: number;
}

/**
 * Settings of a gateway chart in `values.gateways.<name>`.
 * @unmodelled autoscaleMax autoscaleMin cpu memory customService enabled env labels loadBalancerIP
 *   loadBalancerSourceRanges name nodeSelector podAnnotations ports resources secretVolumes serviceAnnotations
 *   type zvpn tolerations rollingMaxSurge rollingMaxUnavailable configVolumes additionalContainers
 *   podAntiAffinityLabelSelector podAntiAffinityTermLabelSelector ingressPorts
 */
export interface GatewayValues {
  /** Sidecar injection template; `gateway` for gateways installed with IstioOperator. */
  readonly injectionTemplate?: string;
  /** Whether an HPA scales the gateway. */
  readonly autoscaleEnabled?: boolean;
  /** Whether the gateway may run as root (to bind ports below 1024). */
  readonly runAsRoot?: boolean;
}

/**
 * Settings of the injector of a remote cluster in `values.istiodRemote`.
 * @unmodelled injectionCABundle enabledLocalInjectorIstiod
 */
export interface IstiodRemoteValues {
  /** Whether this cluster uses a remote istiod. */
  readonly enabled?: boolean;
  /**
   * Path of the injection webhook on the remote istiod: `/inject/cluster/<cluster>/net/<network>`.
   * @pattern ^/
   */
  readonly injectionPath?: string;
  /** Full URL of the injection webhook, when not reached through `remotePilotAddress`. */
  readonly injectionURL?: string;
}

/** The gateway charts' settings (`values.gateways`), by chart. */
export interface GatewaysValues {
  /** The ingress gateway chart. */
  readonly 'istio-ingressgateway'?: GatewayValues;
  /** The egress gateway chart. */
  readonly 'istio-egressgateway'?: GatewayValues;
}

/**
 * The modelled part of the Helm values (`spec.values`).
 * @unmodelled cni ztunnel telemetry sidecarInjectorWebhook istio_cni revision ownerName meshConfig base
 *   profile compatibilityVersion experimental gatewayClasses
 */
export interface IstioValues {
  /** Revision the default injection webhooks point to. */
  readonly defaultRevision?: string;
  /** Aliases for the revision (a webhook each). */
  readonly revisionTags?: string[];
  /** Mesh-wide settings. */
  readonly global?: GlobalValues;
  /** Istiod settings. */
  readonly pilot?: PilotValues;
  /** Injector settings for a remote cluster. */
  readonly istiodRemote?: IstiodRemoteValues;
  /** Gateway chart settings. */
  readonly gateways?: GatewaysValues;
}

/** The modelled part of `IstioOperator.spec`. */
export interface IstioOperatorSpec {
  /** The profile the settings apply to. @default - Istio's default profile */
  readonly profile?: IstioProfile;
  /**
   * Revision of this control plane (a DNS label, e.g. `1-30-3`).
   * @pattern ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$
   * @maxLength 63
   */
  readonly revision?: string;
  /** Image registry. */
  readonly hub?: string;
  /** Image tag. */
  readonly tag?: IntOrString;
  /** Namespace the control plane is installed into. @default - the IstioOperator's namespace */
  readonly namespace?: string;
  /**
   * Behave like an older release, `major.minor` (e.g. `1.28`).
   * @pattern ^[0-9]+\.[0-9]+$
   */
  readonly compatibilityVersion?: string;
  /** Mesh configuration. */
  readonly meshConfig?: MeshConfig;
  /** Components to install. */
  readonly components?: IstioComponents;
  /** Helm values. */
  readonly values?: IstioValues;
}

/**
 * `spec` of an IstioOperator object: the modelled fields and Istio's own unchecked `unvalidatedValues`.
 * @unmodelled installPackagePath
 */
export interface IstioOperatorObjectSpec extends IstioOperatorSpec {
  /**
   * Istio's own escape hatch (`spec.unvalidatedValues`): Helm values rendered without any check,
   * by istioctl or by cdk8s-istio. For fields of the API that are not modelled here, prefer
   * `addOverride`, which keeps them in their real place.
   * @default - none
   */
  readonly unvalidatedValues?: Record<string, unknown>;
}

/** An IstioOperator object as `istioctl install -f` reads it: what `validateIstioOperator` checks. */
export interface IstioOperatorObject {
  /** The API version. */
  readonly apiVersion: typeof ISTIO_OPERATOR_API_VERSION;
  /** The kind. */
  readonly kind: 'IstioOperator';
  /** Kubernetes object metadata (not checked). */
  readonly metadata?: Record<string, unknown>;
  /** The spec. */
  readonly spec?: IstioOperatorObjectSpec;
}
