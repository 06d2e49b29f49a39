import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { EastWestGateway, LABEL_VALUE, NETWORK_LABEL } from './east-west-gateway';
import { ISTIO_EGRESS_GATEWAY, ISTIO_SYSTEM, IstioOperator } from './istio-operator';
import { IstioProfile, KubernetesResources, MeshConfig, ResourceRequirements, SeccompProfile } from './istio-operator-spec';
import { IstioSystemNetworkPolicy } from './istio-system-network-policy';
import { PluginCa } from './plugin-ca';
import { ConfigProblem, configError, detachOnError, throwIfProblems } from '../core/errors';
import { IstioSettings } from '../core/settings';

/** What a cluster runs of the control plane. */
export enum ClusterRole {
  /** Runs istiod, which serves its own proxies (and remote clusters' proxies, if any). */
  PRIMARY = 'primary',
  /** Runs no istiod: its proxies and injector use a primary's istiod through that primary's east-west gateway. */
  REMOTE = 'remote',
}

/** One cluster of a MultiClusterMesh. */
export interface MeshClusterProps {
  /** Name of the cluster in the mesh (`values.global.multiCluster.clusterName`), unique in the mesh; also the chart's id. */
  readonly name: string;
  /**
   * Network of the cluster. Clusters on different networks reach each other's services through
   * east-west gateways.
   * @default - `<name>-network`, a network of its own
   */
  readonly network?: string;
  /** @default ClusterRole.PRIMARY */
  readonly role?: ClusterRole;
  /**
   * For a remote cluster: the primary whose istiod it uses.
   * @default - the mesh's only primary
   */
  readonly primary?: string;
  /**
   * For a remote cluster: the address its proxies reach the primary's istiod at, i.e. the external
   * address of the primary's east-west gateway (known once that gateway has a load balancer).
   */
  readonly remotePilotAddress?: string;
  /**
   * Folder with this cluster's `root-cert.pem`, `cert-chain.pem`, `ca-cert.pem` and `ca-key.pem`
   * (an intermediate CA under the mesh's shared root).
   * @default - no cacerts Secret: provide the CA by other means
   */
  readonly caDirectory?: string;
  /**
   * Kubernetes settings of istiod in this cluster (resources, HPA).
   * @default - the profile's
   */
  readonly pilot?: KubernetesResources;
  /**
   * Kubernetes settings of the east-west gateway (e.g. load balancer annotations).
   * @default - a LoadBalancer Service
   */
  readonly eastWestGateway?: KubernetesResources;
}

/** Props of a MultiClusterMesh. */
export interface MultiClusterMeshProps {
  /** The mesh ID, the same in every cluster (`values.global.meshID`). */
  readonly meshId: string;
  /** The clusters, at least one primary. */
  readonly clusters: MeshClusterProps[];
  /**
   * Trust domain of the workload identities, the same in every cluster.
   * @default - Istio's default, cluster.local
   */
  readonly trustDomain?: string;
  /** Control plane revision. @default - the default revision */
  readonly revision?: string;
  /** Profile of the primaries. @default IstioProfile.DEFAULT */
  readonly profile?: IstioProfile;
  /** Mesh configuration shared by every cluster (the trust domain is set from `trustDomain`). */
  readonly meshConfig?: MeshConfig;
  /** Sidecar resources in every cluster (`values.global.proxy.resources`), e.g. `DEFAULT_PROXY_RESOURCES`. @default - Istio's */
  readonly proxyResources?: ResourceRequirements;
  /**
   * Install Istio CNI in every cluster (`components.cni.enabled`), so that pods with sidecars need
   * no privileged init container and can run under the baseline or restricted Pod Security level.
   * @default false
   */
  readonly istioCni?: boolean;
  /**
   * Add the hardening NetworkPolicies of istio-system (istiod, and the east-west gateway where there is one).
   * @default false
   */
  readonly networkPolicies?: boolean;
  /** Namespaces Prometheus scrapes istiod and the east-west gateway from, with `networkPolicies`. @default ['istio-system'] */
  readonly monitoringNamespaces?: string[];
  /**
   * Seccomp profile of every injected proxy container (`values.global.proxy.seccompProfile`), e.g.
   * `{ type: 'RuntimeDefault' }`. Istio writes none unless it is set, and the restricted Pod Security level wants one
   * on every container (a pod-level profile of the app's pods also counts).
   * @default - none
   */
  readonly proxySeccompProfile?: SeccompProfile;
  /**
   * Install Istio's egress gateway (`istio-egressgateway`, labels `istio: egressgateway`) in every cluster, for
   * EgressGatewayRoute and ExternalServiceWithBreaker's `egressGateway`; the default profile leaves it disabled.
   * @default false
   */
  readonly egressGateway?: boolean;
}

