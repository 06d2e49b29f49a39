// JSON schema of the IstioOperator fields cdk8s-istio models (istio-operator-spec.ts), for ajv.
// IstioOperator is not a CRD that Istio ships (istioctl reads it), so there is no generated schema.
//
// Every object is closed (`additionalProperties: false`). `x-unmodelled` lists fields that Istio
// has at that place but we do not check: they are reported with a hint to pass them through
// `IstioOperator.addOverride` (unchecked), rather than as unknown fields.
import { ISTIO_PROFILES } from './istio-operator-spec';

type Schema = Record<string, unknown>;

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
function obj(properties: Record<string, Schema>, options: { required?: string[]; unmodelled?: string[] } = {}): Schema {
  return {
    'type': 'object',
    'additionalProperties': false,
    properties,
    'required': options.required,
    'x-unmodelled': options.unmodelled,
  };
}

const resourceList = obj({ cpu: quantity, memory: quantity }, { unmodelled: ['ephemeral-storage'] });
const resources = obj({ requests: resourceList, limits: resourceList }, { unmodelled: ['claims'] });

const metricTarget = obj({
  type: enumOf(['Utilization', 'AverageValue', 'Value']),
  averageUtilization: int(1),
  averageValue: quantity,
  value: quantity,
}, { required: ['type'] });
const hpaSpec = obj({
  minReplicas: int(1),
  maxReplicas: int(1),
  metrics: list(obj({
    type: enumOf(['Resource', 'ContainerResource', 'Pods', 'Object', 'External']),
    resource: obj({ name: str, target: metricTarget }, { required: ['name', 'target'] }),
  }, { required: ['type'], unmodelled: ['containerResource', 'pods', 'object', 'external'] })),
}, { required: ['maxReplicas'], unmodelled: ['behavior', 'scaleTargetRef'] });

