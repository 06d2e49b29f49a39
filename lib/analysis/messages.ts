import { Severity } from '../vocab/finding';

/** One kind of analysis message: a stable code, a name, a severity and a message template. */
export interface MessageType {
  /** `ISTxxxx` (Istio's own code) or `CIS5xxx` (ours). */
  readonly code: string;
  /** Istio's name for the message, e.g. `ReferencedResourceNotFound`. */
  readonly name: string;
  /** How serious it is (Istio's Error/Warning/Info). */
  readonly severity: Severity;
  /** A Go-style template (`%s`, `%v`, `%q`, `%d`), as in Istio's `messages.yaml`. */
  readonly template: string;
}

/**
 * Istio 1.30.3's analysis messages (`pkg/config/analysis/msg/messages.yaml`): same codes, names,
 * severities and texts, so that users recognise them from `istioctl analyze`.
 */
export const ISTIO_MESSAGES: Readonly<Record<string, MessageType>> = {
  IST0001: { code: 'IST0001', name: 'InternalError', severity: Severity.ERROR, template: 'Internal error: %v' },
  IST0002: { code: 'IST0002', name: 'Deprecated', severity: Severity.WARNING, template: 'Deprecated: %s' },
  IST0101: { code: 'IST0101', name: 'ReferencedResourceNotFound', severity: Severity.ERROR, template: 'Referenced %s not found: %q' },
  IST0102: { code: 'IST0102', name: 'NamespaceNotInjected', severity: Severity.INFO, template: 'The namespace is not enabled for Istio injection. Run \'kubectl label namespace %s istio-injection=enabled\' to enable it, or \'kubectl label namespace %s istio-injection=disabled\' to explicitly mark it as not needing injection.' },
  IST0103: { code: 'IST0103', name: 'PodMissingProxy', severity: Severity.WARNING, template: 'The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.' },
  IST0106: { code: 'IST0106', name: 'SchemaValidationError', severity: Severity.ERROR, template: 'Schema validation error: %v' },
  IST0107: { code: 'IST0107', name: 'MisplacedAnnotation', severity: Severity.WARNING, template: 'Misplaced annotation: %s can only be applied to %s' },
  IST0108: { code: 'IST0108', name: 'UnknownAnnotation', severity: Severity.WARNING, template: 'Unknown annotation: %s' },
  IST0109: { code: 'IST0109', name: 'ConflictingMeshGatewayVirtualServiceHosts', severity: Severity.ERROR, template: 'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.' },
  IST0110: { code: 'IST0110', name: 'ConflictingSidecarWorkloadSelectors', severity: Severity.ERROR, template: 'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.' },
  IST0111: { code: 'IST0111', name: 'MultipleSidecarsWithoutWorkloadSelectors', severity: Severity.ERROR, template: 'The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.' },
  IST0112: { code: 'IST0112', name: 'VirtualServiceDestinationPortSelectorRequired', severity: Severity.ERROR, template: 'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.' },
  IST0116: { code: 'IST0116', name: 'DeploymentAssociatedToMultipleServices', severity: Severity.WARNING, template: 'This deployment %s is associated with multiple services using port %d but different protocols: %v' },
  IST0118: { code: 'IST0118', name: 'PortNameIsNotUnderNamingConvention', severity: Severity.INFO, template: 'Port name %s (port: %d, targetPort: %s) doesn\'t follow the naming convention of Istio port.' },
  IST0123: { code: 'IST0123', name: 'NamespaceMultipleInjectionLabels', severity: Severity.WARNING, template: 'The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure only one injection label exists.' },
  IST0125: { code: 'IST0125', name: 'InvalidAnnotation', severity: Severity.WARNING, template: 'Invalid annotation %s: %s' },
  IST0126: { code: 'IST0126', name: 'UnknownMeshNetworksServiceRegistry', severity: Severity.ERROR, template: 'Unknown service registry %s in network %s' },
  IST0127: { code: 'IST0127', name: 'NoMatchingWorkloadsFound', severity: Severity.WARNING, template: 'No matching workloads for this resource with the following labels: %s' },
  IST0128: { code: 'IST0128', name: 'NoServerCertificateVerificationDestinationLevel', severity: Severity.WARNING, template: 'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s' },
  IST0129: { code: 'IST0129', name: 'NoServerCertificateVerificationPortLevel', severity: Severity.WARNING, template: 'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s' },
  IST0130: { code: 'IST0130', name: 'VirtualServiceUnreachableRule', severity: Severity.WARNING, template: 'VirtualService rule %v not used (%s).' },
  IST0131: { code: 'IST0131', name: 'VirtualServiceIneffectiveMatch', severity: Severity.INFO, template: 'VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).' },
  IST0132: { code: 'IST0132', name: 'VirtualServiceHostNotFoundInGateway', severity: Severity.WARNING, template: 'one or more host %v defined in VirtualService %s not found in Gateway %s.' },
  IST0133: { code: 'IST0133', name: 'SchemaWarning', severity: Severity.WARNING, template: 'Schema validation warning: %v' },
  IST0134: { code: 'IST0134', name: 'ServiceEntryAddressesRequired', severity: Severity.WARNING, template: 'ServiceEntry addresses are required for this protocol.' },
  IST0135: { code: 'IST0135', name: 'DeprecatedAnnotation', severity: Severity.INFO, template: 'Annotation %q has been deprecated%s and may not work in future Istio versions.' },
  IST0136: { code: 'IST0136', name: 'AlphaAnnotation', severity: Severity.INFO, template: 'Annotation %q is part of an alpha-phase feature and may be incompletely supported.' },
  IST0137: { code: 'IST0137', name: 'DeploymentConflictingPorts', severity: Severity.WARNING, template: 'This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v.' },
  IST0138: { code: 'IST0138', name: 'GatewayDuplicateCertificate', severity: Severity.WARNING, template: 'Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.' },
  IST0139: { code: 'IST0139', name: 'InvalidWebhook', severity: Severity.ERROR, template: '%v' },
  IST0140: { code: 'IST0140', name: 'IngressRouteRulesNotAffected', severity: Severity.WARNING, template: 'Subset in virtual service %s has no effect on ingress gateway %s requests' },
  IST0141: { code: 'IST0141', name: 'InsufficientPermissions', severity: Severity.ERROR, template: 'Missing required permission to create resource %v (%v)' },
  IST0142: { code: 'IST0142', name: 'UnsupportedKubernetesVersion', severity: Severity.ERROR, template: 'The Kubernetes Version %q is lower than the minimum version: %v' },
  IST0143: { code: 'IST0143', name: 'LocalhostListener', severity: Severity.ERROR, template: 'Port %v is exposed in a Service but listens on localhost. It will not be exposed to other pods.' },
  IST0144: { code: 'IST0144', name: 'InvalidApplicationUID', severity: Severity.WARNING, template: 'User ID (UID) 1337 is reserved for the sidecar proxy.' },
  IST0145: { code: 'IST0145', name: 'ConflictingGateways', severity: Severity.ERROR, template: 'Conflict with gateways %s (workload selector %s, port %s, hosts %v).' },
  IST0146: { code: 'IST0146', name: 'ImageAutoWithoutInjectionWarning', severity: Severity.WARNING, template: '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.' },
  IST0147: { code: 'IST0147', name: 'ImageAutoWithoutInjectionError', severity: Severity.ERROR, template: '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.' },
  IST0148: { code: 'IST0148', name: 'NamespaceInjectionEnabledByDefault', severity: Severity.INFO, template: 'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.' },
  IST0149: { code: 'IST0149', name: 'JwtClaimBasedRoutingWithoutRequestAuthN', severity: Severity.ERROR, template: 'The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.' },
  IST0150: { code: 'IST0150', name: 'ExternalNameServiceTypeInvalidPortName', severity: Severity.WARNING, template: 'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly' },
  IST0151: { code: 'IST0151', name: 'EnvoyFilterUsesRelativeOperation', severity: Severity.WARNING, template: 'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.' },
  IST0152: { code: 'IST0152', name: 'EnvoyFilterUsesReplaceOperationIncorrectly', severity: Severity.ERROR, template: 'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.' },
  IST0153: { code: 'IST0153', name: 'EnvoyFilterUsesAddOperationIncorrectly', severity: Severity.ERROR, template: 'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.' },
  IST0154: { code: 'IST0154', name: 'EnvoyFilterUsesRemoveOperationIncorrectly', severity: Severity.ERROR, template: 'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.' },
  IST0155: { code: 'IST0155', name: 'EnvoyFilterUsesRelativeOperationWithProxyVersion', severity: Severity.WARNING, template: 'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.' },
  IST0156: { code: 'IST0156', name: 'UnsupportedGatewayAPIVersion', severity: Severity.ERROR, template: 'The Gateway API CRD version %v is lower than the minimum version: %v' },
  IST0157: { code: 'IST0157', name: 'InvalidTelemetryProvider', severity: Severity.WARNING, template: 'The Telemetry %v in namespace %q with empty providers will be ignored.' },
  IST0158: { code: 'IST0158', name: 'PodsIstioProxyImageMismatchInNamespace', severity: Severity.WARNING, template: 'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.' },
  IST0159: { code: 'IST0159', name: 'ConflictingTelemetryWorkloadSelectors', severity: Severity.ERROR, template: 'The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.' },
  IST0160: { code: 'IST0160', name: 'MultipleTelemetriesWithoutWorkloadSelectors', severity: Severity.ERROR, template: 'The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior.' },
  IST0161: { code: 'IST0161', name: 'InvalidGatewayCredential', severity: Severity.ERROR, template: 'The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.' },
  IST0162: { code: 'IST0162', name: 'GatewayPortNotDefinedOnService', severity: Severity.WARNING, template: 'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available.' },
  IST0163: { code: 'IST0163', name: 'InvalidExternalControlPlaneConfig', severity: Severity.WARNING, template: 'The hostname (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster %s. Traffic may not flow properly.' },
  IST0164: { code: 'IST0164', name: 'ExternalControlPlaneAddressIsNotAHostname', severity: Severity.INFO, template: 'The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.' },
  IST0165: { code: 'IST0165', name: 'ReferencedInternalGateway', severity: Severity.WARNING, template: 'Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.' },
  IST0166: { code: 'IST0166', name: 'IneffectiveSelector', severity: Severity.WARNING, template: 'Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead.' },
  IST0167: { code: 'IST0167', name: 'IneffectivePolicy', severity: Severity.WARNING, template: 'The policy has no impact: %s.' },
  IST0168: { code: 'IST0168', name: 'UnknownUpgradeCompatibility', severity: Severity.WARNING, template: 'The configuration %q changed in release %s, but compatibility cannot be automatically detected: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.' },
  IST0169: { code: 'IST0169', name: 'UpdateIncompatibility', severity: Severity.WARNING, template: 'The configuration %q changed in release %s: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.' },
  IST0170: { code: 'IST0170', name: 'MultiClusterInconsistentService', severity: Severity.WARNING, template: 'The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behaviors. The inconsistent behaviors are: %v.' },
  IST0171: { code: 'IST0171', name: 'NegativeConditionStatus', severity: Severity.WARNING, template: 'A condition with a negative status is present: type=%s, reason=%s, message=%s.' },
  IST0172: { code: 'IST0172', name: 'FutureUnsupportedGatewayAPIVersion', severity: Severity.WARNING, template: 'The Gateway API CRD version %v is lower than the minimum version: %v' },
  IST0173: { code: 'IST0173', name: 'DestinationRuleSubsetNotSelectPods', severity: Severity.ERROR, template: 'The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).' },
  IST0174: { code: 'IST0174', name: 'UnknownDestinationRuleHost', severity: Severity.WARNING, template: 'The host %s defined in the DestinationRule does not match any services in the mesh.' },
  IST0175: { code: 'IST0175', name: 'JwksUriFetchUnrestricted', severity: Severity.WARNING, template: 'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider configuring it to restrict JWKS URI fetches to trusted networks.' },
  IST0176: { code: 'IST0176', name: 'GatewayAPICRDVersionBelowMinimum', severity: Severity.WARNING, template: 'Gateway API CRD %q is at version %q but Istio requires at least %q; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.' },
};