/** What the mesh wrote for one cluster. */
export interface MeshCluster {
  /** The cluster's name. */
  readonly name: string;
  /** Its network. */
  readonly network: string;
  /** Its role. */
  readonly role: ClusterRole;
  /** The chart holding everything for this cluster. */
  readonly chart: Chart;
  /** The istio-system Namespace, labelled with the network. */
  readonly namespace: ApiObject;
  /** The control plane install (a primary's istiod, or a remote's injector settings). */
  readonly operator: IstioOperator;
  /** The east-west gateway, where one is needed. */
  readonly eastWestGateway?: EastWestGateway;
  /** The cacerts Secret, if `caDirectory` was given. */
  readonly ca?: PluginCa;
}

/** Codes of the mesh-level errors (CIS62xx). */
export const MULTI_CLUSTER_CODES = {
  DUPLICATE_CLUSTER: 'CIS6201',
  NO_PRIMARY: 'CIS6202',
  REMOTE_CONFIG: 'CIS6203',
  ROOT_CA: 'CIS6204',
  NAME: 'CIS6205',
} as const;

/**
 * A multi-cluster mesh: one chart per cluster (created in `scope`, usually the App, with the
 * cluster's name as id, so `app.synth()` writes `<cluster>.k8s.yaml`), consistent by construction:
 * the same mesh ID and trust domain everywhere, a distinct cluster name each, the
 * `topology.istio.io/network` label on istio-system, east-west gateways where traffic crosses
 * networks or remote clusters reach a primary's istiod, `externalIstiod` on primaries that serve
 * remotes, and remote-cluster install settings (`profile: remote`, injection path, discovery address).
 *
 * Not written: the remote secrets (`istioctl create-remote-secret`), which hold credentials of
 * live clusters; create them out of band.
 *
 * @example
 * new MultiClusterMesh(app, 'mesh', {
 *   meshId: 'mesh1',
 *   clusters: [{ name: 'cluster1', network: 'network1' }, { name: 'cluster2', network: 'network2' }],
 * });
 */
export class MultiClusterMesh extends Construct {
  /** The clusters, in the order given. */
  public readonly clusters: MeshCluster[];
  /** The mesh ID. */
  public readonly meshId: string;

