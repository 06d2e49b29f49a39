import { AnalysisContext, DataplaneAssumptions, GK, PodView, Resource } from '../analysis/context';
import { Dataplane } from '../core/dataplane';
import { validateObject } from '../validation/validate';
import { Severity } from '../vocab/finding';
import { arr, isObj, JsonObject, num, obj, objs, str, strMap } from '../vocab/json';
import { addTo } from '../vocab/multimap';
import { isKubeObject, KubeObject } from '../vocab/object';

/** What carries a workload's traffic: a sidecar proxy, ztunnel (ambient), or nothing (not in the mesh). */
export enum WorkloadDataplane {
  /** An injected Envoy sidecar: L4 and L7 policies, mTLS. */
  SIDECAR = 'sidecar',
  /** Ambient mode: ztunnel enforces L4 policies and mTLS (HBONE). */
  AMBIENT = 'ambient',
  /** No proxy: plaintext, no policy enforced. */
  NONE = 'none',
}

/** One object of the model's input that was left out, and why. */
export interface ModelNote {
  /** `Kind namespace/name` of the object, or its position when it has no identity. */
  readonly object: string;
  /** Why it was left out. */
  readonly message: string;
}

/** A namespace as the model sees it. */
export interface ModelNamespace {
  /** Its name. */
  readonly name: string;
  /** Its labels (empty when no Namespace object defines it). */
  readonly labels: Readonly<Record<string, string>>;
  /** Whether a Namespace object defines it. */
  readonly defined: boolean;
}

/** A container port of a workload (named target ports of Services resolve against these). */
export interface ContainerPort {
  /** The port's name, `''` when unnamed. */
  readonly name: string;
  /** The container port. */
  readonly port: number;
}

/** Pods of Istio's `gateway` injection template or its gateway charts (`istio: ingressgateway|egressgateway`). */
function isGatewayPod(labels: Readonly<Record<string, string>>, annotations: Readonly<Record<string, string>>): boolean {
  return annotations['inject.istio.io/templates'] === 'gateway' || /^(ingress|egress)gateway$/.test(labels.istio ?? '');
}

/** A set of pods: a Pod, or the pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob. */
export interface ModelWorkload {
  /** The kind of the defining object. */
  readonly kind: string;
  /** Its name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The pods' labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The pods' annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pods' service account (`default` when unset). */
  readonly serviceAccount: string;
  /** The containers' ports. */
  readonly ports: readonly ContainerPort[];
  /** What carries its traffic. */
  readonly dataplane: WorkloadDataplane;
  /**
   * The pods run a gateway proxy (Istio's `gateway` injection template or its gateway charts): their
   * listeners come from Gateway servers, so PeerAuthentication does not apply to them.
   * @default false
   */
  readonly gateway?: boolean;
}

/** A port of a Kubernetes Service. */
export interface ModelServicePort {
  /** The port's name, `''` when unnamed. */
  readonly name: string;
  /** The Service port. */
  readonly port: number;
  /** The target port: a number, or a container port name. */
  readonly targetPort: number | string;
  /** `TCP`, `UDP` or `SCTP`. */
  readonly protocol: string;
  /** `appProtocol`, `''` when unset. */
  readonly appProtocol: string;
}

