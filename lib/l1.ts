// The generated L1 classes (imports/), re-exported per API group.
export * as networking from '../imports/networking.istio.io';
export * as security from '../imports/security.istio.io';
export * as telemetry from '../imports/telemetry.istio.io';
export * as extensions from '../imports/extensions.istio.io';
/** Kubernetes Gateway API (`gateway.networking.k8s.io`): every kind and served version of both channels. */
export * as gatewayApi from '../imports/gateway.networking.k8s.io';
/** Kubernetes Gateway API experimental kinds (`gateway.networking.x-k8s.io`: XBackendTrafficPolicy, XMesh). */
export * as gatewayApiX from '../imports/gateway.networking.x-k8s.io';
