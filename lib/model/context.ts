import { WorkloadDataplane, DEFAULT_GATEWAY_ACCOUNTS, Inventory, ModelConfig, ModelService, ModelServicePort, ModelWorkload } from './inventory';
import { InvalidRequestError, ReferenceKind, UnknownReferenceError } from './requests';
import { selectorMatches } from '../analysis/labels';
import { Dataplane } from '../core/dataplane';
import { workloadIdentity } from '../vocab/identity';
import { addTo } from '../vocab/multimap';
import { isHttpOrSniffed, servicePortProtocol } from '../vocab/protocol';

/** Settings of the model. */
export interface ModelSettings {
  /** Istio's root namespace. */
  readonly rootNamespace: string;
  /** The mesh's trust domain (the first part of SPIFFE identities). */
  readonly trustDomain: string;
}

/** Who sends a request. */
export interface Caller {
  /** A mesh workload (by service account), a plaintext caller without identity, or a gateway. */
  readonly kind: 'workload' | 'anonymous' | 'gateway';
  /** The caller's namespace (`''` for anonymous). */
  readonly namespace: string;
  /** Its service account. @default - anonymous */
  readonly serviceAccount?: string;
  /** Its SPIFFE identity without `spiffe://`. @default - anonymous */
  readonly identity?: string;
  /** What carries its traffic. */
  readonly dataplane: WorkloadDataplane;
  /** Its pods' labels (for `sourceLabels`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The Gateway object, for a gateway caller. */
  readonly gateway?: ModelConfig;
}

/** The default ingress gateway's pod labels (Istio's `istio-ingressgateway` chart). */
const INGRESS_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

/** The indexed objects and settings, with the lookups every question starts with. */
export class ModelContext {
  private readonly workloadsByAccount = new Map<string, ModelWorkload[]>();
  private readonly workloadsByNamespace = new Map<string, ModelWorkload[]>();
  private readonly servicesByNamespace = new Map<string, ModelService[]>();

  public constructor(public readonly inv: Inventory, public readonly settings: ModelSettings) {
    for (const w of inv.workloads) {
      addTo(this.workloadsByAccount, `${w.namespace}/${w.serviceAccount}`, w);
      addTo(this.workloadsByNamespace, w.namespace, w);
    }
    for (const svc of inv.services.values()) addTo(this.servicesByNamespace, svc.namespace, svc);
  }

  /** The Services of a namespace, in the inventory's order. */
  public servicesIn(namespace: string): readonly ModelService[] {
    return this.servicesByNamespace.get(namespace) ?? [];
  }

  /** `td/ns/NS/sa/SA`. */
  public identity(namespace: string, serviceAccount: string): string {
    return workloadIdentity(this.settings.trustDomain, namespace, serviceAccount);
  }

  /** Whether pods of a namespace (without labels of their own) would have a proxy. */
  public namespaceDataplane(namespace: string): WorkloadDataplane {
    const ns = this.inv.namespace(namespace);
    if (!ns.defined) return this.inv.assumedDataplane(namespace) === Dataplane.AMBIENT ? WorkloadDataplane.AMBIENT : WorkloadDataplane.SIDECAR;
    if (ns.labels['istio-injection'] === 'enabled' || (ns.labels['istio-injection'] === undefined && ns.labels['istio.io/rev'])) return WorkloadDataplane.SIDECAR;
    if (ns.labels['istio.io/dataplane-mode'] === 'ambient') return WorkloadDataplane.AMBIENT;
    return WorkloadDataplane.NONE;
  }