/** A Kubernetes Service. */
export interface ModelService {
  /** Its name. */
  readonly name: string;
  /** Its namespace. */
  readonly namespace: string;
  /** Its fully qualified host, `name.namespace.svc.cluster.local`. */
  readonly host: string;
  /** Its selector (empty: no pods are selected). */
  readonly selector: Readonly<Record<string, string>>;
  /** Its ports. */
  readonly ports: readonly ModelServicePort[];
  /** Its labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** An Istio or Kubernetes configuration object kept by the model, with its identity resolved. */
export interface ModelConfig {
  /** The object as given. */
  readonly object: KubeObject;
  /** The kind. */
  readonly kind: string;
  /** metadata.name. */
  readonly name: string;
  /** The namespace (`default` when unset). */
  readonly namespace: string;
  /** `namespace/name`. */
  readonly id: string;
  /** The spec (empty when missing). */
  readonly spec: JsonObject;
  /** metadata.annotations. */
  readonly annotations: Readonly<Record<string, string>>;
  /** metadata.labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** metadata.creationTimestamp in milliseconds, 0 when unset. */
  readonly created: number;
  /** Its position in the input. */
  readonly index: number;
}

/** Options of the model's index. */
export interface InventoryOptions extends DataplaneAssumptions {
  /** Istio's root namespace. */
  readonly rootNamespace: string;
  /** Whether Istio objects the per-object checks reject are left out (Istio's webhook refuses them). */
  readonly validate: boolean;
}

/**
 * The configuration kinds the model reads, by `group/Kind`, and the key it lists them under (Gateway API's
 * Gateway is `KubernetesGateway`, apart from Istio's Gateway).
 */
const CONFIG_KINDS: Readonly<Record<string, string>> = {
  'security.istio.io/AuthorizationPolicy': 'AuthorizationPolicy',
  'security.istio.io/PeerAuthentication': 'PeerAuthentication',
  'security.istio.io/RequestAuthentication': 'RequestAuthentication',
  'networking.istio.io/VirtualService': 'VirtualService',
  'networking.istio.io/DestinationRule': 'DestinationRule',
  'networking.istio.io/Gateway': 'Gateway',
  'networking.istio.io/ServiceEntry': 'ServiceEntry',
  'networking.istio.io/Sidecar': 'Sidecar',
  [GK.KubernetesGateway]: 'KubernetesGateway',
  [GK.HTTPRoute]: 'HTTPRoute',
  [GK.ReferenceGrant]: 'ReferenceGrant',
  'gateway.networking.k8s.io/GatewayClass': 'GatewayClass',
};

/** The service accounts of Istio's default gateways, assumed present as `istioctl analyze` assumes the ingress gateway. */
export const DEFAULT_GATEWAY_ACCOUNTS = ['istio-ingressgateway-service-account', 'istio-egressgateway-service-account'];

/**
 * The objects of a mesh, indexed once on the analysis' index (`AnalysisContext`: one reading of namespaces,
 * pods and workload templates for the checks and the model): namespaces, workloads, Services, service
 * accounts and the configuration the behaviour model reads. Objects of other kinds are ignored; objects that
 * cannot be read are left out with a note. Configuration Istio would reject is left out too, checked only
 * when a question first reads it (or when `notes` is read).
 */
export class Inventory {
  /** Namespaces, defined or only used. */
  public readonly namespaces = new Map<string, ModelNamespace>();
  /** Workloads. */
  public readonly workloads: ModelWorkload[] = [];
  /** Services by `namespace/name`. */
  public readonly services = new Map<string, ModelService>();
  /** Services by host. */
  public readonly servicesByHost = new Map<string, ModelService>();
  /** Service accounts by `namespace/name`: ServiceAccount objects and the accounts workloads use. */
  public readonly serviceAccounts = new Set<string>();
  /** Mesh configuration found in the objects: the `istio` ConfigMap's `mesh` of the root namespace, IstioOperator `meshConfig`. */
  public readonly meshConfigs: JsonObject[] = [];
  /**
   * The service accounts of the pods Istio deploys for Gateway API Gateways (`NS/SA` → the pods' labels): the
   * `gateway.istio.io/service-account` annotation, else `NAME-CLASS`, or `NAME` for waypoints
   * (pilot/pkg/config/kube/gatewaycommon/deploymentcontroller.go, classinfo.go `DisableNameSuffix`).
   */
  public readonly gatewayAccounts = new Map<string, Readonly<Record<string, string>>>();
  /** The analysis' index the inventory reads. */
  public readonly context: AnalysisContext;
  private readonly readNotes: ModelNote[] = [];
  /** Configuration by key, in Istio's order (creation time, then name, then namespace), not yet checked. */
  private readonly configs = new Map<string, ModelConfig[]>();
  private readonly checked = new Map<ModelConfig, string | undefined>();
  private readonly validByKind = new Map<string, readonly ModelConfig[]>();
  private readonly validByNamespace = new Map<string, readonly ModelConfig[]>();
  private namespaceIndex?: Map<string, ModelConfig[]>;

