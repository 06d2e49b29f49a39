import { IstioVersion } from '../../core/istio-version';
import { Finding } from '../finding';
import { KubeObject } from '../object';

/** What webhook rules may depend on. */
export interface WebhookContext {
  /** The targeted Istio release. */
  readonly istioVersion: IstioVersion;
}

/**
 * Istio's validating-webhook rules that the CRD schema and CEL do not express, for one object.
 * Errors where istiod rejects the object, warnings where it warns.
 */
export function checkWebhookRules(_object: KubeObject, _context: WebhookContext): Finding[] {
  return [];
}
