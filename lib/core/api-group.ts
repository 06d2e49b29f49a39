/** An Istio API group and the versions of it that Istio 1.28 to 1.30 serve. */
export interface IstioApiGroup {
  /** The group, e.g. `networking.istio.io`. */
  readonly group: string;
  /** The version emitted unless a chart or app chooses another. */
  readonly defaultVersion: string;
  /** Every served version, newest first. */
  readonly versions: readonly string[];
}

/** `networking.istio.io`: Gateway, VirtualService, DestinationRule, ServiceEntry, Sidecar, WorkloadEntry, WorkloadGroup. */
export const NETWORKING_API: IstioApiGroup = { group: 'networking.istio.io', defaultVersion: 'v1', versions: ['v1', 'v1beta1', 'v1alpha3'] };
/** `security.istio.io`: PeerAuthentication, RequestAuthentication, AuthorizationPolicy. */
export const SECURITY_API: IstioApiGroup = { group: 'security.istio.io', defaultVersion: 'v1', versions: ['v1', 'v1beta1'] };
/** `telemetry.istio.io`: Telemetry. */
export const TELEMETRY_API: IstioApiGroup = { group: 'telemetry.istio.io', defaultVersion: 'v1', versions: ['v1', 'v1alpha1'] };
/** `extensions.istio.io`: WasmPlugin, TrafficExtension. */
export const EXTENSIONS_API: IstioApiGroup = { group: 'extensions.istio.io', defaultVersion: 'v1alpha1', versions: ['v1alpha1'] };

/** Networking API versions an app or chart can emit. */
export enum NetworkingApiVersion {
  /** `networking.istio.io/v1`, served since Istio 1.22 (the default). */
  V1 = 'v1',
  /** `networking.istio.io/v1beta1`, for meshes older than Istio 1.22. */
  V1BETA1 = 'v1beta1',
  /** `networking.istio.io/v1alpha3`, the oldest API still served. */
  V1ALPHA3 = 'v1alpha3',
}

/** Security API versions an app or chart can emit. */
export enum SecurityApiVersion {
  /** `security.istio.io/v1`, served since Istio 1.22 (the default). */
  V1 = 'v1',
  /** `security.istio.io/v1beta1`, for meshes older than Istio 1.22. */
  V1BETA1 = 'v1beta1',
}

/** Telemetry API versions an app or chart can emit. */
export enum TelemetryApiVersion {
  /** `telemetry.istio.io/v1`, served since Istio 1.22 (the default). */
  V1 = 'v1',
  /** `telemetry.istio.io/v1alpha1`, for meshes older than Istio 1.22. */
  V1ALPHA1 = 'v1alpha1',
}
