import { IstioVersion } from '../core/istio-version';
import { Finding } from '../validation/finding';
import { KubeObject } from '../validation/object';

/** Options of a cross-resource analysis. */
export interface AnalyzeOptions {
  /**
   * The targeted Istio release.
   * @default IstioVersion.V1_30
   */
  readonly istioVersion?: IstioVersion;
}

/** Cross-resource analysis over a whole set of objects (Istio and plain Kubernetes), in the spirit of `istioctl analyze`. */
export function analyze(_objects: readonly KubeObject[], _options: AnalyzeOptions = {}): Finding[] {
  return [];
}
