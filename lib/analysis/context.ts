import { selectorMatches, selectorString } from './labels';
import { formatMessage, MessageArg, messageType } from './messages';
import { Dataplane } from '../core/dataplane';
import { Finding, ResourceRef, Severity } from '../vocab/finding';
import { JsonObject, obj, objs, str, strMap, strs } from '../vocab/json';
import { addTo } from '../vocab/multimap';
import { KubeObject } from '../vocab/object';

/** The namespace of objects that name none (what `istioctl analyze` assumes for files). */
export const DEFAULT_NAMESPACE = 'default';
/** Istio's control-plane namespace. */
export const ISTIO_SYSTEM_NAMESPACE = 'istio-system';
/** `svc.cluster.local`: the suffix of Kubernetes service host names. */
export const CLUSTER_LOCAL_SUFFIX = 'svc.cluster.local';
/** Kubernetes system namespaces that Istio's analysis ignores entirely. */
export const IGNORED_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Group/kind keys of the kinds analyzers look at (`group/Kind`, core group empty). */
export const GK = {
  VirtualService: 'networking.istio.io/VirtualService',
  DestinationRule: 'networking.istio.io/DestinationRule',
  Gateway: 'networking.istio.io/Gateway',
  ServiceEntry: 'networking.istio.io/ServiceEntry',
  Sidecar: 'networking.istio.io/Sidecar',
  EnvoyFilter: 'networking.istio.io/EnvoyFilter',
  WorkloadEntry: 'networking.istio.io/WorkloadEntry',
  AuthorizationPolicy: 'security.istio.io/AuthorizationPolicy',
  PeerAuthentication: 'security.istio.io/PeerAuthentication',
  RequestAuthentication: 'security.istio.io/RequestAuthentication',
  Telemetry: 'telemetry.istio.io/Telemetry',
  WasmPlugin: 'extensions.istio.io/WasmPlugin',
  Pod: '/Pod',
  Service: '/Service',
  Namespace: '/Namespace',
  Node: '/Node',
  Secret: '/Secret',
  ConfigMap: '/ConfigMap',
  Deployment: 'apps/Deployment',
  CustomResourceDefinition: 'apiextensions.k8s.io/CustomResourceDefinition',
  KubernetesGateway: 'gateway.networking.k8s.io/Gateway',
  HTTPRoute: 'gateway.networking.k8s.io/HTTPRoute',
  GRPCRoute: 'gateway.networking.k8s.io/GRPCRoute',
  TCPRoute: 'gateway.networking.k8s.io/TCPRoute',
  TLSRoute: 'gateway.networking.k8s.io/TLSRoute',
  UDPRoute: 'gateway.networking.k8s.io/UDPRoute',
  ReferenceGrant: 'gateway.networking.k8s.io/ReferenceGrant',
} as const;

/** cert-manager's Certificate, whose `secretName` Secret it creates. */
export const CERT_MANAGER_CERTIFICATE = 'cert-manager.io/Certificate';

/** Kinds without a namespace. */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding',
  'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'PriorityClass', 'IngressClass', 'GatewayClass',
  'CertificateSigningRequest', 'APIService', 'RuntimeClass', 'CSIDriver', 'VolumeAttachment', 'ClusterIssuer',
]);

/** Workload kinds whose pod template stands for the pods they create, and where the template is. */
const WORKLOAD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  '/ReplicationController': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/**
 * What a reference points to, for deciding in an open world whether a missing target is a finding: a Kubernetes
 * Service, a pod or workload template, an Istio Gateway, a Gateway API Gateway, or a Secret (or the cert-manager
 * Certificate issuing it).
 */
export type ReferenceTarget = 'Service' | 'Workload' | 'Gateway' | 'Secret' | 'KubernetesGateway';

/** What a finding may add to its message: the other objects involved, and a request that shows the problem. */
export interface FindingExtra {
  /** The other resources involved. */
  readonly related?: readonly Resource[];
  /** A request that shows the problem. */
  readonly example?: string;
}

