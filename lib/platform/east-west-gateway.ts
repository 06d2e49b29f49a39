import { Construct } from 'constructs';
import { IstioObject } from './istio-object';
import { ISTIO_SYSTEM, IstioOperator } from './istio-operator';
import { IstioProfile, KubernetesResources, ServicePort } from './istio-operator-spec';
import type { GatewaySpec, VirtualServiceSpec } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { configError, detachOnError } from '../core/errors';

/** The label Istio reads a workload's or a namespace's network from. */
export const NETWORK_LABEL = 'topology.istio.io/network';

/** Ports of an east-west gateway, as Istio's `samples/multicluster/gen-eastwest-gateway.sh` opens them. */
export const EAST_WEST_PORTS = {
  /** Readiness of the gateway. */
  STATUS: 15021,
  /** mTLS traffic to services of this network, routed by SNI (AUTO_PASSTHROUGH). */
  CROSS_NETWORK: 15443,
  /** istiod's xDS and CA, for remote clusters. */
  ISTIOD: 15012,
  /** istiod's webhooks, for remote clusters. */
  ISTIOD_WEBHOOK: 15017,
} as const;

/** A Kubernetes label value: what network and cluster names must be (they end up in labels). */
export const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Props of an EastWestGateway. */
export interface EastWestGatewayProps {
  /** The network of this cluster: the gateway routes traffic into it. */
  readonly network: string;
  /**
   * Revision of the control plane the gateway belongs to.
   * @default - the default revision
   */
  readonly revision?: string;
  /**
   * Expose this network's services to other networks (Gateway on 15443, AUTO_PASSTHROUGH, `*.local`):
   * needed when the mesh spans networks.
   * @default true
   */
  readonly exposeServices?: boolean;
  /**
   * Expose istiod (15012, 15017) to remote clusters: needed on a primary that remote clusters use.
   * @default false
   */
  readonly exposeIstiod?: boolean;
  /**
   * Kubernetes settings of the gateway deployment (resources, HPA, Service type and annotations).
   * The ports 15021/15443/15012/15017 and the network env variable are always set; ports given
   * here are added to them.
   * @default - one replica, a LoadBalancer Service
   */
  readonly k8s?: KubernetesResources;
  /**
   * Namespace of the gateway and its Istio config.
   * @default istio-system
   */
  readonly namespace?: string;
  /**
   * Name of the IstioOperator that installs the gateway.
   * @default eastwest
   */
  readonly operatorName?: string;
}

/**
 * The east-west gateway of one cluster, as Istio's multicluster samples set it up: an IstioOperator
 * (profile `empty`) that installs `istio-eastwestgateway` labelled with the network, the Gateway
 * that exposes the network's services on 15443 with AUTO_PASSTHROUGH for `*.local`, and optionally
 * the Gateway and VirtualService that expose istiod to remote clusters.
 *
 * Install the operator with `istioctl install -f`, apply the Istio config with kubectl or GitOps.
 */
export class EastWestGateway extends Construct {
  /** Pod labels of the gateway, which its Gateway resources select. */
  public static readonly SELECTOR: Readonly<Record<string, string>> = { istio: 'eastwestgateway' };

  /** The IstioOperator that installs the gateway deployment. */
  public readonly operator: IstioOperator;
  /** The Gateway exposing this network's services, if `exposeServices`. */
  public readonly crossNetworkGateway?: IstioObject<GatewaySpec>;
  /** The Gateway exposing istiod, if `exposeIstiod`. */
  public readonly istiodGateway?: IstioObject<GatewaySpec>;
  /** The VirtualService routing to istiod, if `exposeIstiod`. */
  public readonly istiodVirtualService?: IstioObject<VirtualServiceSpec>;
  /** The network. */
  public readonly network: string;

