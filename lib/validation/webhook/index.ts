import { checkAuthorizationPolicy } from './authorization-policy';
import { WEBHOOK_CODE_HINTS, WebhookCode } from './codes';
import { checkDestinationRule } from './destination-rule';
import { checkEnvoyFilter } from './envoy-filter';
import { checkProxyConfig, checkTrafficExtension, checkWasmPlugin } from './extensions';
import { checkGateway } from './gateway';
import { checkPeerAuthentication } from './peer-authentication';
import { Report } from './report';
import { checkRequestAuthentication } from './request-authentication';
import { checkServiceEntry } from './service-entry';
import { checkSidecar } from './sidecar';
import { checkTelemetry } from './telemetry';
import { checkVirtualService } from './virtual-service';
import { checkWorkloadEntry } from './workload-entry';
import { checkWorkloadGroup } from './workload-group';
import { DEFAULT_ISTIO_VERSION, IstioVersion } from '../../core/istio-version';
import { Finding } from '../../vocab/finding';
import { asObj, enumName, JsonObject, str } from '../../vocab/json';
import { KubeObject } from '../../vocab/object';

export { WebhookCode, WEBHOOK_CODE_DESCRIPTIONS, WEBHOOK_CODE_HINTS } from './codes';

/** What webhook rules may depend on. */
export interface WebhookContext {
  /** The targeted Istio release. */
  readonly istioVersion: IstioVersion;
}

interface ObjectInfo {
  readonly spec: JsonObject;
  readonly name: string;
  readonly namespace: string;
  readonly labels: JsonObject;
  readonly annotations: JsonObject;
  readonly version: IstioVersion;
}

type KindCheck = (report: Report, info: ObjectInfo) => void;

/** The rules of each kind, by `group/kind`. */
const CHECKS: Readonly<Record<string, KindCheck>> = {
  'networking.istio.io/VirtualService': (r, o) => checkVirtualService(r, o.spec, o.namespace, o.annotations),
  'networking.istio.io/DestinationRule': (r, o) => checkDestinationRule(r, o.spec, o.namespace, o.version),
  'networking.istio.io/Gateway': (r, o) => checkGateway(r, o.spec, o.name, o.annotations),
  'networking.istio.io/ServiceEntry': (r, o) => checkServiceEntry(r, o.spec, o.namespace, o.labels, o.version),
  'networking.istio.io/Sidecar': (r, o) => checkSidecar(r, o.spec, o.namespace, o.version),
  'networking.istio.io/WorkloadEntry': (r, o) => checkWorkloadEntry(r, o.spec, 'spec'),
  'networking.istio.io/WorkloadGroup': (r, o) => checkWorkloadGroup(r, o.spec),
  'networking.istio.io/EnvoyFilter': (r, o) => checkEnvoyFilter(r, o.spec),
  'networking.istio.io/ProxyConfig': (r, o) => checkProxyConfig(r, o.spec),
  'security.istio.io/AuthorizationPolicy': (r, o) => checkAuthorizationPolicy(r, o.spec, o.version),
  'security.istio.io/RequestAuthentication': (r, o) => checkRequestAuthentication(r, o.spec, o.version),
  'security.istio.io/PeerAuthentication': (r, o) => checkPeerAuthentication(r, o.spec),
  'telemetry.istio.io/Telemetry': (r, o) => checkTelemetry(r, o.spec),
  'extensions.istio.io/WasmPlugin': (r, o) => checkWasmPlugin(r, o.spec),
  'extensions.istio.io/TrafficExtension': (r, o) => checkTrafficExtension(r, o.spec),
};

const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** The annotation checks istiod runs on every kind before its own rules; returns whether the object was rejected. */
function checkAnnotations(report: Report, kind: string, info: ObjectInfo): boolean {
  const code = WebhookCode.INVALID_ANNOTATION;
  const annotations = info.annotations;
  const dryRun = annotations['istio.io/dry-run'];
  if (dryRun !== undefined) {
    const path = 'metadata.annotations["istio.io/dry-run"]';
    if (kind !== 'AuthorizationPolicy') {
      report.error(code, path, `${kind} does not support the annotation istio.io/dry-run, please remove the annotation`, 'Only AuthorizationPolicy has a dry-run mode.');
      return true;
    }
    const action = enumName(info.spec.action, ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
    if (action !== 'ALLOW' && action !== 'DENY') {
      report.error(code, path, `the annotation istio.io/dry-run currently only supports action ALLOW/DENY, found action ${action}`);
      return true;
    }
    if (!GO_BOOLS.has(str(dryRun))) {
      report.error(code, path, `annotation istio.io/dry-run has an invalid value (${JSON.stringify(dryRun)})`, 'Use "true" or "false".');
      return true;
    }
  }
  for (const internal of ['internal.istio.io/webhook-always-reject', 'internal.istio.io/parent-namespace', 'internal.istio.io/parents']) {
    if (internal in annotations) {
      report.error(code, `metadata.annotations[${JSON.stringify(internal)}]`, `"${internal}" annotation found, this may not be set by users`, 'Remove the internal.istio.io annotation.');
      return true;
    }
  }
  return false;
}

/**
 * Istio's validating-webhook rules that the CRD schema and CEL do not express, for one object.
 * Errors where istiod rejects the object, warnings where it warns. Never throws, whatever the object holds.
 */
export function checkWebhookRules(object: KubeObject, context: WebhookContext): Finding[] {
  try {
    const apiVersion = str(object?.apiVersion);
    const kind = str(object?.kind);
    const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
    const check = CHECKS[`${group}/${kind}`];
    if (!check) return [];
    const metadata = asObj(object.metadata) ?? {};
    const info: ObjectInfo = {
      spec: asObj(object.spec) ?? {},
      name: str(metadata.name),
      namespace: str(metadata.namespace),
      labels: asObj(metadata.labels) ?? {},
      annotations: asObj(metadata.annotations) ?? {},
      version: context?.istioVersion ?? DEFAULT_ISTIO_VERSION,
    };
    const report = new Report();
    if (!checkAnnotations(report, kind, info)) check(report, info);
    const resource = { apiVersion, kind, ...(info.name ? { name: info.name } : {}), ...(info.namespace ? { namespace: info.namespace } : {}) };
    return report.findings.map((f) => ({ ...f, hint: f.hint ?? WEBHOOK_CODE_HINTS[f.code], resource }));
  } catch {
    // A rule that trips over a shape it did not expect must not break synthesis: the schema layer reports the shape.
    return [];
  }
}