/** One object of the analyzed set, with its identity resolved once. */
export interface Resource {
  /** The object as given. */
  readonly object: KubeObject;
  /** API group (`''` for the core group). */
  readonly group: string;
  /** Kind. */
  readonly kind: string;
  /** `group/Kind`, e.g. `networking.istio.io/VirtualService` or `/Service`. */
  readonly gk: string;
  /** metadata.name (`''` when missing). */
  readonly name: string;
  /** The effective namespace (`default` when unset); `''` for cluster-scoped kinds. */
  readonly namespace: string;
  /** `namespace/name`, or `name` for cluster-scoped kinds (Istio's `FullName`). */
  readonly fullName: string;
  /** metadata.labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** metadata.annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The `spec` (an empty object when missing). */
  readonly spec: JsonObject;
  /** Position in the analyzed set (synthetic objects come last). */
  readonly index: number;
  /** True for the objects `istioctl analyze` assumes in file-only mode (the default ingress gateway). */
  readonly synthetic: boolean;
}

/** A pod as analyzers see it: a Pod object, the template of a workload, or the assumed ingress gateway pod. */
export interface PodView {
  /** The Pod, or the workload whose template this is. */
  readonly source: Resource;
  /** The pod's name (for a workload: the workload's name). */
  readonly name: string;
  /** The namespace. */
  readonly namespace: string;
  /** `namespace/name`. */
  readonly fullName: string;
  /** The pod's labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pod's annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec. */
  readonly spec: JsonObject;
  /** Whether it comes from a workload template rather than a Pod object. */
  readonly fromTemplate: boolean;
}

/** A host known to the mesh: a ServiceEntry, or a Kubernetes Service seen as one. */
export interface MeshHost {
  /** The ServiceEntry or Service. */
  readonly source: Resource;
  /** Its ports (number, name, protocol). */
  readonly ports: ReadonlyArray<{ readonly number: number; readonly name: string; readonly protocol: string }>;
  /** A ServiceEntry's workloadSelector labels (empty for a Service). */
  readonly workloadSelector: Readonly<Record<string, string>>;
}

/** What the analysis assumes about the data plane of namespaces the set does not define (the app's `IstioSettings`). */
export interface DataplaneAssumptions {
  /**
   * The data plane of namespaces the set does not define.
   * @default Dataplane.SIDECAR
   */
  readonly defaultDataplane?: Dataplane;
  /**
   * The data plane of named namespaces the set does not define; wins over `defaultDataplane`.
   * @default - none
   */
  readonly namespaceDataplanes?: { readonly [namespace: string]: Dataplane };
}

/** Mesh configuration that analyzers depend on (a subset of Istio's MeshConfig, same field names). */
export interface MeshConfigLike {
  /** @default istio-system */
  readonly rootNamespace?: string;
  /** @default istio-ingressgateway */
  readonly ingressService?: string;
  /** `OFF` means no default ingress gateway is assumed. */
  readonly ingressControllerMode?: string;
  /** Default providers, e.g. `{ accessLogging: ['envoy'] }`. */
  readonly defaultProviders?: { readonly accessLogging?: readonly string[]; readonly [key: string]: unknown };
  /** Extension providers, e.g. `[{ name: 'lightstep', lightstep: {...} }]`. */
  readonly extensionProviders?: ReadonlyArray<{ readonly name?: string; readonly [key: string]: unknown }>;
  /** Proxy defaults; `proxyMetadata` drives DNS auto-allocation. */
  readonly defaultConfig?: { readonly proxyMetadata?: Readonly<Record<string, string>>; readonly [key: string]: unknown };
}

/** `host` in the namespace, as Istio's `ConvertHostToFQDN`: short names become `name.namespace.svc.cluster.local`. */
export function hostToFqdn(namespace: string, host: string): string {
  return !host.startsWith('*') && !host.includes('.') ? `${host}.${namespace}.${CLUSTER_LOCAL_SUFFIX}` : host;
}