const service = obj({
  type: enumOf(['ClusterIP', 'NodePort', 'LoadBalancer']),
  ports: list(obj({
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

const k8s = obj({
  replicaCount: int(0),
  hpaSpec,
  resources,
  service,
  serviceAnnotations: strMap,
  podAnnotations: strMap,
  nodeSelector: strMap,
  env: list(obj({ name: str, value: str }, { required: ['name'], unmodelled: ['valueFrom'] })),
  podDisruptionBudget: obj({ minAvailable: intOrString, maxUnavailable: intOrString }, { unmodelled: ['selector', 'unhealthyPodEvictionPolicy'] }),
  imagePullPolicy: enumOf(['Always', 'IfNotPresent', 'Never']),
  priorityClassName: str,
}, {
  unmodelled: ['affinity', 'tolerations', 'readinessProbe', 'strategy', 'securityContext', 'volumes', 'volumeMounts', 'overlays'],
});

const componentProps = { enabled: bool, namespace: str, hub: str, tag: intOrString, k8s };
const component = obj(componentProps);
const gateway = obj({
  ...componentProps,
  // The name regexp istioctl applies (validateComponentNames).
  name: { type: 'string', pattern: '^[a-z0-9.-]{1,254}$' },
  label: strMap,
}, { required: ['name'] });

const providerService = { service: str, port };
const extensionProvider = obj({
  name: str,
  prometheus: obj({}),
  zipkin: obj({ ...providerService, maxTagLength: int(0) }, { required: ['service', 'port'], unmodelled: ['enable64bitTraceId', 'path', 'traceContextOption', 'timeout', 'headers'] }),
  opentelemetry: obj({ ...providerService, maxTagLength: int(0) }, { required: ['service', 'port'], unmodelled: ['http', 'resourceDetectors', 'dynatraceSampler', 'grpc'] }),
  envoyOtelAls: obj({ ...providerService, logName: str }, { required: ['service', 'port'], unmodelled: ['logFormat'] }),
  envoyFileAccessLog: obj({ path: str }, { required: ['path'], unmodelled: ['logFormat'] }),
}, {
  required: ['name'],
  unmodelled: ['envoyExtAuthzHttp', 'envoyExtAuthzGrpc', 'stackdriver', 'skywalking', 'datadog', 'lightstep', 'envoyHttpAls', 'envoyTcpAls', 'sds'],
});

const meshConfig = obj({
  accessLogFile: str,
  accessLogEncoding: enumOf(['TEXT', 'JSON']),
  accessLogFormat: str,
  enableTracing: bool,
  defaultConfig: obj({
    tracing: obj({ sampling: num(0, 100) }, { unmodelled: ['zipkin', 'lightstep', 'datadog', 'stackdriver', 'openCensusAgent', 'custom_tags', 'max_path_tag_length', 'tlsSettings'] }),
    holdApplicationUntilProxyStarts: bool,
    proxyMetadata: strMap,
  }, {
    unmodelled: ['concurrency', 'drainDuration', 'terminationDrainDuration', 'discoveryAddress', 'proxyStatsMatcher', 'gatewayTopology',
      'image', 'tracingServiceName', 'statusPort', 'extraStatTags', 'meshId', 'proxyHeaders', 'readinessProbe', 'runtimeValues'],
  }),
  outboundTrafficPolicy: obj({ mode: enumOf(['ALLOW_ANY', 'REGISTRY_ONLY']) }, { required: ['mode'], unmodelled: ['egressProxy'] }),
  trustDomain: str,
  trustDomainAliases: strList,
  extensionProviders: list(extensionProvider),
  defaultProviders: obj({ metrics: strList, tracing: strList, accessLogging: strList }),
  enablePrometheusMerge: bool,
}, {
  unmodelled: ['connectTimeout', 'protocolDetectionTimeout', 'tcpKeepalive', 'ingressClass', 'ingressService', 'ingressControllerMode',
    'ingressSelector', 'enableEnvoyAccessLogService', 'disableEnvoyListenerLog', 'enableAutoMtls', 'localityLbSetting', 'dnsRefreshRate',
    'h2UpgradePolicy', 'inboundClusterStatName', 'outboundClusterStatName', 'certificates', 'serviceSettings', 'discoverySelectors',
    'pathNormalization', 'defaultHttpRetryPolicy', 'meshMTLS', 'tlsDefaults', 'rootNamespace', 'configSources', 'defaultServiceExportTo',
    'defaultVirtualServiceExportTo', 'defaultDestinationRuleExportTo', 'verifyCertificateAtClient', 'caCertificates', 'serviceScopeConfigs',
    'proxyListenPort', 'proxyInboundListenPort', 'proxyHttpPort', 'meshNetworks'],
});

const values = obj({
  defaultRevision: str,
  revisionTags: strList,
  global: obj({
    meshID: str,
    multiCluster: obj({ clusterName: str }, { unmodelled: ['enabled', 'globalDomainSuffix', 'includeEnvoyFilter'] }),
    network: str,
    proxy: obj({
      resources,
      logLevel: enumOf(['trace', 'debug', 'info', 'warning', 'error', 'critical', 'off']),
      holdApplicationUntilProxyStarts: bool,
      seccompProfile: obj({ type: enumOf(['RuntimeDefault', 'Localhost', 'Unconfined']), localhostProfile: str }, { required: ['type'] }),
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
    networkPolicy: obj({ enabled: bool }),
  }, {
    unmodelled: ['arch', 'certSigners', 'configValidation', 'defaultNodeSelector', 'defaultPodDisruptionBudget', 'defaultResources',
      'defaultTolerations', 'imagePullPolicy', 'imagePullSecrets', 'logging', 'meshNetworks', 'podDNSSearchNamespaces',
      'omitSidecarInjectorConfigMap', 'operatorManageWebhooks', 'priorityClassName', 'proxy_init', 'sds', 'variant', 'tracer', 'istiod',
      'pilotCertProvider', 'jwtPolicy', 'sts', 'revision', 'mountMtlsCerts', 'caAddress', 'configCluster', 'caName', 'platform',
      'ipFamilies', 'ipFamilyPolicy', 'waypoint', 'trustBundleName', 'nativeNftables', 'resourceScope', 'agentgateway', 'enableReaderRBAC'],
  }),
  pilot: obj({
    env: { type: 'object', additionalProperties: { type: ['string', 'boolean', 'number'] } },
    traceSampling: num(0, 100),
    autoscaleEnabled: bool,
    autoscaleMin: int(1),
    autoscaleMax: int(1),
    cpu: obj({ targetAverageUtilization: int(1, 100) }),
  }, {
    unmodelled: ['enabled', 'autoscaleBehavior', 'replicaCount', 'image', 'resources', 'nodeSelector', 'keepaliveMaxServerConnectionAge',
      'deploymentLabels', 'podLabels', 'configMap', 'affinity', 'rollingMaxSurge', 'rollingMaxUnavailable', 'tolerations', 'podAnnotations',
      'serviceAnnotations', 'serviceAccountAnnotations', 'jwksResolverExtraRootCA', 'hub', 'tag', 'variant', 'seccompProfile',
      'topologySpreadConstraints', 'extraContainerArgs', 'volumeMounts', 'volumes', 'ipFamilies', 'ipFamilyPolicy', 'memory', 'cni', 'taint',
      'trustedZtunnelNamespace', 'trustedZtunnelName', 'istiodRemote'],
  }),
  istiodRemote: obj({ enabled: bool, injectionPath: { type: 'string', pattern: '^/' }, injectionURL: str }, {
    unmodelled: ['injectionCABundle', 'enabledLocalInjectorIstiod'],
  }),
  gateways: {
    type: 'object',
    additionalProperties: false,
    patternProperties: {
      '^istio-(ingress|egress)gateway$': obj({ injectionTemplate: str, autoscaleEnabled: bool, runAsRoot: bool }, {
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

const spec = obj({
  profile: enumOf(ISTIO_PROFILES),
  revision: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
  hub: str,
  tag: intOrString,
  namespace: str,
  compatibilityVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' },
  meshConfig,
  components: obj({
    base: obj({ enabled: bool }, { unmodelled: ['k8s'] }),
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
export const ISTIO_OPERATOR_SCHEMA: Schema = obj({
  apiVersion: { type: 'string', const: 'install.istio.io/v1alpha1' },
  kind: { type: 'string', const: 'IstioOperator' },
  metadata: { type: 'object' },
  spec,
}, { required: ['apiVersion', 'kind'] });
