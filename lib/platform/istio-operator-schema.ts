// JSON schema of the IstioOperator fields cdk8s-istio models (istio-operator-spec.ts), for ajv.
// IstioOperator is not a CRD that Istio ships (istioctl reads it), so there is no generated schema.
// Each object's schema is typed by its interface (`obj<T>`): a field in one and not in the other, or a
// `required` field the interface makes optional, fails to compile, so the two cannot drift apart.
//
// Every object is closed (`additionalProperties: false`). `x-unmodelled` lists fields that Istio
// has at that place but we do not check: they are reported with a hint to pass them through
// `IstioOperator.addOverride` (unchecked), rather than as unknown fields.
import {
  ComponentService, ComponentSpec, DefaultProviders, EnvVar, ExtensionProviderSpec, GatewayComponentSpec, GatewayValues, GlobalValues,
  HpaMetricSpec, HpaMetricTarget, HpaResourceMetric, HpaSpec, ISTIO_PROFILES, IstioComponents, IstiodRemoteValues, IstioOperatorSpec,
  IstioValues, KubernetesResources, MeshConfig, MeshOutboundTrafficPolicy, PilotValues, PodDisruptionBudget, ProxyConfigDefaults,
  ProxyTracingConfig, ProxyValues, ResourceList, ResourceRequirements, SeccompProfile, ServicePort, BaseComponentSpec, MultiClusterValues,
} from './istio-operator-spec';

type Schema = Record<string, unknown>;
/** One schema for every field of `T`, no more, no less. */
type Fields<T> = { readonly [K in keyof Required<T>]: Schema };
/** The fields `T` does not make optional. */
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T] & string;

/** Kubernetes quantity (`100m`, `1.5`, `128Mi`, `1e3`): a string in that shape, or a number. */
const QUANTITY = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$';
/** A DNS-1123 label, as Istio requires of a revision. */
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

const str: Schema = { type: 'string' };
const bool: Schema = { type: 'boolean' };
const int = (minimum?: number, maximum?: number): Schema => ({ type: 'integer', minimum, maximum });
const num = (minimum?: number, maximum?: number): Schema => ({ type: 'number', minimum, maximum });
const port: Schema = int(1, 65535);
const quantity: Schema = { type: ['string', 'number'], pattern: QUANTITY };
const strMap: Schema = { type: 'object', additionalProperties: str };
const strList: Schema = { type: 'array', items: str };
const intOrString: Schema = { type: ['integer', 'string'] };
const enumOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
const list = (items: Schema): Schema => ({ type: 'array', items });
function obj<T>(properties: Fields<T>, options: { required?: Array<RequiredKeys<T>>; unmodelled?: string[] } = {}): Schema {
  return {
    'type': 'object',
    'additionalProperties': false,
    properties,
    'required': options.required,
    'x-unmodelled': options.unmodelled,
  };
}

const resourceList = obj<ResourceList>({ cpu: quantity, memory: quantity }, { unmodelled: ['ephemeral-storage'] });
const resources = obj<ResourceRequirements>({ requests: resourceList, limits: resourceList }, { unmodelled: ['claims'] });

const metricTarget = obj<HpaMetricTarget>({
  type: enumOf(['Utilization', 'AverageValue', 'Value']),
  averageUtilization: int(1),
  averageValue: quantity,
  value: quantity,
}, { required: ['type'] });
const hpaSpec = obj<HpaSpec>({
  minReplicas: int(1),
  maxReplicas: int(1),
  metrics: list(obj<HpaMetricSpec>({
    type: enumOf(['Resource', 'ContainerResource', 'Pods', 'Object', 'External']),
    resource: obj<HpaResourceMetric>({ name: str, target: metricTarget }, { required: ['name', 'target'] }),
  }, { required: ['type'], unmodelled: ['containerResource', 'pods', 'object', 'external'] })),
}, { required: ['maxReplicas'], unmodelled: ['behavior', 'scaleTargetRef'] });