/** The resource identity a finding carries. */
export function resourceRef(r: Resource): ResourceRef {
  return { apiVersion: r.object.apiVersion, kind: r.kind, name: r.name, ...(r.namespace ? { namespace: r.namespace } : {}) };
}

/** Splits an apiVersion into its group (`''` for `v1`). */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The index every analyzer queries: built once over the whole set (by kind, by name, pods by label,
 * mesh hosts by name), so that analyzers never compare all pairs of objects.
 */
export class AnalysisContext {
  /** Mesh configuration. */
  public readonly mesh: MeshConfigLike;
  /** The namespace of Istio's root configuration (`istio-system`). */
  public readonly rootNamespace: string;
  /** Whether the analyzed set itself defines Kubernetes Services (analyzers that need them run only then). */
  public readonly hasServices: boolean;
  /** Whether the analyzed set itself defines pods or workloads (Pod, Deployment, StatefulSet, ...). */
  public readonly hasWorkloads: boolean;
  /** Whether the analyzed set itself defines Namespace objects. */
  public readonly hasNamespaces: boolean;
  /** Every pod view: Pod objects, workload templates and the assumed ingress gateway pod. */
  public readonly pods: readonly PodView[];
  /**
   * Whether the set is the whole mesh (`istioctl analyze` on files): a reference to an object not in the set is
   * then a finding. When false, only references the set could resolve are checked (see `reportsMissing`).
   */
  public readonly assumeCompleteMesh: boolean;
  /** The data plane of namespaces the set does not define (per namespace, then the default). */
  public readonly dataplanes: DataplaneAssumptions;

  private readonly ordered: Resource[] = [];
  private readonly namespaces = new Map<string, Resource>();
  /** Reference target -> namespaces where the set (not the assumed ingress gateway) defines such objects. */
  private readonly targetNamespaces = new Map<ReferenceTarget, Set<string>>();
  private readonly byKind = new Map<string, Resource[]>();
  private readonly podMatchCache = new Map<string, boolean>();
  private readonly byName = new Map<string, Resource>();
  /** `key=value` and `namespace|key=value` -> pods with that label. */
  private readonly podsByLabel = new Map<string, PodView[]>();
  private readonly podsByNamespace = new Map<string, PodView[]>();
  private readonly findings: Array<{ readonly finding: Finding; readonly order: number }> = [];
  private readonly seen = new Set<string>();
  private hostIndex?: HostIndex;

  public constructor(objects: readonly KubeObject[], mesh: MeshConfigLike = {}, assumeCompleteMesh = true, dataplanes: DataplaneAssumptions = {}) {
    this.mesh = mesh;
    this.assumeCompleteMesh = assumeCompleteMesh;
    this.dataplanes = dataplanes;
    this.rootNamespace = mesh.rootNamespace || ISTIO_SYSTEM_NAMESPACE;
    // One object per identity, the last one winning, as when the set is applied (the same object in several API versions is one).
    const byIdentity = new Map<string, Resource>();
    objects.forEach((o, i) => {
      const r = toResource(o, i, false);
      if (!r || IGNORED_NAMESPACES.has(r.gk === GK.Namespace ? r.name : r.namespace)) return;
      byIdentity.set(`${r.gk}|${r.namespace}|${r.name}`, r);
    });
    const resources = [...byIdentity.values()].sort((a, b) => a.index - b.index);
    this.hasServices = resources.some((r) => r.gk === GK.Service);
    this.hasWorkloads = resources.some((r) => r.gk === GK.Pod || WORKLOAD_TEMPLATES[r.gk] !== undefined);
    this.hasNamespaces = resources.some((r) => r.gk === GK.Namespace);
    for (const r of resources) {
      this.add(r);
      const target = referenceTarget(r);
      if (target) addToSet(this.targetNamespaces, target, r.namespace);
    }
    if (mesh.ingressControllerMode !== 'OFF') {
      for (const o of defaultIngressGateway(mesh.ingressService || 'istio-ingressgateway')) {
        const r = toResource(o, objects.length, true)!;
        if (!this.find(r.gk, r.namespace, r.name)) this.add(r);
      }
    }
    const pods: PodView[] = [];
    for (const r of this.ordered) {
      const view = podView(r);
      if (view) pods.push(view);
    }
    this.pods = pods;
    for (const p of pods) {
      addTo(this.podsByNamespace, p.namespace, p);
      for (const [k, v] of Object.entries(p.labels)) {
        addTo(this.podsByLabel, `${k}=${v}`, p);
        addTo(this.podsByLabel, `${p.namespace}|${k}=${v}`, p);
      }
    }
  }