  public constructor(objects: readonly unknown[], private readonly options: InventoryOptions, context?: AnalysisContext) {
    const kube: KubeObject[] = [];
    const flatten = (o: unknown) => {
      if (isObj(o) && o.kind === 'List' && Array.isArray(o.items)) o.items.forEach(flatten);
      else kube.push(o as KubeObject);
    };
    objects.forEach(flatten);
    const valid = kube.filter((o, i) => {
      if (isKubeObject(o)) return true;
      this.readNotes.push({ object: `document ${i}`, message: 'not a Kubernetes object (no apiVersion and kind): skipped' });
      return false;
    });
    // The model assumes no ingress gateway pod: a caller names the gateway's service account instead.
    this.context = context ?? new AnalysisContext(valid, { rootNamespace: options.rootNamespace, ingressControllerMode: 'OFF' }, true, {
      defaultDataplane: options.defaultDataplane, namespaceDataplanes: options.namespaceDataplanes,
    });
    for (const ns of this.context.list(GK.Namespace)) {
      if (ns.name) this.namespaces.set(ns.name, { name: ns.name, labels: ns.labels, defined: true });
    }
    for (const r of this.context.resources) {
      if (r.synthetic) continue;
      try {
        this.add(r);
      } catch (e) {
        this.readNotes.push({ object: describe(r.object), message: `skipped: ${(e as Error).message}` });
      }
    }
    for (const pod of this.context.pods) {
      if (!pod.source.synthetic) this.addWorkload(pod);
    }
    for (const list of this.configs.values()) list.sort(istioOrder);
    for (const gw of this.unchecked('KubernetesGateway')) {
      const cls = str(gw.spec.gatewayClassName);
      const account = gw.annotations['gateway.istio.io/service-account'] || (cls === 'istio-waypoint' ? gw.name : `${gw.name}-${cls}`);
      this.gatewayAccounts.set(`${gw.namespace}/${account}`, { 'gateway.networking.k8s.io/gateway-name': gw.name });
      this.serviceAccounts.add(`${gw.namespace}/${account}`);
    }
  }

  /** Objects left out, and why (checks every configuration object not yet checked). */
  public get notes(): readonly ModelNote[] {
    const all = [...this.configs.values()].flat().sort((a, b) => a.index - b.index);
    const rejected = all.filter((c) => !this.isValid(c)).map((c) => ({ object: describe(c.object), message: this.checked.get(c)! }));
    return [...this.readNotes, ...rejected];
  }

  /** The data plane assumed for a namespace the objects do not define (`IstioSettings.namespaceDataplanes`, `dataplane`). */
  public assumedDataplane(namespace: string): Dataplane {
    // The options first, then what a shared analysis context was told.
    const shared = this.context.dataplanes;
    return this.options.namespaceDataplanes?.[namespace] ?? shared.namespaceDataplanes?.[namespace]
      ?? this.options.defaultDataplane ?? shared.defaultDataplane ?? Dataplane.SIDECAR;
  }

  /** The namespace record for a name (an undefined namespace has no labels). */
  public namespace(name: string): ModelNamespace {
    return this.namespaces.get(name) ?? { name, labels: {}, defined: false };
  }

  /** Configuration objects of a kind (a key of `CONFIG_KINDS`) that Istio accepts. */
  public list(kind: string): readonly ModelConfig[] {
    let list = this.validByKind.get(kind);
    if (!list) {
      list = (this.configs.get(kind) ?? []).filter((c) => this.isValid(c));
      this.validByKind.set(kind, list);
    }
    return list;
  }

  /** Configuration objects of a kind, before the per-object checks (indexes check each object when they use it). */
  public unchecked(kind: string): readonly ModelConfig[] {
    return this.configs.get(kind) ?? [];
  }

