/** A Kubernetes object as checks see it: plain data, whatever produced it (L1, L2, raw ApiObject or a YAML file). */
export interface KubeObject {
  /** e.g. `networking.istio.io/v1`. */
  readonly apiVersion: string;
  /** e.g. `VirtualService`. */
  readonly kind: string;
  /** Name, namespace, labels and annotations. */
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  /** Everything else (`spec`, `data`, ...). */
  readonly [key: string]: unknown;
}

/** Whether a value has the shape of a Kubernetes object (string apiVersion and kind). */
export function isKubeObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    && typeof (value as KubeObject).apiVersion === 'string' && typeof (value as KubeObject).kind === 'string';
}

/** Whether the object belongs to one of Istio's API groups (`*.istio.io`). */
export function isIstioObject(value: unknown): value is KubeObject {
  return isKubeObject(value) && /^[a-z.]+\.istio\.io\//.test(value.apiVersion);
}
