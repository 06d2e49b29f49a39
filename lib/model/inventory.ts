import { parse } from 'yaml';
import type { DataplaneAssumptions } from '../analysis/context';
import { Dataplane } from '../core/dataplane';
import { validateObject } from '../validation/validate';
import { Severity } from '../vocab/finding';
import { arr, isObj, JsonObject, num, obj, objs, str, strMap } from '../vocab/json';
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
}

/** Options of the model's index. */
export interface InventoryOptions extends DataplaneAssumptions {
  /** Istio's root namespace. */
  readonly rootNamespace: string;
  /** Whether Istio objects the per-object checks reject are left out (Istio's webhook refuses them). */
  readonly validate: boolean;
}

/** The Istio kinds the model reads, by kind (any API version of their group). */
const ISTIO_KINDS: Readonly<Record<string, string>> = {
  AuthorizationPolicy: 'security.istio.io',
  PeerAuthentication: 'security.istio.io',
  RequestAuthentication: 'security.istio.io',
  VirtualService: 'networking.istio.io',
  DestinationRule: 'networking.istio.io',
  Gateway: 'networking.istio.io',
  ServiceEntry: 'networking.istio.io',
  Sidecar: 'networking.istio.io',
};

/** Where the pod template of each workload kind is. */
const TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  '/ReplicationController': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
  '/Pod': [],
};

/** The service accounts of Istio's default gateways, assumed present as `istioctl analyze` assumes the ingress gateway. */
export const DEFAULT_GATEWAY_ACCOUNTS = ['istio-ingressgateway-service-account', 'istio-egressgateway-service-account'];

