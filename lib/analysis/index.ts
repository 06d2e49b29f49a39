import { Analyzer } from './analyzer';
import { ambientL7Analyzer } from './analyzers/ambient-l7';
import { annotationsAnalyzer } from './analyzers/annotations';
import { blockedCidrsAnalyzer } from './analyzers/authn';
import { authorizationPoliciesAnalyzer } from './analyzers/authz';
import { conditionAnalyzer } from './analyzers/conditions';
import { applicationUidAnalyzer, multiServiceAnalyzer } from './analyzers/deployment';
import { deprecationAnalyzer } from './analyzers/deprecation';
import { caCertificateAnalyzer, subsetSelectPodAnalyzer } from './analyzers/destinationrule';
import { envoyPatchAnalyzer } from './analyzers/envoyfilter';
import { certificateAnalyzer, conflictingGatewayAnalyzer, ingressGatewayPortAnalyzer, secretAnalyzer } from './analyzers/gateway';
import { injectionAnalyzer } from './analyzers/injection';
import { k8sGatewaySelectorAnalyzer } from './analyzers/k8sgateway';
import { principalWorkloadAnalyzer } from './analyzers/principals';
import { allowAllAnalyzer, mtlsDowngradeAnalyzer, policyOutsideMeshAnalyzer, requestAuthenticationAnalyzer } from './analyzers/security';
import { portNameAnalyzer } from './analyzers/service';
import { serviceEntryAddressesAnalyzer } from './analyzers/serviceentry';
import { sidecarSelectorAnalyzer } from './analyzers/sidecar';
import {
  telemetryDefaultSelectorAnalyzer, telemetryLightstepAnalyzer, telemetryProviderAnalyzer, telemetrySelectorAnalyzer,
} from './analyzers/telemetry';
import { tlsOriginationAnalyzer } from './analyzers/tls-origination';
import { unknownHostAnalyzer } from './analyzers/unknown-host';
import {
  conflictingMeshGatewayHostsAnalyzer, destinationHostAnalyzer, destinationRuleAnalyzer, gatewayAnalyzer, jwtClaimRouteAnalyzer,
} from './analyzers/virtualservice';
import { virtualServiceRulesAnalyzer } from './analyzers/vs-rules';
import { AnalysisContext, MeshConfigLike } from './context';
import { applySuppressions } from './suppress';
import { Finding } from '../vocab/finding';
import { isObj } from '../vocab/json';
import { KubeObject } from '../vocab/object';

export { Analyzer } from './analyzer';
export { AnalysisContext, MeshConfigLike, Resource, PodView, MeshHost, ReferenceTarget, resourceRef } from './context';
export { MESSAGES, ISTIO_MESSAGES, CIS_MESSAGES, MessageType, formatMessage, messageType } from './messages';
export { applySuppressions, resourceKey, suppressedCodes, suppressFindings } from './suppress';

/** Options of a cross-resource analysis (the same for every supported release: Istio 1.30.3's analyzers). */
export interface AnalyzeOptions {
  /**
   * Run only these analyzers (by `Analyzer.name`, e.g. `virtualservice.GatewayAnalyzer`), as `istioctl analyze --analyzer`.
   * @default every analyzer
   */
  readonly analyzers?: readonly string[];
  /**
   * The mesh configuration (MeshConfig fields, e.g. `defaultProviders`, `rootNamespace`, `defaultConfig.proxyMetadata`).
   * @default Istio's defaults
   */
  readonly meshConfig?: MeshConfigLike;
  /**
   * Whether the objects are the whole mesh, as `istioctl analyze` assumes for files: a reference to anything not in
   * the set (a gateway, a host, a subset, a namespace, the pods of a selector) is then reported as not found
   * (IST0101, IST0173, IST0174, ...). When false (an "open world", e.g. one app among others in a mesh), a reference
   * is checked only when the set could contain its target: the set defines objects of the target's kind in the
   * target's namespace (Services for a host, a DestinationRule of the host for a subset, a Gateway for a gateway,
   * pods or workload templates for a selector, Secrets for a credential); source namespaces are not checked.
   * Checks between objects that are all in the set are the same either way.
   * @default true
   */
  readonly assumeCompleteMesh?: boolean;
}

/** Every analyzer, Istio's first (alphabetically by Istio's package, as in `analyzers.All()`), then ours. */
export const ANALYZERS: readonly Analyzer[] = [
  annotationsAnalyzer,
  authorizationPoliciesAnalyzer,
  blockedCidrsAnalyzer,
  conditionAnalyzer,
  multiServiceAnalyzer,
  applicationUidAnalyzer,
  caCertificateAnalyzer,
  subsetSelectPodAnalyzer,
  deprecationAnalyzer,
  envoyPatchAnalyzer,
  ingressGatewayPortAnalyzer,
  certificateAnalyzer,
  secretAnalyzer,
  conflictingGatewayAnalyzer,
  injectionAnalyzer,
  k8sGatewaySelectorAnalyzer,
  portNameAnalyzer,
  sidecarSelectorAnalyzer,
  conflictingMeshGatewayHostsAnalyzer,
  destinationHostAnalyzer,
  destinationRuleAnalyzer,
  gatewayAnalyzer,
  jwtClaimRouteAnalyzer,
  serviceEntryAddressesAnalyzer,
  telemetryProviderAnalyzer,
  telemetrySelectorAnalyzer,
  telemetryDefaultSelectorAnalyzer,
  telemetryLightstepAnalyzer,
  virtualServiceRulesAnalyzer,
  requestAuthenticationAnalyzer,
  allowAllAnalyzer,
  mtlsDowngradeAnalyzer,
  policyOutsideMeshAnalyzer,
  principalWorkloadAnalyzer,
  ambientL7Analyzer,
  unknownHostAnalyzer,
  tlsOriginationAnalyzer,
];

/** The objects of the set, with the items of `kind: List` objects taken out. */
function flatten(objects: readonly KubeObject[]): KubeObject[] {
  const result: KubeObject[] = [];
  for (const o of objects) {
    if (o && o.kind === 'List' && Array.isArray(o.items)) {
      result.push(...flatten((o.items as unknown[]).filter((i): i is KubeObject => isObj(i) && typeof i.kind === 'string')));
    } else {
      result.push(o);
    }
  }
  return result;
}

/**
 * Cross-resource analysis over a whole set of objects (Istio and plain Kubernetes), in the spirit of
 * `istioctl analyze --use-kube=false`: Istio's message codes on the same resources, plus our CIS5xxx checks.
 *
 * Objects without a namespace are in `default`; objects in Kubernetes' system namespaces are ignored; the default
 * `istio-ingressgateway` pod and Service in `istio-system` are assumed to exist. Checks that need Services, pods or
 * Namespace objects run when the set defines some (workload templates of Deployments and the like count as pods).
 * With `assumeCompleteMesh: false`, references whose target the set could not contain are not checked.
 * Findings on a resource that suppresses their code (`galley.istio.io/analyze-suppress`) are kept as INFO with
 * `suppressedBy` set.
 */
export function analyze(objects: readonly KubeObject[], options: AnalyzeOptions = {}): Finding[] {
  const flat = flatten(objects);
  const ctx = new AnalysisContext(flat, options.meshConfig, options.assumeCompleteMesh ?? true);
  const selected = options.analyzers ? new Set(options.analyzers) : undefined;
  for (const analyzer of ANALYZERS) {
    if (selected && !selected.has(analyzer.name)) continue;
    analyzer.analyze(ctx);
  }
  return applySuppressions(ctx.results(), flat);
}