/**
 * Our own checks, in the CIS5xxx range: the classic security traps that Istio accepts silently.
 */
export const CIS_MESSAGES: Readonly<Record<string, MessageType>> = {
  CIS5001: {
    code: 'CIS5001',
    name: 'RequestAuthenticationWithoutRequiredPrincipal',
    severity: Severity.WARNING,
    template: 'RequestAuthentication %s validates tokens, but no AuthorizationPolicy requires a request principal for the workloads it selects (%s): requests without a token are still accepted.',
  },
  CIS5002: {
    code: 'CIS5002',
    name: 'AllowPolicyWithEmptyRule',
    severity: Severity.WARNING,
    template: 'AuthorizationPolicy %s is an ALLOW policy whose rule %s is empty, so it allows every request to the workloads it selects.',
  },
  CIS5003: {
    code: 'CIS5003',
    name: 'MtlsDowngradeInStrictNamespace',
    severity: Severity.WARNING,
    template: 'PeerAuthentication %s sets mTLS mode %s%s in namespace %s, which PeerAuthentication %s declares STRICT: plaintext traffic is accepted there.',
  },
  CIS5004: {
    code: 'CIS5004',
    name: 'PolicyInNamespaceOutsideMesh',
    severity: Severity.WARNING,
    template: '%s %s is in namespace %s, which is not in the mesh (%s): its workloads have no proxy, so the policy has no effect.',
  },
  CIS5010: {
    code: 'CIS5010',
    name: 'RoutedButDenied',
    severity: Severity.WARNING,
    template: '%s routes %s to %s, but the authorization policies there deny every such request (%s): callers get 403.',
  },
  CIS5011: {
    code: 'CIS5011',
    name: 'AllowWidened',
    severity: Severity.WARNING,
    template: 'ALLOW policy %s allows requests that ALLOW policy %s was written to exclude, on %s: Istio allows a request that any ALLOW policy matches, so %s no longer limits them.',
  },
  CIS5012: {
    code: 'CIS5012',
    name: 'PrincipalWithoutWorkload',
    severity: Severity.WARNING,
    template: 'AuthorizationPolicy %s names principal %s, but no workload of namespace %s runs as service account %s (they run as %v).',
  },
  CIS5013: {
    code: 'CIS5013',
    name: 'L7AttributesWithoutWaypoint',
    severity: Severity.WARNING,
    template: '%s %s uses L7 attributes %v on ambient workloads in %s, where ztunnel enforces L4 only: %s.',
  },
  CIS5014: {
    code: 'CIS5014',
    name: 'DuplicateObject',
    severity: Severity.ERROR,
    template: '%s %s is written twice, by %s and by %s: the cluster keeps only the last one applied and kustomize refuses the set.',
  },
  CIS5015: {
    code: 'CIS5015',
    name: 'UnknownDestinationHost',
    severity: Severity.WARNING,
    template: 'The %s %s is defined by no Service, ServiceEntry or VirtualService of the set%s',
  },
  CIS5016: {
    code: 'CIS5016',
    name: 'OriginationWithoutNameVerification',
    severity: Severity.WARNING,
    template: 'DestinationRule %s originates TLS (%s) to %s with sni %s and no subjectAltNames: Istio then verifies no server name, so any certificate from a trusted CA is accepted.',
  },
  CIS5017: {
    code: 'CIS5017',
    name: 'IntentViolated',
    severity: Severity.ERROR,
    template: 'Intent %s is violated: %s.',
  },
  CIS5030: {
    code: 'CIS5030',
    name: 'GatewayCredentialInGatewayObjectNamespace',
    severity: Severity.WARNING,
    template: 'Gateway %s reads credentialName %q from namespace %s, where its gateway pods run, but the Secret is defined in the Gateway\'s own namespace %s: the server gets no certificate.',
  },
  CIS5020: {
    code: 'CIS5020',
    name: 'WaypointNotFound',
    severity: Severity.WARNING,
    template: '%s %s uses waypoint %s, which %s: its traffic does not go through a waypoint, so L7 routes and policies for it are not applied.',
  },
  CIS5021: {
    code: 'CIS5021',
    name: 'WaypointRefusesTraffic',
    severity: Severity.ERROR,
    template: '%s %s uses waypoint %s, which does not take its traffic (%s: %s): L7 routes and policies for it are not applied.',
  },
  CIS5022: {
    code: 'CIS5022',
    name: 'SelectorPolicyBehindWaypoint',
    severity: Severity.WARNING,
    template: 'AuthorizationPolicy %s has HTTP attributes (%s) and selects workloads in ambient namespace %s that waypoint %s serves: ztunnel enforces selector policies at L4 without these attributes (%s), and the waypoint applies only policies that target it or the Service with targetRefs.',
  },
  CIS5023: {
    code: 'CIS5023',
    name: 'PolicyNotEnforcedInAmbient',
    severity: Severity.ERROR,
    template: '%s %s is not enforced: %s.',
  },
  CIS5024: {
    code: 'CIS5024',
    name: 'WaypointIdentityNotAllowed',
    severity: Severity.ERROR,
    template: 'The ALLOW policies %v on workloads %s do not admit waypoint %s (%s): ztunnel sees the waypoint\'s identity on the requests it forwards, so every request through the waypoint is denied.',
  },
  CIS5025: {
    code: 'CIS5025',
    name: 'L7RouteWithoutWaypoint',
    severity: Severity.WARNING,
    template: '%s %s routes Service %s at L7, but the Service is in ambient namespace %s and uses no waypoint: ztunnel does not apply L7 routes, so requests from ambient callers ignore it.',
  },
};