/**
 * The objects of a mesh, indexed once: namespaces, workloads, Services, service accounts and the Istio
 * configuration the behaviour model reads. Objects of other kinds are ignored; objects that cannot be read
 * (or that Istio would reject) are left out with a note.
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
  /** Istio configuration by kind, each list ordered as Istio orders it (creation time, then name, then namespace). */
  public readonly configs = new Map<string, ModelConfig[]>();
  /** Objects left out, and why. */
  public readonly notes: ModelNote[] = [];
  /** Mesh configuration found in the objects: the `istio` ConfigMap's `mesh` of the root namespace, IstioOperator `meshConfig`. */
  public readonly meshConfigs: JsonObject[] = [];
  private readonly byNamespace = new Map<string, Map<string, ModelConfig[]>>();

  public constructor(objects: readonly unknown[], private readonly options: InventoryOptions) {
    const flat: unknown[] = [];
    const flatten = (o: unknown) => {
      if (isObj(o) && o.kind === 'List' && Array.isArray(o.items)) o.items.forEach(flatten);
      else flat.push(o);
    };
    objects.forEach(flatten);
    const namespaceObjects: KubeObject[] = [];
    const rest: KubeObject[] = [];
    flat.forEach((o, i) => {
      if (!isKubeObject(o)) {
        this.notes.push({ object: `document ${i}`, message: 'not a Kubernetes object (no apiVersion and kind): skipped' });
        return;
      }
      (o.kind === 'Namespace' ? namespaceObjects : rest).push(o);
    });
    for (const ns of namespaceObjects) {
      const name = str(ns.metadata?.name);
      if (name) this.namespaces.set(name, { name, labels: strMap(ns.metadata?.labels), defined: true });
    }
    for (const o of rest) {
      try {
        this.add(o);
      } catch (e) {
        this.notes.push({ object: describe(o), message: `skipped: ${(e as Error).message}` });
      }
    }
    for (const [kind, list] of this.configs) {
      list.sort(istioOrder);
      const byNs = new Map<string, ModelConfig[]>();
      for (const c of list) {
        const inNs = byNs.get(c.namespace);
        if (inNs) inNs.push(c);
        else byNs.set(c.namespace, [c]);
      }
      this.byNamespace.set(kind, byNs);
    }
  }

  /** The data plane assumed for a namespace the objects do not define (`IstioSettings.namespaceDataplanes`, `dataplane`). */
  public assumedDataplane(namespace: string): Dataplane {
    return this.options.namespaceDataplanes?.[namespace] ?? this.options.defaultDataplane ?? Dataplane.SIDECAR;
  }

  /** The namespace record for a name (an undefined namespace has no labels). */
  public namespace(name: string): ModelNamespace {
    return this.namespaces.get(name) ?? { name, labels: {}, defined: false };
  }

  /** Configuration objects of a kind. */
  public list(kind: string): readonly ModelConfig[] {
    return this.configs.get(kind) ?? [];
  }

  /** The names of the mesh's extension providers, or undefined when the objects hold no mesh configuration. */
  public extensionProviders(): ReadonlySet<string> | undefined {
    if (this.meshConfigs.length === 0) return undefined;
    return new Set(this.meshConfigs.flatMap((m) => objs(m.extensionProviders).map(([p]) => str(p.name))));
  }

  /** Configuration objects of a kind in one namespace, in Istio's order. */
  public listIn(kind: string, namespace: string): readonly ModelConfig[] {
    return this.byNamespace.get(kind)?.get(namespace) ?? [];
  }

  private useNamespace(name: string): void {
    if (!this.namespaces.has(name)) this.namespaces.set(name, { name, labels: {}, defined: false });
  }

  private add(o: KubeObject): void {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const namespace = str(o.metadata?.namespace) || 'default';
    const gk = `${group}/${o.kind}`;
    if (gk in TEMPLATES) {
      this.useNamespace(namespace);
      this.addWorkload(o, namespace, TEMPLATES[gk]);
    } else if (gk === '/Service') {
      this.useNamespace(namespace);
      this.addService(o, namespace);
    } else if (gk === '/ServiceAccount') {
      this.useNamespace(namespace);
      this.serviceAccounts.add(`${namespace}/${str(o.metadata?.name)}`);
    } else if (gk === '/ConfigMap' && namespace === this.options.rootNamespace && /^istio(-.+)?$/.test(str(o.metadata?.name))) {
      const mesh = str(obj(o.data).mesh);
      if (mesh) this.meshConfigs.push(obj(parse(mesh)));
    } else if (o.kind === 'IstioOperator' && group === 'install.istio.io') {
      if (isObj(obj(o.spec).meshConfig)) this.meshConfigs.push(obj(obj(o.spec).meshConfig));
    } else if (ISTIO_KINDS[o.kind] === group) {
      this.useNamespace(namespace);
      this.addConfig(o, namespace);
    }
  }

  private addConfig(o: KubeObject, namespace: string): void {
    const name = str(o.metadata?.name);
    if (!name) throw new Error('no metadata.name');
    if (this.options.validate) {
      const errors = validateObject(o).filter((f) => f.severity === Severity.ERROR);
      if (errors.length > 0) {
        const f = errors[0];
        this.notes.push({ object: describe(o), message: `skipped: Istio rejects it (${f.path ? `${f.path}: ` : ''}${f.message})` });
        return;
      }
    }
    const created = Date.parse(str(o.metadata?.creationTimestamp));
    const config: ModelConfig = {
      object: o,
      kind: o.kind,
      name,
      namespace,
      id: `${namespace}/${name}`,
      spec: obj(o.spec),
      annotations: strMap(o.metadata?.annotations),
      labels: strMap(o.metadata?.labels),
      created: Number.isNaN(created) ? 0 : created,
    };
    const list = this.configs.get(o.kind) ?? [];
    list.push(config);
    this.configs.set(o.kind, list);
  }

  private addWorkload(o: KubeObject, namespace: string, templatePath: readonly string[]): void {
    let template: unknown = o;
    for (const key of templatePath) template = obj(template)[key];
    const meta = obj(obj(template).metadata);
    const spec = obj(obj(template).spec);
    const labels = strMap(meta.labels);
    const annotations = strMap(meta.annotations);
    const serviceAccount = str(spec.serviceAccountName) || str(spec.serviceAccount) || 'default';
    const ports: ContainerPort[] = [];
    for (const [c] of objs(spec.containers)) {
      for (const [p] of objs(c.ports)) ports.push({ name: str(p.name), port: num(p.containerPort) });
    }
    const name = str(o.metadata?.name);
    this.workloads.push({
      kind: o.kind,
      name,
      namespace,
      labels,
      annotations,
      serviceAccount,
      ports,
      dataplane: this.dataplaneOf(namespace, labels, annotations, arr(spec.containers)),
    });
    this.serviceAccounts.add(`${namespace}/${serviceAccount}`);
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
    // Gateway deployments run a proxy of their own (the `gateway` injection template, Istio's gateway charts).
    if (annotations['inject.istio.io/templates'] === 'gateway' || /^(ingress|egress)gateway$/.test(labels.istio ?? '')) return WorkloadDataplane.SIDECAR;
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

  private addService(o: KubeObject, namespace: string): void {
    const name = str(o.metadata?.name);
    if (!name) throw new Error('no metadata.name');
    const spec = obj(o.spec);
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
    const service: ModelService = { name, namespace, host, selector: strMap(spec.selector), ports, labels: strMap(o.metadata?.labels) };
    this.services.set(`${namespace}/${name}`, service);
    this.servicesByHost.set(host, service);
  }
}

/** Istio's order for configuration (`sortConfigByCreationTime`): creation time, then name, then namespace. */
function istioOrder(a: ModelConfig, b: ModelConfig): number {
  return a.created - b.created || cmp(a.name, b.name) || cmp(a.namespace, b.namespace);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describe(o: KubeObject): string {
  const ns = str(o.metadata?.namespace);
  return `${o.kind} ${ns ? `${ns}/` : ''}${str(o.metadata?.name) || '(unnamed)'}`;
}