const service = obj<ComponentService>({
  type: enumOf(['ClusterIP', 'NodePort', 'LoadBalancer']),
  ports: list(obj<ServicePort>({
    name: str,
    port,
    targetPort: intOrString,
    nodePort: int(1, 65535),
    protocol: enumOf(['TCP', 'UDP', 'SCTP']),
  }, { required: ['port'], unmodelled: ['appProtocol'] })),
  loadBalancerSourceRanges: strList,
  externalTrafficPolicy: enumOf(['Cluster', 'Local']),
}, {
  unmodelled: ['loadBalancerIP', 'loadBalancerClass', 'clusterIP', 'clusterIPs', 'externalIPs', 'externalName', 'selector',
    'sessionAffinity', 'sessionAffinityConfig', 'ipFamilies', 'ipFamilyPolicy', 'internalTrafficPolicy', 'healthCheckNodePort',
    'publishNotReadyAddresses', 'allocateLoadBalancerNodePorts', 'trafficDistribution'],
});

const k8s = obj<KubernetesResources>({
  replicaCount: int(0),
  hpaSpec,
  resources,
  service,
  serviceAnnotations: strMap,
  podAnnotations: strMap,
  nodeSelector: strMap,
  env: list(obj<EnvVar>({ name: str, value: str }, { required: ['name'], unmodelled: ['valueFrom'] })),
  podDisruptionBudget: obj<PodDisruptionBudget>({ minAvailable: intOrString, maxUnavailable: intOrString }, { unmodelled: ['selector', 'unhealthyPodEvictionPolicy'] }),
  imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never']),
  priorityClassName: str,
}, {
  unmodelled: ['affinity', 'tolerations', 'readinessProbe', 'strategy', 'securityContext', 'volumes', 'volumeMounts', 'overlays'],
});

const componentProps = { enabled: bool, namespace: str, hub: str, tag: intOrString, k8s };
const component = obj<ComponentSpec>(componentProps);
const gateway = obj<GatewayComponentSpec>({
  ...componentProps,
  // The name regexp istioctl applies (validateComponentNames).
  name: { type: 'string', pattern: '^[a-z0-9.-]{1,254}$' },
  label: strMap,
}, { required: ['name'] });

const providerService = { service: str, port };
const extensionProvider = obj<ExtensionProviderSpec>({
  name: str,
  prometheus: obj<NonNullable<ExtensionProviderSpec['prometheus']>>({}),
  zipkin: obj<NonNullable<ExtensionProviderSpec['zipkin']>>({ ...providerService, maxTagLength: int(0) }, { required: ['service', 'port'], unmodelled: ['enable64bitTraceId', 'path', 'traceContextOption', 'timeout', 'headers'] }),
  opentelemetry: obj<NonNullable<ExtensionProviderSpec['opentelemetry']>>({ ...providerService, maxTagLength: int(0) }, { required: ['service', 'port'], unmodelled: ['http', 'resourceDetectors', 'dynatraceSampler', 'grpc'] }),
  envoyOtelAls: obj<NonNullable<ExtensionProviderSpec['envoyOtelAls']>>({ ...providerService, logName: str }, { required: ['service', 'port'], unmodelled: ['logFormat'] }),
  envoyFileAccessLog: obj<NonNullable<ExtensionProviderSpec['envoyFileAccessLog']>>({ path: str }, { required: ['path'], unmodelled: ['logFormat'] }),
}, {
  required: ['name'],
  unmodelled: ['envoyExtAuthzHttp', 'envoyExtAuthzGrpc', 'stackdriver', 'skywalking', 'datadog', 'lightstep', 'envoyHttpAls', 'envoyTcpAls', 'sds'],
});