  /** Configuration objects of a kind in one namespace that Istio accepts, in Istio's order. */
  public listIn(kind: string, namespace: string): readonly ModelConfig[] {
    const key = `${kind}|${namespace}`;
    let list = this.validByNamespace.get(key);
    if (!list) {
      list = (this.byNamespace.get(key) ?? []).filter((c) => this.isValid(c));
      this.validByNamespace.set(key, list);
    }
    return list;
  }

  /** Configuration objects of a kind in one namespace, in Istio's order, before the per-object checks (check each with `isValid`). */
  public uncheckedIn(kind: string, namespace: string): readonly ModelConfig[] {
    return this.byNamespace.get(`${kind}|${namespace}`) ?? [];
  }

  /** Whether Istio accepts a configuration object (checked once, when first asked). */
  public isValid(c: ModelConfig): boolean {
    if (!this.options.validate) return true;
    if (!this.checked.has(c)) {
      const f = validateObject(c.object).find((x) => x.severity === Severity.ERROR);
      this.checked.set(c, f ? `skipped: Istio rejects it (${f.path ? `${f.path}: ` : ''}${f.message})` : undefined);
    }
    return this.checked.get(c) === undefined;
  }

  /** The names of the mesh's extension providers, or undefined when the objects hold no mesh configuration. */
  public extensionProviders(): ReadonlySet<string> | undefined {
    if (this.meshConfigs.length === 0) return undefined;
    return new Set(this.meshConfigs.flatMap((m) => objs(m.extensionProviders).map(([p]) => str(p.name))));
  }

  private get byNamespace(): Map<string, ModelConfig[]> {
    if (!this.namespaceIndex) {
      this.namespaceIndex = new Map();
      for (const [kind, list] of this.configs) for (const c of list) addTo(this.namespaceIndex, `${kind}|${c.namespace}`, c);
    }
    return this.namespaceIndex;
  }

  private useNamespace(name: string): void {
    if (name && !this.namespaces.has(name)) this.namespaces.set(name, { name, labels: {}, defined: false });
  }

  private add(r: Resource): void {
    const o = r.object;
    if (r.gk === GK.Service) {
      this.useNamespace(r.namespace);
      this.addService(r);
    } else if (r.gk === '/ServiceAccount') {
      this.useNamespace(r.namespace);
      this.serviceAccounts.add(`${r.namespace}/${r.name}`);
    } else if (r.gk === GK.ConfigMap && r.namespace === this.options.rootNamespace && /^istio(-.+)?$/.test(r.name)) {
      const mesh = str(obj(o.data).mesh);
      // The YAML parser loads on first use (issue 21: a cheap import).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (mesh) this.meshConfigs.push(obj((require('yaml') as typeof import('yaml')).parse(mesh)));
    } else if (r.gk === 'install.istio.io/IstioOperator') {
      if (isObj(r.spec.meshConfig)) this.meshConfigs.push(obj(r.spec.meshConfig));
    } else if (CONFIG_KINDS[r.gk]) {
      this.useNamespace(r.namespace);
      this.addConfig(r, CONFIG_KINDS[r.gk]);
    }
  }

  private addConfig(r: Resource, key: string): void {
    if (!r.name) throw new Error('no metadata.name');
    const created = Date.parse(str(r.object.metadata?.creationTimestamp));
    addTo(this.configs, key, {
      object: r.object,
      kind: key,
      name: r.name,
      namespace: r.namespace,
      id: r.fullName,
      spec: r.spec,
      annotations: r.annotations,
      labels: r.labels,
      created: Number.isNaN(created) ? 0 : created,
      index: r.index,
    });
  }