  public constructor(scope: Construct, id: string, props: MultiClusterMeshProps) {
    super(scope, id);
    this.meshId = props.meshId;
    // The clusters' charts are the scope's children, beside this construct: a refused mesh takes them away too.
    const charts: Chart[] = [];
    try {
      this.clusters = detachOnError(this, () => {
        const resolved = resolveClusters(this, props);
        const multiNetwork = new Set(resolved.map((c) => c.network)).size > 1;
        const meshConfig = props.meshConfig || props.trustDomain
          ? { ...props.meshConfig, trustDomain: props.trustDomain ?? props.meshConfig?.trustDomain }
          : undefined;
        const cni = props.istioCni ? { cni: { enabled: true } } : undefined;
        const egress = props.egressGateway ? { egressGateways: [{ name: ISTIO_EGRESS_GATEWAY, enabled: true }] } : undefined;

        const clusters = resolved.map((c): MeshCluster => {
          const chart = new Chart(scope, c.name);
          charts.push(chart);
          // One app, several clusters: the same object in two clusters is two objects.
          IstioSettings.apply(chart, { cluster: c.name });
          const servesRemotes = resolved.some((r) => r.role === ClusterRole.REMOTE && r.primary === c.name);
          const namespace = new ApiObject(chart, 'IstioSystem', {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: {
              name: ISTIO_SYSTEM,
              labels: { [NETWORK_LABEL]: c.network },
              // A remote cluster names the cluster whose istiod manages it.
              annotations: c.role === ClusterRole.REMOTE ? { 'topology.istio.io/controlPlaneClusters': c.primary! } : undefined,
            },
          });
          const ca = c.caDirectory !== undefined ? PluginCa.fromDirectory(chart, 'CaCerts', c.caDirectory) : undefined;
          const global = {
            meshID: props.meshId,
            multiCluster: { clusterName: c.name },
            network: c.network,
            ...(props.proxyResources || props.proxySeccompProfile
              ? { proxy: { resources: props.proxyResources, seccompProfile: props.proxySeccompProfile } } : {}),
          };
          const operator = c.role === ClusterRole.PRIMARY
            ? new IstioOperator(chart, 'ControlPlane', {
              metadata: { name: 'control-plane' },
              profile: props.profile ?? IstioProfile.DEFAULT,
              revision: props.revision,
              meshConfig,
              components: c.pilot || cni || egress ? { ...(c.pilot ? { pilot: { k8s: c.pilot } } : {}), ...cni, ...egress } : undefined,
              values: { global: { ...global, ...(servesRemotes ? { externalIstiod: true } : {}) } },
            })
            : new IstioOperator(chart, 'ControlPlane', {
              metadata: { name: 'control-plane' },
              profile: IstioProfile.REMOTE,
              revision: props.revision,
              meshConfig,
              components: cni || egress ? { ...cni, ...egress } : undefined,
              values: {
                istiodRemote: { injectionPath: `/inject/cluster/${c.name}/net/${c.network}` },
                global: { ...global, remotePilotAddress: c.remotePilotAddress },
              },
            });
          const eastWestGateway = multiNetwork || servesRemotes
            ? new EastWestGateway(chart, 'EastWest', {
              network: c.network,
              revision: props.revision,
              exposeServices: multiNetwork,
              exposeIstiod: servesRemotes,
              k8s: c.eastWestGateway,
            })
            : undefined;
          if (props.networkPolicies) {
            new IstioSystemNetworkPolicy(chart, 'NetworkPolicy', {
              revision: c.role === ClusterRole.PRIMARY ? props.revision : undefined,
              eastWestGateway: eastWestGateway !== undefined,
              monitoringNamespaces: props.monitoringNamespaces,
            });
          }
          return { name: c.name, network: c.network, role: c.role, chart, namespace, operator, eastWestGateway, ca };
        });

        const withCa = clusters.filter((c) => c.ca);
        const roots = new Set(withCa.map((c) => c.ca!.rootFingerprint));
        if (roots.size > 1) {
          throw configError(this, {
            field: 'clusters[].ca',
            problem: `${MULTI_CLUSTER_CODES.ROOT_CA} the clusters' CAs chain to ${roots.size} different roots (root-cert.pem differs)`,
            fix: 'Give every cluster of the mesh an intermediate CA under one shared root.',
          });
        }
        return clusters;
      });
    } catch (e) {
      for (const chart of charts) scope.node.tryRemoveChild(chart.node.id);
      throw e;
    }
  }

  /** The cluster named `name`. @throws when there is none */
  public cluster(name: string): MeshCluster {
    const found = this.clusters.find((c) => c.name === name);
    if (!found) throw configError(this, { field: 'clusters', problem: `has no cluster '${name}'`, fix: `Use one of ${this.clusters.map((c) => c.name).join(', ')}.` });
    return found;
  }
}

interface ResolvedCluster extends MeshClusterProps {
  readonly network: string;
  readonly role: ClusterRole;
}