  public constructor(scope: Construct, id: string, props: EastWestGatewayProps) {
    super(scope, id);
    detachOnError(this, () => {
      if (!LABEL_VALUE.test(props.network)) {
        throw configError(this, {
          field: 'network',
          problem: `'${props.network}' must be a Kubernetes label value`,
          fix: 'Use up to 63 letters, digits, \'-\', \'_\' or \'.\', starting and ending alphanumeric.',
        });
      }
    });
    this.network = props.network;
    const namespace = props.namespace ?? ISTIO_SYSTEM;
    const ports: ServicePort[] = [
      { name: 'status-port', port: EAST_WEST_PORTS.STATUS, targetPort: EAST_WEST_PORTS.STATUS },
      { name: 'tls', port: EAST_WEST_PORTS.CROSS_NETWORK, targetPort: EAST_WEST_PORTS.CROSS_NETWORK },
      { name: 'tls-istiod', port: EAST_WEST_PORTS.ISTIOD, targetPort: EAST_WEST_PORTS.ISTIOD },
      { name: 'tls-webhook', port: EAST_WEST_PORTS.ISTIOD_WEBHOOK, targetPort: EAST_WEST_PORTS.ISTIOD_WEBHOOK },
    ];
    const k8s = props.k8s ?? {};
    this.operator = new IstioOperator(this, 'Operator', {
      metadata: { name: props.operatorName ?? 'eastwest', namespace },
      profile: IstioProfile.EMPTY,
      revision: props.revision,
      components: {
        ingressGateways: [{
          name: 'istio-eastwestgateway',
          label: { ...EastWestGateway.SELECTOR, app: 'istio-eastwestgateway', [NETWORK_LABEL]: props.network },
          enabled: true,
          namespace: props.namespace,
          k8s: {
            ...k8s,
            // Traffic through this gateway is routed inside its network.
            env: [{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: props.network }, ...k8s.env ?? []],
            service: { ...k8s.service, ports: [...ports, ...k8s.service?.ports ?? []] },
          },
        }],
      },
      values: {
        gateways: { 'istio-ingressgateway': { injectionTemplate: 'gateway' } },
        global: { network: props.network },
      },
    });

    if (props.exposeServices ?? true) {
      this.crossNetworkGateway = new IstioObject<GatewaySpec>(this, 'CrossNetworkGateway', { api: NETWORKING_API, kind: 'Gateway' }, {
        metadata: { name: 'cross-network-gateway', namespace },
        spec: () => ({
          selector: { ...EastWestGateway.SELECTOR },
          servers: [{
            port: { number: EAST_WEST_PORTS.CROSS_NETWORK, name: 'tls', protocol: 'TLS' },
            tls: { mode: 'AUTO_PASSTHROUGH' },
            hosts: ['*.local'],
          }],
        }),
      });
    }

    if (props.exposeIstiod) {
      const istiod = props.revision ? `istiod-${props.revision}` : 'istiod';
      const host = `${istiod}.${ISTIO_SYSTEM}.svc.cluster.local`;
      // With a revision, route by SNI to that revision's istiod (samples/multicluster/expose-istiod-rev.yaml.tmpl).
      const sniHosts = props.revision ? [`${istiod}.${ISTIO_SYSTEM}.svc`, host] : ['*'];
      this.istiodGateway = new IstioObject<GatewaySpec>(this, 'IstiodGateway', { api: NETWORKING_API, kind: 'Gateway' }, {
        metadata: { name: 'istiod-gateway', namespace },
        spec: () => ({
          selector: { ...EastWestGateway.SELECTOR },
          servers: [
            { port: { name: 'tls-istiod', number: EAST_WEST_PORTS.ISTIOD, protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
            { port: { name: 'tls-istiodwebhook', number: EAST_WEST_PORTS.ISTIOD_WEBHOOK, protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
          ],
        }),
      });
      this.istiodVirtualService = new IstioObject<VirtualServiceSpec>(this, 'IstiodVirtualService', { api: NETWORKING_API, kind: 'VirtualService' }, {
        metadata: { name: props.revision ? `istiod-vs-${props.revision}` : 'istiod-vs', namespace },
        spec: () => ({
          hosts: ['*'],
          gateways: ['istiod-gateway'],
          tls: [
            { match: [{ port: EAST_WEST_PORTS.ISTIOD, sniHosts }], route: [{ destination: { host, port: { number: 15012 } } }] },
            { match: [{ port: EAST_WEST_PORTS.ISTIOD_WEBHOOK, sniHosts }], route: [{ destination: { host, port: { number: 443 } } }] },
          ],
        }),
      });
    }
  }
}