  private addWorkload(pod: PodView): void {
    this.useNamespace(pod.namespace);
    const spec = pod.spec;
    const serviceAccount = str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default';
    // Gateway deployments run a proxy of their own.
    const gateway = isGatewayPod(pod.labels, pod.annotations);
    const ports: ContainerPort[] = [];
    for (const [c] of objs(spec.containers)) {
      for (const [p] of objs(c.ports)) ports.push({ name: str(p.name), port: num(p.containerPort) });
    }
    this.workloads.push({
      kind: pod.source.kind,
      name: pod.name,
      namespace: pod.namespace,
      labels: pod.labels,
      annotations: pod.annotations,
      serviceAccount,
      ports,
      dataplane: gateway ? WorkloadDataplane.SIDECAR : this.dataplaneOf(pod.namespace, pod.labels, pod.annotations, arr(spec.containers)),
      gateway: gateway || undefined,
    });
    this.serviceAccounts.add(`${pod.namespace}/${serviceAccount}`);
  }
  /**
   * Istio's injection rules (`PodInMesh`, `NamespaceInAmbientMode`, `PodInAmbientMode`): the pod's
   * `sidecar.istio.io/inject` label or annotation, then the namespace's `istio-injection` / `istio.io/rev`
   * labels; ambient by the namespace's or the pod's `istio.io/dataplane-mode=ambient` unless the pod opts out
   * with `none`. A namespace the objects do not define has the assumed data plane (sidecars by default: the
   * files describe the apps, the platform provides the namespaces).
   */
  private dataplaneOf(
    namespace: string, labels: Record<string, string>, annotations: Record<string, string>, containers: readonly unknown[],
  ): WorkloadDataplane {
    if (containers.some((c) => isObj(c) && c.name === 'istio-proxy')) return WorkloadDataplane.SIDECAR;
    const ns = this.namespace(namespace);
    const inject = labels['sidecar.istio.io/inject'] ?? annotations['sidecar.istio.io/inject'];
    if (inject === 'false') return this.ambientOf(ns, labels);
    if (inject === 'true') return WorkloadDataplane.SIDECAR;
    const nsInject = ns.labels['istio-injection'];
    if (nsInject === 'enabled' || (nsInject === undefined && ns.labels['istio.io/rev'])) return WorkloadDataplane.SIDECAR;
    if (!ns.defined && this.assumedDataplane(namespace) === Dataplane.SIDECAR) return WorkloadDataplane.SIDECAR;
    return this.ambientOf(ns, labels);
  }

  private ambientOf(ns: ModelNamespace, labels: Record<string, string>): WorkloadDataplane {
    const podMode = labels['istio.io/dataplane-mode'];
    if (podMode === 'none') return WorkloadDataplane.NONE;
    if (podMode === 'ambient' || ns.labels['istio.io/dataplane-mode'] === 'ambient') return WorkloadDataplane.AMBIENT;
    if (!ns.defined && this.assumedDataplane(ns.name) === Dataplane.AMBIENT) return WorkloadDataplane.AMBIENT;
    return WorkloadDataplane.NONE;
  }

  private addService(r: Resource): void {
    const { name, namespace, spec } = r;
    if (!name) throw new Error('no metadata.name');
    const ports: ModelServicePort[] = objs(spec.ports).map(([p]) => {
      const port = num(p.port);
      const target = p.targetPort;
      return {
        name: str(p.name),
        port,
        targetPort: typeof target === 'string' && !/^\d+$/.test(target) ? target : (target === undefined ? port : num(target)),
        protocol: str(p.protocol) || 'TCP',
        appProtocol: str(p.appProtocol),
      };
    });
    const host = `${name}.${namespace}.svc.cluster.local`;
    const service: ModelService = { name, namespace, host, selector: strMap(spec.selector), ports, labels: r.labels };
    this.services.set(`${namespace}/${name}`, service);
    this.servicesByHost.set(host, service);
  }
}

/** Istio's order for configuration (`sortConfigByCreationTime`): creation time, then name, then namespace. */
export function istioOrder(a: ModelConfig, b: ModelConfig): number {
  return a.created - b.created || cmp(a.name, b.name) || cmp(a.namespace, b.namespace);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(o: KubeObject): string {
  const ns = str(o.metadata?.namespace);
  return `${o.kind} ${ns ? `${ns}/` : ''}${str(o.metadata?.name) || '(unnamed)'}`;
}
