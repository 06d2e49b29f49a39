import { Construct } from 'constructs';
import { isGatewayApiHostname } from './hostname';
import { Backend, IRouteParent, ParentReference } from './references';
import type { HttpRouteSpec, TcpRouteSpecRulesBackendRefs } from '../../imports/gateway.networking.k8s.io';
import { IstioApiGroup } from '../core/api-group';
import { ConfigProblem } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import type { Wire } from '../core/wire';

/** Props every Gateway API route accepts. */
export interface RouteProps extends IstioResourceProps {
  /**
   * What the route attaches to: Gateways, listeners (`gateway.listener('https')`), or Services for mesh traffic.
   * More can be added with `addParent()`.
   * @default - none (a route without parents does nothing)
   */
  readonly parents?: IRouteParent[];
}

/** Props of routes that match host names (HTTP, GRPC, TLS). */
export interface HostnameRouteProps extends RouteProps {
  /**
   * The host names the route serves (`shop.example.com`, `*.example.com`), at most 16.
   * @default - every host name the parent listener serves
   */
  readonly hostnames?: string[];
}

/** Route kinds allow at most 32 parents and 16 hostnames. */
const MAX_PARENTS = 32;
const MAX_HOSTNAMES = 16;

/** The `parentRefs` and `hostnames` every route kind has (HTTPRoute's L1 type stands for them all). */
export type RouteSpecCommon = Wire<Pick<HttpRouteSpec, 'parentRefs' | 'hostnames'>>;

/** Base of the Gateway API routes: parents and hostnames, rendered at synth. `L1Spec` is the kind's generated spec type. */
export abstract class GatewayRoute<L1Spec> extends IstioResource<L1Spec> {
  private readonly parents: IRouteParent[] = [];
  private readonly hostnames: string[] = [];

  protected constructor(scope: Construct, id: string, api: IstioApiGroup, kind: string, props: HostnameRouteProps) {
    super(scope, id, { api, kind }, props);
    for (const p of props.parents ?? []) this.parents.push(p);
    for (const h of props.hostnames ?? []) this.hostnames.push(h);
  }

  /** Attaches the route to one more parent. */
  public addParent(parent: IRouteParent): this {
    this.parents.push(parent);
    return this;
  }

  /** The parentRefs as rendered from the route's namespace. */
  public get parentRefs(): ParentReference[] {
    return this.parents.map((p) => p.renderParentRef(this.namespace));
  }

  /** The route's kind, e.g. `HTTPRoute`. */
  public get routeKind(): string {
    return this.kind;
  }

  /** Problems with the parents and hostnames, for the subclass's checks. */
  protected routeProblems(): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    if (this.parents.length > MAX_PARENTS) problems.push({ field: 'spec.parentRefs', problem: `${this.parents.length} parents, the API allows ${MAX_PARENTS}`, fix: 'Split the route.' });
    if (this.hostnames.length > MAX_HOSTNAMES) problems.push({ field: 'spec.hostnames', problem: `${this.hostnames.length} host names, the API allows ${MAX_HOSTNAMES}`, fix: 'Split the route.' });
    this.hostnames.forEach((h, i) => {
      if (!isGatewayApiHostname(h)) problems.push({ field: `spec.hostnames[${i}]`, problem: `'${h}' is not a host name`, fix: 'Use a lower-case DNS name, optionally with a leading \'*.\' (no IP address, no port).' });
    });
    return problems;
  }

  /** `parentRefs` and `hostnames` of the spec. */
  protected renderRouteSpec(): RouteSpecCommon {
    return {
      ...(this.parents.length ? { parentRefs: this.parentRefs } : {}),
      ...(this.hostnames.length ? { hostnames: [...this.hostnames] } : {}),
    };
  }

  /** The backendRefs of a rule as rendered from the route's namespace (the fields every route kind has: no backend filters). */
  protected renderBackends(backends: readonly Backend[]): Wire<TcpRouteSpecRulesBackendRefs>[] {
    return backends.map((b) => ({ ...b.renderBackendRef(this.namespace) }));
  }
}
