import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EAST_WEST_PORTS, EastWestGateway } from './east-west-gateway';
import { ISTIO_SYSTEM } from './istio-operator';

/** Ports of istiod (istio-discovery chart, Istio 1.30). */
export const ISTIOD_PORTS = {
  /** xDS in plaintext, for proxies without TLS to istiod (rare; off unless asked). */
  XDS_PLAINTEXT: 15010,
  /** xDS and the CA over TLS: every proxy connects here. */
  XDS_TLS: 15012,
  /** Metrics for Prometheus (`http-monitoring`). */
  MONITORING: 15014,
  /** Injection and validation webhooks, called by the API server (Service port 443). */
  WEBHOOK: 15017,
  /** Debug endpoints (`/debug/syncz`...); `kubectl port-forward` reaches it without any policy. */
  DEBUG: 8080,
} as const;

/** Envoy's Prometheus port in every proxy, gateways included (`http-envoy-prom` in Istio's gateway charts). */
export const ENVOY_METRICS_PORT = 15090;

/** Props of an IstioSystemNetworkPolicy. */
export interface IstioSystemNetworkPolicyProps {
  /** @default istio-system */
  readonly namespace?: string;
  /**
   * Revision of the istiod to protect (selects `istio.io/rev`).
   * @default - every istiod of the namespace
   */
  readonly revision?: string;
  /**
   * Namespaces Prometheus scrapes from: istiod's metrics port 15014 and, with `eastWestGateway`, the gateway's
   * Envoy metrics port 15090 (the `*-envoy-prom` port PrometheusScrapeConfig's Envoy job targets).
   * @default ['istio-system']
   */
  readonly monitoringNamespaces?: string[];
  /**
   * Namespaces allowed on the debug port 8080.
   * @default - none (port-forwarding still works: it does not cross the pod network)
   */
  readonly debugNamespaces?: string[];
  /**
   * Open the plaintext xDS port 15010 to every namespace.
   * @default false
   */
  readonly allowPlaintextXds?: boolean;
  /**
   * Also admit the east-west gateway's ports (15021, 15443, 15012, 15017) from anywhere, for a
   * cluster that has one: the policy then covers the gateway pods too.
   * @default false
   */
  readonly eastWestGateway?: boolean;
}

/** A namespaceSelector for a namespace by name (the label Kubernetes sets on every namespace). */
function namespaceNamed(name: string) {
  return { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } };
}

const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port }));

/**
 * Ingress NetworkPolicies for the control plane namespace: istiod accepts xDS/CA (15012) and
 * webhook calls (15017) from anywhere (the API server is not a pod, so it cannot be selected),
 * metrics (15014) from the monitoring namespaces, and nothing else unless asked. Egress is left
 * open: istiod fetches JWKS from user-defined endpoints and talks to remote API servers.
 *
 * Unlike a `podSelector: {}` policy, it selects istiod (and optionally the east-west gateway), so
 * the ingress gateway keeps its own traffic.
 */
export class IstioSystemNetworkPolicy extends Construct {
  /** The policy of istiod. */
  public readonly istiod: ApiObject;
  /** The policy of the east-west gateway, if `eastWestGateway`. */
  public readonly eastWest?: ApiObject;

  public constructor(scope: Construct, id: string, props: IstioSystemNetworkPolicyProps = {}) {
    super(scope, id);
    const namespace = props.namespace ?? ISTIO_SYSTEM;
    const monitoring = (props.monitoringNamespaces ?? [ISTIO_SYSTEM]).map(namespaceNamed);
    const open = [ISTIOD_PORTS.XDS_TLS, ISTIOD_PORTS.WEBHOOK, ...(props.allowPlaintextXds ? [ISTIOD_PORTS.XDS_PLAINTEXT] : [])];
    const ingress: unknown[] = [
      { ports: tcp(...open) },
      { from: monitoring, ports: tcp(ISTIOD_PORTS.MONITORING) },
    ];
    if (props.debugNamespaces?.length) ingress.push({ from: props.debugNamespaces.map(namespaceNamed), ports: tcp(ISTIOD_PORTS.DEBUG) });
    this.istiod = new ApiObject(this, 'Istiod', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: props.revision ? `istiod-${props.revision}` : 'istiod', namespace },
      spec: {
        podSelector: { matchLabels: { app: 'istiod', ...(props.revision ? { 'istio.io/rev': props.revision } : {}) } },
        policyTypes: ['Ingress'],
        ingress,
      },
    });
    if (props.eastWestGateway) {
      this.eastWest = new ApiObject(this, 'EastWest', {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'istio-eastwestgateway', namespace },
        spec: {
          podSelector: { matchLabels: { ...EastWestGateway.SELECTOR } },
          policyTypes: ['Ingress'],
          ingress: [
            { ports: tcp(EAST_WEST_PORTS.STATUS, EAST_WEST_PORTS.CROSS_NETWORK, EAST_WEST_PORTS.ISTIOD, EAST_WEST_PORTS.ISTIOD_WEBHOOK) },
            // A policy that selects the pods blocks every port it does not list: Prometheus scrapes the gateway's Envoy here.
            { from: monitoring, ports: tcp(ENVOY_METRICS_PORT) },
          ],
        },
      });
    }
  }
}