  /** Every resource of a kind (`GK.*`), in input order. */
  public list(gk: string): readonly Resource[] {
    return this.byKind.get(gk) ?? [];
  }

  /** A resource by kind, namespace (`''` for cluster-scoped) and name. */
  public find(gk: string, namespace: string, name: string): Resource | undefined {
    return this.byName.get(`${gk}|${namespace}|${name}`);
  }

  /** The Namespace object of that name, if the set defines it. */
  public namespaceObject(name: string): Resource | undefined {
    return this.namespaces.get(name);
  }

  /**
   * Whether a reference to a missing `target` in `namespace` is a finding: always in a complete mesh; in an open
   * world only when the set itself defines objects of that kind in that namespace, so that the target, if it
   * existed, would be in the set (otherwise it belongs to another team, chart or install).
   */
  public reportsMissing(target: ReferenceTarget, namespace: string): boolean {
    return this.assumeCompleteMesh || (this.targetNamespaces.get(target)?.has(namespace) ?? false);
  }

  /**
   * Whether a destination host not found is a finding: always in a complete mesh; in an open world only for a
   * Kubernetes service host (`name`, `name.namespace.svc.cluster.local`) of a namespace where the set defines
   * Services. Other hosts (ServiceEntry hosts, wildcards) may be defined anywhere, so they are not checked.
   */
  public reportsMissingHost(sourceNamespace: string, host: string): boolean {
    if (this.assumeCompleteMesh) return true;
    const m = /^[^.*]+\.([^.]+)\.svc\.cluster\.local$/.exec(hostToFqdn(sourceNamespace, host));
    return m !== null && this.reportsMissing('Service', m[1]);
  }

  /** Pods whose labels match the selector, in one namespace or (without one) in all. An empty selector matches all. */
  public podsMatching(selector: Readonly<Record<string, string>>, namespace?: string): PodView[] {
    const keys = Object.keys(selector);
    let candidates: readonly PodView[];
    if (keys.length === 0) {
      candidates = namespace === undefined ? this.pods : this.podsByNamespace.get(namespace) ?? [];
    } else {
      // The shortest posting list of the selector's labels (per namespace when one is given).
      const prefix = namespace === undefined ? '' : `${namespace}|`;
      candidates = this.pods;
      for (const k of keys) {
        const list = this.podsByLabel.get(`${prefix}${k}=${selector[k]}`) ?? [];
        if (list.length < candidates.length) candidates = list;
      }
    }
    return candidates.filter((p) => (namespace === undefined || p.namespace === namespace) && selectorMatches(selector, p.labels));
  }

  /** Whether some pod (in the namespace, or in any) matches the selector; answers are cached by selector. */
  public anyPodMatches(selector: Readonly<Record<string, string>>, namespace?: string): boolean {
    const keys = Object.keys(selector);
    if (keys.length === 1 && namespace === undefined) return this.podsByLabel.has(`${keys[0]}=${selector[keys[0]]}`);
    const cacheKey = `${namespace ?? '*'}|${selectorString(selector)}`;
    let found = this.podMatchCache.get(cacheKey);
    if (found === undefined) {
      found = this.podsMatching(selector, namespace).length > 0;
      this.podMatchCache.set(cacheKey, found);
    }
    return found;
  }

  /**
   * The ServiceEntry or Service a destination host resolves to from a namespace, as Istio's
   * `GetDestinationHost`: exported to all, to the namespace, or a wildcard ServiceEntry host.
   */
  public destinationHost(sourceNamespace: string, exportTo: readonly string[], host: string): MeshHost | undefined {
    this.hostIndex ??= new HostIndex(this);
    return this.hostIndex.lookup(sourceNamespace, exportTo, host);
  }