  /**
   * Resolves a caller reference: `NS/SA`, `anonymous`, or (when allowed) `gateway:NS/NAME`. With `assumeAccount`,
   * a service account the objects do not define is a caller of its namespace's data plane instead of an error.
   */
  public caller(from: string, allowGateway: boolean, assumeAccount = false): Caller {
    if (from === 'anonymous') return { kind: 'anonymous', namespace: '', dataplane: WorkloadDataplane.NONE, labels: {} };
    if (from.startsWith('gateway:')) {
      if (!allowGateway) throw new InvalidRequestError(`a gateway caller ("${from}") only asks routing questions; ask access questions from the gateway's service account`);
      const ref = from.slice('gateway:'.length);
      // An Istio Gateway, else a Gateway API Gateway of that name.
      const gateways = [...this.inv.list('Gateway'), ...this.inv.list('KubernetesGateway')];
      const gateway = gateways.find((g) => g.id === ref);
      if (!gateway) throw new UnknownReferenceError(ReferenceKind.GATEWAY, ref, [...new Set(gateways.map((g) => `gateway:${g.id}`))].sort());
      return { kind: 'gateway', namespace: gateway.namespace, dataplane: WorkloadDataplane.SIDECAR, labels: {}, gateway };
    }
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(from);
    if (!m) throw new InvalidRequestError(`caller "${from}" is not NAMESPACE/SERVICEACCOUNT, anonymous${allowGateway ? ' or gateway:NAMESPACE/NAME' : ''}`);
    const [, namespace, serviceAccount] = m;
    const workloads = this.workloadsByAccount.get(from) ?? [];
    const known = this.inv.serviceAccounts.has(from)
      || (serviceAccount === 'default' && this.inv.namespaces.has(namespace))
      || (namespace === this.settings.rootNamespace && DEFAULT_GATEWAY_ACCOUNTS.includes(serviceAccount));
    if (!known && !assumeAccount) throw new UnknownReferenceError(ReferenceKind.SERVICE_ACCOUNT, from, this.knownAccounts());
    const first = workloads.find((w) => w.dataplane === WorkloadDataplane.SIDECAR) ?? workloads[0];
    // Gateway pods the files do not define: Istio's default gateways, and the ones Istio deploys for Gateway API Gateways.
    const gatewayLabels = workloads.length > 0 ? undefined
      : this.inv.gatewayAccounts.get(from) ?? (DEFAULT_GATEWAY_ACCOUNTS.includes(serviceAccount) ? INGRESS_LABELS : undefined);
    return {
      kind: 'workload',
      namespace,
      serviceAccount,
      identity: this.identity(namespace, serviceAccount),
      dataplane: first?.dataplane ?? (gatewayLabels ? WorkloadDataplane.SIDECAR : this.namespaceDataplane(namespace)),
      labels: first?.labels ?? gatewayLabels ?? {},
    };
  }

  /** The service accounts a caller may name. */
  public knownAccounts(): string[] {
    return [...this.inv.serviceAccounts].sort();
  }

  /** Resolves `NS/SERVICE`. */
  public service(ref: string): ModelService {
    const svc = this.inv.services.get(ref);
    if (!svc) throw new UnknownReferenceError(ReferenceKind.SERVICE, ref, [...this.inv.services.keys()].sort());
    return svc;
  }

  /** The workloads a Service selects (none for a Service without selector). */
  public serviceWorkloads(svc: ModelService): ModelWorkload[] {
    if (Object.keys(svc.selector).length === 0) return [];
    return (this.workloadsByNamespace.get(svc.namespace) ?? []).filter((w) => selectorMatches(svc.selector, w.labels));
  }

  /** The workloads of a namespace whose pod labels include `labels`. */
  public workloadsMatching(namespace: string, labels: Readonly<Record<string, string>>): ModelWorkload[] {
    return (this.workloadsByNamespace.get(namespace) ?? []).filter((w) => selectorMatches(labels, w.labels));
  }

  /** The port a workload receives a Service port on: a number, or the named container port. */
  public targetPort(port: ModelServicePort, workload: ModelWorkload | undefined): number {
    if (typeof port.targetPort === 'number') return port.targetPort;
    const named = workload?.ports.find((p) => p.name === port.targetPort);
    return named?.port ?? port.port;
  }
}

/**
 * Whether a Service port carries HTTP at the proxy: its protocol as Istio reads it (`servicePortProtocol`: UDP,
 * `appProtocol` or the name's prefix, well-known ports); an unnamed or unrecognised port is sniffed, and an HTTP
 * request is detected as HTTP.
 */
export function isHttpPort(port: ModelServicePort | undefined): boolean {
  if (!port) return true;
  // A thrift port is sniffed by Istio, and its requests are not HTTP.
  if ((port.appProtocol || port.name.split('-')[0]).toLowerCase() === 'thrift') return false;
  return isHttpOrSniffed(servicePortProtocol(port));
}