const meshConfig = obj<MeshConfig>({
  accessLogFile: str,
  accessLogEncoding: enumOf(['TEXT', 'JSON']),
  accessLogFormat: str,
  enableTracing: bool,
  defaultConfig: obj<ProxyConfigDefaults>({
    tracing: obj<ProxyTracingConfig>({ sampling: num(0, 100) }, { unmodelled: ['zipkin', 'lightstep', 'datadog', 'stackdriver', 'openCensusAgent', 'custom_tags', 'max_path_tag_length', 'tlsSettings'] }),
    holdApplicationUntilProxyStarts: bool,
    proxyMetadata: strMap,
  }, {
    unmodelled: ['concurrency', 'drainDuration', 'terminationDrainDuration', 'discoveryAddress', 'proxyStatsMatcher', 'gatewayTopology',
      'image', 'tracingServiceName', 'statusPort', 'extraStatTags', 'meshId', 'proxyHeaders', 'readinessProbe', 'runtimeValues'],
  }),
  outboundTrafficPolicy: obj<MeshOutboundTrafficPolicy>({ mode: enumOf(['ALLOW_ANY', 'REGISTRY_ONLY']) }, { required: ['mode'], unmodelled: ['egressProxy'] }),
  trustDomain: str,
  trustDomainAliases: strList,
  extensionProviders: list(extensionProvider),
  defaultProviders: obj<DefaultProviders>({ metrics: strList, tracing: strList, accessLogging: strList }),
  enablePrometheusMerge: bool,
}, {
  unmodelled: ['connectTimeout', 'protocolDetectionTimeout', 'tcpKeepalive', 'ingressClass', 'ingressService', 'ingressControllerMode',
    'ingressSelector', 'enableEnvoyAccessLogService', 'disableEnvoyListenerLog', 'enableAutoMtls', 'localityLbSetting', 'dnsRefreshRate',
    'h2UpgradePolicy', 'inboundClusterStatName', 'outboundClusterStatName', 'certificates', 'serviceSettings', 'discoverySelectors',
    'pathNormalization', 'defaultHttpRetryPolicy', 'meshMTLS', 'tlsDefaults', 'rootNamespace', 'configSources', 'defaultServiceExportTo',
    'defaultVirtualServiceExportTo', 'defaultDestinationRuleExportTo', 'verifyCertificateAtClient', 'caCertificates', 'serviceScopeConfigs',
    'proxyListenPort', 'proxyInboundListenPort', 'proxyHttpPort', 'meshNetworks'],
});