  /**
   * Reports a finding about a resource (identical findings are reported once), with the message type's severity
   * unless one is given.
   */
  public report(r: Resource, code: string, args: readonly MessageArg[], path = '', hint?: string, severity?: Severity, extra: FindingExtra = {}): void {
    if (r.synthetic) return;
    const type = messageType(code);
    const message = formatMessage(type.template, args);
    const key = `${code}|${r.index}|${path}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const finding: Finding = {
      severity: severity ?? type.severity,
      code,
      path,
      message,
      resource: resourceRef(r),
      ...(hint ? { hint } : {}),
      ...(extra.related?.length ? { related: extra.related.map((o) => ({ resource: resourceRef(o) })) } : {}),
      ...(extra.example ? { example: extra.example } : {}),
    };
    this.findings.push({ finding, order: r.index });
  }

  /** Every resource of the set, the assumed ingress gateway's last, in input order. */
  public get resources(): readonly Resource[] {
    return this.ordered;
  }

  /** The findings reported so far, in the order of the objects they are about. */
  public results(): Finding[] {
    return [...this.findings].sort((a, b) => a.order - b.order).map((f) => f.finding);
  }

  private add(r: Resource): void {
    this.ordered.push(r);
    if (r.gk === GK.Namespace) this.namespaces.set(r.name, r);
    addTo(this.byKind, r.gk, r);
    this.byName.set(`${r.gk}|${r.namespace}|${r.name}`, r);
  }
}

function addToSet<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (set) set.add(value); else map.set(key, new Set([value]));
}

/** The kind of reference target a resource of the set is, if any. */
function referenceTarget(r: Resource): ReferenceTarget | undefined {
  if (r.gk === GK.Service) return 'Service';
  if (r.gk === GK.Gateway) return 'Gateway';
  if (r.gk === GK.KubernetesGateway) return 'KubernetesGateway';
  if (r.gk === GK.Secret || r.gk === CERT_MANAGER_CERTIFICATE) return 'Secret';
  if (r.gk === GK.Pod || WORKLOAD_TEMPLATES[r.gk] !== undefined) return 'Workload';
  return undefined;
}

function toResource(o: KubeObject, index: number, synthetic: boolean): Resource | undefined {
  if (typeof o?.apiVersion !== 'string' || typeof o?.kind !== 'string') return undefined;
  const meta = obj(o.metadata);
  const group = groupOf(o.apiVersion);
  const clusterScoped = CLUSTER_SCOPED_KINDS.has(o.kind);
  const name = str(meta.name);
  const namespace = clusterScoped ? '' : str(meta.namespace) || DEFAULT_NAMESPACE;
  return {
    object: o,
    group,
    kind: o.kind,
    gk: `${group}/${o.kind}`,
    name,
    namespace,
    fullName: namespace ? `${namespace}/${name}` : name,
    labels: strMap(meta.labels),
    annotations: strMap(meta.annotations),
    spec: obj(o.spec),
    index,
    synthetic,
  };
}

function podView(r: Resource): PodView | undefined {
  if (r.gk === GK.Pod) {
    const { name, namespace, fullName, labels, annotations, spec } = r;
    return { source: r, name, namespace, fullName, labels, annotations, spec, fromTemplate: false };
  }
  const path = WORKLOAD_TEMPLATES[r.gk];
  if (!path) return undefined;
  let template: unknown = r.object;
  for (const key of path) template = obj(template)[key];
  const meta = obj(obj(template).metadata);
  return {
    source: r,
    name: r.name,
    namespace: r.namespace,
    fullName: r.fullName,
    labels: strMap(meta.labels),
    annotations: strMap(meta.annotations),
    spec: obj(obj(template).spec),
    fromTemplate: true,
  };
}

/**
 * What file-only `istioctl analyze` assumes: the default ingress gateway's pod and Service in istio-system.
 * The Service maps 80/443 to the 8080/8443 the gateway listens on since Istio runs it unprivileged.
 */
function defaultIngressGateway(service: string): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${service}-dummypod`, namespace: ISTIO_SYSTEM_NAMESPACE, labels: { istio: 'ingressgateway' } },
      spec: { containers: [{ name: 'istio-proxy' }] },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: service, namespace: ISTIO_SYSTEM_NAMESPACE },
      spec: {
        selector: { istio: 'ingressgateway' },
        ports: [
          { name: 'status-port', port: 15021, protocol: 'TCP', targetPort: 15021 },
          { name: 'http2', port: 80, protocol: 'TCP', targetPort: 8080 },
          { name: 'https', port: 443, protocol: 'TCP', targetPort: 8443 },
          { name: 'tcp', port: 31400, protocol: 'TCP', targetPort: 31400 },
          { name: 'tls', port: 15443, protocol: 'TCP', targetPort: 15443 },
        ],
      },
    },
  ];
}

