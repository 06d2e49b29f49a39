// The analyzer list is its own module so that `require('cdk8s-istio')` loads the analyzers only when
// `analyze()` runs or `ANALYZERS` is read (issue 21).
import type { Analyzer } from '../analyzer';
import { ambientAnalyzer } from './ambient';
import { ambientL7Analyzer } from './ambient-l7';
import { annotationsAnalyzer } from './annotations';
import { blockedCidrsAnalyzer } from './authn';
import { authorizationPoliciesAnalyzer } from './authz';
import { conditionAnalyzer } from './conditions';
import { applicationUidAnalyzer, multiServiceAnalyzer } from './deployment';
import { deprecationAnalyzer } from './deprecation';
import { caCertificateAnalyzer, subsetSelectPodAnalyzer } from './destinationrule';
import { envoyPatchAnalyzer } from './envoyfilter';
import { certificateAnalyzer, conflictingGatewayAnalyzer, ingressGatewayPortAnalyzer, secretAnalyzer } from './gateway';
import { gatewayApiRouteAnalyzer } from './gateway-api';
import { injectionAnalyzer } from './injection';
import { k8sGatewaySelectorAnalyzer } from './k8sgateway';
import { principalWorkloadAnalyzer } from './principals';
import { allowAllAnalyzer, mtlsDowngradeAnalyzer, policyOutsideMeshAnalyzer, requestAuthenticationAnalyzer } from './security';
import { portNameAnalyzer } from './service';
import { serviceEntryAddressesAnalyzer } from './serviceentry';
import { sidecarSelectorAnalyzer } from './sidecar';
import {
  telemetryDefaultSelectorAnalyzer, telemetryLightstepAnalyzer, telemetryProviderAnalyzer, telemetrySelectorAnalyzer,
} from './telemetry';
import { tlsOriginationAnalyzer } from './tls-origination';
import { unknownHostAnalyzer } from './unknown-host';
import {
  conflictingMeshGatewayHostsAnalyzer, destinationHostAnalyzer, destinationRuleAnalyzer, gatewayAnalyzer, jwtClaimRouteAnalyzer,
} from './virtualservice';
import { virtualServiceRulesAnalyzer } from './vs-rules';

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
  ambientAnalyzer,
  gatewayApiRouteAnalyzer,
];