const values = obj<IstioValues>({
  defaultRevision: str,
  revisionTags: strList,
  global: obj<GlobalValues>({
    meshID: str,
    multiCluster: obj<MultiClusterValues>({ clusterName: str }, { unmodelled: ['enabled', 'globalDomainSuffix', 'includeEnvoyFilter'] }),
    network: str,
    proxy: obj<ProxyValues>({
      resources,
      logLevel: enumOf(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']),
      holdApplicationUntilProxyStarts: bool,
      seccompProfile: obj<SeccompProfile>({ type: enumOf(['RuntimeDefault', 'Localhost', 'Unconfined']), localhostProfile: str }, { required: ['type'] }),
    }, {
      unmodelled: ['autoInject', 'clusterDomain', 'componentLogLevel', 'excludeInboundPorts', 'excludeIPRanges', 'excludeOutboundPorts',
        'image', 'includeIPRanges', 'includeInboundPorts', 'includeOutboundPorts', 'outlierLogPath', 'privileged', 'readinessFailureThreshold',
        'readinessInitialDelaySeconds', 'readinessPeriodSeconds', 'startupProbe', 'statusPort', 'tracer', 'lifecycle'],
    }),
    remotePilotAddress: str,
    externalIstiod: bool,
    istioNamespace: str,
    hub: str,
    tag: intOrString,
    logAsJson: bool,
    networkPolicy: obj<NonNullable<GlobalValues['networkPolicy']>>({ enabled: bool }),
  }, {
    unmodelled: ['arch', 'certSigners', 'configValidation', 'defaultNodeSelector', 'defaultPodDisruptionBudget', 'defaultResources',
      'defaultTolerations', 'imagePullPolicy', 'imagePullSecrets', 'logging', 'meshNetworks', 'podDNSSearchNamespaces',
      'omitSidecarInjectorConfigMap', 'operatorManageWebhooks', 'priorityClassName', 'proxy_init', 'sds', 'variant', 'tracer', 'istiod',
      'pilotCertProvider', 'jwtPolicy', 'sts', 'revision', 'mountMtlsCerts', 'caAddress', 'configCluster', 'caName', 'platform',
      'ipFamilies', 'ipFamilyPolicy', 'waypoint', 'trustBundleName', 'nativeNftables', 'resourceScope', 'agentgateway', 'enableReaderRBAC'],
  }),
  pilot: obj<PilotValues>({
    env: { type: 'object', additionalProperties: { type: ['string', 'boolean', 'number'] } },
    traceSampling: num(0, 100),
    autoscaleEnabled: bool,
    autoscaleMin: int(1),
    autoscaleMax: int(1),
    cpu: obj<NonNullable<PilotValues['cpu']>>({ targetAverageUtilization: int(1, 100) }),
  }, {
    unmodelled: ['enabled', 'autoscaleBehavior', 'replicaCount', 'image', 'resources', 'nodeSelector', 'keepaliveMaxServerConnectionAge',
      'deploymentLabels', 'podLabels', 'configMap', 'affinity', 'rollingMaxSurge', 'rollingMaxUnavailable', 'tolerations', 'podAnnotations',
      'serviceAnnotations', 'serviceAccountAnnotations', 'jwksResolverExtraRootCA', 'hub', 'tag', 'variant', 'seccompProfile',
      'topologySpreadConstraints', 'extraContainerArgs', 'volumeMounts', 'volumes', 'ipFamilies', 'ipFamilyPolicy', 'memory', 'cni', 'taint',
      'trustedZtunnelNamespace', 'trustedZtunnelName', 'istiodRemote'],
  }),
  istiodRemote: obj<IstiodRemoteValues>({ enabled: bool, injectionPath: { type: 'string', pattern: '^/' }, injectionURL: str }, {
    unmodelled: ['injectionCABundle', 'enabledLocalInjectorIstiod'],
  }),
  gateways: {
    type: 'object',
    additionalProperties: false,
    patternProperties: {
      '^istio-(ingress|egress)gateway$': obj<GatewayValues>({ injectionTemplate: str, autoscaleEnabled: bool, runAsRoot: bool }, {
        unmodelled: ['autoscaleMax', 'autoscaleMin', 'cpu', 'memory', 'customService', 'enabled', 'env', 'labels', 'loadBalancerIP',
          'loadBalancerSourceRanges', 'name', 'nodeSelector', 'podAnnotations', 'ports', 'resources', 'secretVolumes', 'serviceAnnotations',
          'type', 'zvpn', 'tolerations', 'rollingMaxSurge', 'rollingMaxUnavailable', 'configVolumes', 'additionalContainers',
          'podAntiAffinityLabelSelector', 'podAntiAffinityTermLabelSelector', 'ingressPorts'],
      }),
    },
  },
}, {
  unmodelled: ['cni', 'ztunnel', 'telemetry', 'sidecarInjectorWebhook', 'istio_cni', 'revision', 'ownerName', 'meshConfig', 'base',
    'profile', 'compatibilityVersion', 'experimental', 'gatewayClasses'],
});

// Istio's own pass-through (`IstioOperatorProps.unvalidatedValues`) is the one field the spec type leaves to the construct.
const spec = obj<IstioOperatorSpec & { readonly unvalidatedValues?: Record<string, unknown> }>({
  profile: enumOf(ISTIO_PROFILES),
  revision: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
  hub: str,
  tag: intOrString,
  namespace: str,
  compatibilityVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
  meshConfig,
  components: obj<IstioComponents>({
    base: obj<BaseComponentSpec>({ enabled: bool }, { unmodelled: ['k8s'] }),
    pilot: component,
    cni: component,
    ztunnel: component,
    istiodRemote: component,
    ingressGateways: list(gateway),
    egressGateways: list(gateway),
  }),
  values,
  // Istio's own pass-through: rendered into the Helm values without any check, by Istio or by us.
  unvalidatedValues: { type: 'object' },
}, { unmodelled: ['installPackagePath'] });

/** The schema of a whole IstioOperator object: apiVersion, kind, metadata and the modelled spec. */
export const ISTIO_OPERATOR_SCHEMA: Schema = obj<{ apiVersion: string; kind: string; metadata?: unknown; spec?: unknown }>({
  apiVersion: { type: 'string', const: 'install.istio.io/v1alpha1' },
  kind: { type: 'string', const: 'IstioOperator' },
  metadata: { type: 'object' },
  spec,
}, { required: ['apiVersion', 'kind'] });