/**
 * What Istio reports in the status of Kubernetes Gateway API objects (pilot/pkg/config/kube/gateway at 1.30.3),
 * found before applying: Istio has no analyzer codes for these, so they are ours, with the status reason Istio
 * would set in the message.
 */
export const GATEWAY_API_MESSAGES: Readonly<Record<string, MessageType>> = {
  CIS5100: {
    code: 'CIS5100',
    name: 'GatewayApiParentNotFound',
    severity: Severity.ERROR,
    template: '%s %s is not attached to parentRef %s (Istio sets Accepted=False, reason NoMatchingParent): %s',
  },
  CIS5101: {
    code: 'CIS5101',
    name: 'GatewayApiNotAllowedByListeners',
    severity: Severity.ERROR,
    template: '%s %s is not attached to parentRef %s (Istio sets Accepted=False, reason NotAllowedByListeners): %s',
  },
  CIS5102: {
    code: 'CIS5102',
    name: 'GatewayApiNoMatchingListenerHostname',
    severity: Severity.ERROR,
    template: '%s %s is not attached to parentRef %s (Istio sets Accepted=False, reason NoMatchingListenerHostname): %s',
  },
  CIS5103: {
    code: 'CIS5103',
    name: 'GatewayApiBackendNotResolved',
    severity: Severity.ERROR,
    template: '%s %s: backendRef %s is not resolved (Istio sets ResolvedRefs=False, reason %s): %s',
  },
  CIS5104: {
    code: 'CIS5104',
    name: 'GatewayApiRefNotPermitted',
    severity: Severity.ERROR,
    template: '%s %s refers to %s %s in namespace %s, and no ReferenceGrant there allows it (Istio sets ResolvedRefs=False, reason %s)',
  },
  CIS5105: {
    code: 'CIS5105',
    name: 'GatewayApiConflictingRoutes',
    severity: Severity.WARNING,
    template: '%s %s and %s %s both route %s on %s with the same match %s: only %s applies to it (the oldest route wins, then the first by namespace/name)',
  },
  CIS5106: {
    code: 'CIS5106',
    name: 'GatewayApiCertificateNotFound',
    severity: Severity.ERROR,
    template: 'Gateway %s listener %s: certificateRef %s not found (Istio sets ResolvedRefs=False, reason InvalidCertificateRef)',
  },
  CIS5107: {
    code: 'CIS5107',
    name: 'GatewayApiServiceParentGroup',
    severity: Severity.WARNING,
    template: '%s %s: parentRef %s has kind Service in group %s (the default when group is left out), which Istio does not support as a parent: the route applies to no Service',
  },
  CIS5108: {
    code: 'CIS5108',
    name: 'GatewayApiRegexShadowedByPrefix',
    severity: Severity.WARNING,
    template: '%s %s: the RegularExpression path match %s is never reached on %s: Istio orders every PathPrefix match before any RegularExpression match, and %s %s matches every request with PathPrefix "/"',
  },
};

/** Every message type we can report, by code. */
export const MESSAGES: Readonly<Record<string, MessageType>> = { ...ISTIO_MESSAGES, ...CIS_MESSAGES, ...GATEWAY_API_MESSAGES };

/** A value for a template verb: a string, a number, or a list of them. */
export type MessageArg = string | number | readonly (string | number)[];

/**
 * Formats a template with Go's `fmt` semantics for the verbs Istio's templates use:
 * `%s`/`%v` print the value (lists as `[a b]`), `%q` quotes a string, `%d` prints an integer.
 */
export function formatMessage(template: string, args: readonly MessageArg[]): string {
  let i = 0;
  return template.replace(/%([svqd%])/g, (whole, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const arg = args[i++];
    const show = (v: string | number): string => (verb === 'q' ? JSON.stringify(String(v)) : String(v));
    if (Array.isArray(arg)) return `[${arg.map(show).join(' ')}]`;
    return whole && show(arg as string | number);
  });
}

/** The message type for a code. @throws when the code is unknown (a bug in an analyzer). */
export function messageType(code: string): MessageType {
  const type = MESSAGES[code];
  if (!type) throw new Error(`Unknown analysis message code ${code}`);
  return type;
}