/** Fills in defaults and checks the cluster list as a whole; throws every problem at once. */
function resolveClusters(mesh: Construct, props: MultiClusterMeshProps): ResolvedCluster[] {
  const errors: ConfigProblem[] = [];
  if (!props.meshId || !LABEL_VALUE.test(props.meshId)) {
    errors.push({ field: 'meshId', problem: `${MULTI_CLUSTER_CODES.NAME} '${props.meshId ?? ''}' is not a non-empty label value`, fix: 'Use letters, digits, \'-\', \'_\' and \'.\'.' });
  }
  if (!props.clusters.length) errors.push({ field: 'clusters', problem: `${MULTI_CLUSTER_CODES.NO_PRIMARY} a mesh needs at least one cluster`, fix: 'Give the mesh its clusters.' });
  const counts = new Map<string, number>();
  for (const c of props.clusters) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  for (const [name, n] of counts) {
    if (n > 1) {
      errors.push({
        field: 'clusters[].name',
        problem: `${MULTI_CLUSTER_CODES.DUPLICATE_CLUSTER} cluster name '${name}' is used by ${n} clusters, so istiod mixes up their endpoints`,
        fix: 'Give each cluster its own name (values.global.multiCluster.clusterName).',
      });
    }
  }
  const clusters: ResolvedCluster[] = props.clusters.map((c) => ({ ...c, network: c.network ?? `${c.name}-network`, role: c.role ?? ClusterRole.PRIMARY }));
  clusters.forEach((c, i) => {
    const labelFix = 'Use a label value: letters, digits, \'-\', \'_\' and \'.\'.';
    if (!LABEL_VALUE.test(c.name)) errors.push({ field: `clusters[${i}].name`, problem: `${MULTI_CLUSTER_CODES.NAME} cluster name '${c.name}' is not a label value`, fix: labelFix });
    if (!LABEL_VALUE.test(c.network)) errors.push({ field: `clusters[${i}].network`, problem: `${MULTI_CLUSTER_CODES.NAME} network '${c.network}' of cluster '${c.name}' is not a label value`, fix: labelFix });
  });
  const primaries = clusters.filter((c) => c.role === ClusterRole.PRIMARY).map((c) => c.name);
  if (props.clusters.length && !primaries.length) {
    errors.push({ field: 'clusters', problem: `${MULTI_CLUSTER_CODES.NO_PRIMARY} a mesh needs at least one primary cluster (one that runs istiod)`, fix: 'Make one cluster a primary.' });
  }
  const resolved = clusters.map((c, i) => {
    if (c.role !== ClusterRole.REMOTE) {
      if (c.primary !== undefined || c.remotePilotAddress !== undefined) {
        errors.push({
          field: `clusters[${i}]`,
          problem: `${MULTI_CLUSTER_CODES.REMOTE_CONFIG} cluster '${c.name}' is a primary, and primary and remotePilotAddress are for remote clusters`,
          fix: 'Remove them, or make the cluster a remote.',
        });
      }
      return c;
    }
    let primary = c.primary;
    if (primary === undefined && primaries.length === 1) primary = primaries[0];
    if (primary === undefined) {
      errors.push({ field: `clusters[${i}].primary`, problem: `${MULTI_CLUSTER_CODES.REMOTE_CONFIG} remote cluster '${c.name}' does not name its primary`, fix: primaries.length ? `Set primary to one of ${primaries.join(', ')}.` : 'Make a cluster a primary and name it here.' });
    } else if (!primaries.includes(primary)) {
      errors.push({
        field: `clusters[${i}].primary`,
        problem: `${MULTI_CLUSTER_CODES.REMOTE_CONFIG} remote cluster '${c.name}' names '${primary}' as its primary, which is not a primary cluster of this mesh`,
        fix: `Use one of ${primaries.join(', ')}.`,
      });
    }
    if (!c.remotePilotAddress) {
      errors.push({
        field: `clusters[${i}].remotePilotAddress`,
        problem: `${MULTI_CLUSTER_CODES.REMOTE_CONFIG} remote cluster '${c.name}' needs remotePilotAddress`,
        fix: 'Set it to the external address of its primary\'s east-west gateway.',
      });
    }
    return { ...c, primary };
  });
  throwIfProblems(mesh, errors);
  return resolved;
}