/** Istio's ServiceEntry host map (`InitServiceEntryHostMap`), with wildcard hosts indexed by suffix. */
class HostIndex {
  private readonly exact = new Map<string, MeshHost>();
  /** scope -> host without its leading `*` -> entry. */
  private readonly wildcard = new Map<string, Map<string, MeshHost>>();

  public constructor(ctx: AnalysisContext) {
    for (const se of ctx.list(GK.ServiceEntry)) {
      const entry: MeshHost = {
        source: se,
        ports: objs(se.spec.ports).map(([p]) => ({ number: Number(p.number) || 0, name: str(p.name), protocol: str(p.protocol) })),
        workloadSelector: strMap(obj(se.spec.workloadSelector).labels),
      };
      const exportTo = strs(se.spec.exportTo);
      for (const h of strs(se.spec.hosts)) {
        if (exportTo.length === 0) {
          this.set('*', se.namespace, h, entry);
          continue;
        }
        for (const e of exportTo) {
          this.set(e === '.' ? se.namespace : e, se.namespace, h, entry);
          if (e === '*') break;
        }
      }
    }
    for (const svc of ctx.list(GK.Service)) {
      const entry: MeshHost = {
        source: svc,
        ports: objs(svc.spec.ports).map(([p]) => ({ number: Number(p.port) || 0, name: str(p.name), protocol: str(p.protocol) })),
        workloadSelector: {},
      };
      const anno = svc.annotations['networking.istio.io/exportTo'];
      const scopes = anno ? anno.split(',').map((s) => s.trim()).map((s) => (s === '.' ? svc.namespace : s)) : ['*'];
      for (const scope of scopes) this.set(scope, svc.namespace, svc.name, entry);
    }
  }

  public lookup(sourceNs: string, exportTo: readonly string[], host: string): MeshHost | undefined {
    const fqdn = hostToFqdn(sourceNs, host);
    const all = this.exact.get(`*/${fqdn}`);
    if (all) return all;
    const scopes = exportTo.length === 0 ? [sourceNs] : exportTo.map((e) => (e === '.' ? sourceNs : e));
    for (const scope of scopes) {
      const found = this.exact.get(`${scope}/${fqdn}`);
      if (found) return found;
    }
    const bare = host.startsWith('*') ? host.slice(1) : host;
    for (const scope of ['*', sourceNs]) {
      const suffixes = this.wildcard.get(scope);
      if (!suffixes) continue;
      for (let i = 0; i <= bare.length; i++) {
        const found = suffixes.get(bare.slice(i));
        if (found) return found;
      }
    }
    return undefined;
  }

  private set(scope: string, namespace: string, host: string, entry: MeshHost): void {
    const fqdn = hostToFqdn(namespace, host);
    this.exact.set(`${scope}/${fqdn}`, entry);
    if (fqdn.startsWith('*')) {
      let suffixes = this.wildcard.get(scope);
      if (!suffixes) this.wildcard.set(scope, suffixes = new Map());
      suffixes.set(fqdn.slice(1), entry);
    }
  }
}
