import type { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { decideAccess } from './access';
import { isHttpPort, ModelContext } from './context';
import { Inventory, ModelNote } from './inventory';
import { EffectiveMtls, effectiveMtls } from './peer-authentication';
import { AccessRequest, AccessResult, RouteRequest, RouteResult, TlsRequest, TlsResult } from './requests';
import { VirtualServiceIndex } from './routing';
import { decideTls } from './tls';
import type { AnalysisContext, DataplaneAssumptions } from '../analysis/context';

/** A Service the objects define, as a destination of `access` questions. */
export interface MeshServiceInfo {
  /** `NAMESPACE/NAME`. */
  readonly service: string;
  /** Its fully qualified host. */
  readonly host: string;
  /** Its ports, and whether each carries HTTP at the proxy. */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly http: boolean }>;
}

/** Options of a MeshModel. */
export interface MeshModelOptions extends DataplaneAssumptions {
  /**
   * Istio's root namespace: its AuthorizationPolicies, PeerAuthentications and RequestAuthentications apply mesh-wide.
   * @default 'istio-system'
   */
  readonly rootNamespace?: string;
  /**
   * The mesh's trust domain, the first part of workload identities (`cluster.local/ns/NS/sa/SA`).
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Whether Istio objects that Istio would reject (per-object checks with errors) are left out, as the API
   * server leaves them out of the cluster.
   * @default true
   */
  readonly skipInvalid?: boolean;
}

/**
 * What a mesh does, from its objects alone: who may call whom (`access`) and where a request goes (`route`),
 * with Istio 1.30's semantics. Objects are indexed once; each question is answered from the index.
 *
 * @example
 * const model = MeshModel.fromApp(app);
 * model.access({ from: 'shop/frontend', to: 'shop/orders:8080', method: 'GET', path: '/api/orders' }).decision; // 'ALLOW'
 * model.route({ from: 'shop/frontend', host: 'reviews', path: '/' }).destinations; // [{ host: 'reviews.shop.svc.cluster.local', subset: 'v1', weight: 90 }, ...]
 * model.tls({ from: 'shop/frontend', host: 'reviews' }).subjectAltNames; // ['spiffe://cluster.local/ns/shop/sa/reviews']
 */
export class MeshModel {
  /**
   * A model of the objects the app `scope` belongs to synthesizes (every chart). Each ApiObject is rendered
   * on its own, so this also works inside the app's validation at synth.
   */
  public static fromApp(scope: IConstruct, options: MeshModelOptions = {}): MeshModel {
    // cdk8s loads here, not with the model: the CLI's analysis reads YAML and never needs it (issue 21).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ApiObject: ApiObjectClass } = require('cdk8s') as typeof import('cdk8s');
    const objects = scope.node.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObjectClass).map((o) => o.toJson());
    return MeshModel.fromObjects(objects, options);
  }

  /** A model of a set of objects: parsed YAML documents or `ApiObject.toJson()` output; `kind: List` is expanded. */
  public static fromObjects(objects: readonly unknown[], options: MeshModelOptions = {}): MeshModel {
    return new MeshModel(objects, options);
  }

  /**
   * A model on an analysis index already built over the objects (with `ingressControllerMode: 'OFF'`), so a
   * caller that has one does not read the objects twice.
   * @internal
   */
  public static onContext(context: AnalysisContext, options: MeshModelOptions = {}): MeshModel {
    return new MeshModel([], options, context);
  }

  private readonly ctx: ModelContext;
  private routeIndex?: VirtualServiceIndex;

  private constructor(objects: readonly unknown[], options: MeshModelOptions, context?: AnalysisContext) {
    const rootNamespace = options.rootNamespace ?? 'istio-system';
    const inventory = new Inventory(objects, {
      rootNamespace,
      validate: options.skipInvalid ?? true,
      defaultDataplane: options.defaultDataplane,
      namespaceDataplanes: options.namespaceDataplanes,
    }, context);
    this.ctx = new ModelContext(inventory, { rootNamespace, trustDomain: options.trustDomain ?? 'cluster.local' });
  }

  /** The VirtualServices indexed on the first routing question (access questions do not need them). */
  private get routes(): VirtualServiceIndex {
    this.routeIndex ??= new VirtualServiceIndex(this.ctx);
    return this.routeIndex;
  }

  /**
   * Objects left out (not Kubernetes objects, unreadable, or rejected by Istio's checks), and why. Reading it
   * checks every object; questions check only the objects they read.
   */
  public get notes(): readonly ModelNote[] {
    return this.ctx.inv.notes;
  }

  /**
   * Whether a request is allowed, and by or against which policy.
   * @throws UnknownReferenceError when the caller's service account or the Service is not defined
   * @throws InvalidRequestError when `from` or `to` cannot be read
   */
  public access(request: AccessRequest): AccessResult {
    return decideAccess(this.ctx, request);
  }

  /** The Services the objects define, sorted by `NAMESPACE/NAME`: what `access` questions may name. */
  public services(): MeshServiceInfo[] {
    return [...this.ctx.inv.services.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([service, s]) => ({
      service, host: s.host, ports: s.ports.map((p) => ({ port: p.port, http: isHttpPort(p) })),
    }));
  }

  /** The service accounts callers may be (`NAMESPACE/SERVICEACCOUNT`, sorted): ServiceAccount objects and those workloads run as. */
  public serviceAccounts(): string[] {
    return this.ctx.knownAccounts();
  }

  /**
   * The mTLS mode a namespace's workloads accept when no PeerAuthentication selects them: the namespace's
   * policy, else the mesh's (root namespace), else Istio's default, PERMISSIVE.
   */
  public namespaceMtls(namespace: string): EffectiveMtls {
    return effectiveMtls(this.ctx.inv, { namespace, labels: {} }, 0, this.ctx.settings.rootNamespace);
  }

  /**
   * Which VirtualService and rule route a request, and to which destinations.
   * @throws UnknownReferenceError when the caller or gateway is not defined, or the host names an undefined Service
   */
  public route(request: RouteRequest): RouteResult {
    return this.routes.route(request);
  }

  /**
   * Whether the caller's proxy verifies the peer it connects to for a host, and by which names.
   * @throws UnknownReferenceError when the caller's service account is not defined
   * @throws InvalidRequestError when the caller cannot be read, or no port is given for a host nothing defines
   */
  public tls(request: TlsRequest): TlsResult {
    return decideTls(this.ctx, request);
  }
}
