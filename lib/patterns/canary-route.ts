import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbientRoutingOptions, hostNamespace, routingDataplane } from './ambient-routing';
import { canaryAsGatewayApi, gatewayApiOverrides } from './gateway-api-canary';
import { checkPercent, patternName } from './pattern-util';
import { RoutingApi } from './routing-api';
import { Dataplane } from '../core/dataplane';
import { configError } from '../core/errors';
import { ILabeledWorkload } from '../core/workload-selector';
import { HttpRoute } from '../gateway-api/http-route';
import { IBackendService, IRouteParent } from '../gateway-api/references';
import { DestinationRule, Subset } from '../networking/destination-rule';
import { HttpFault } from '../networking/fault';
import { IGatewayTarget, MESH } from '../networking/gateway-target';
import { HttpRouteOptions } from '../networking/http-route';
import { LoadBalancer } from '../networking/load-balancer';
import { HttpMatch, StringMatch } from '../networking/match';
import { HttpRetry } from '../networking/retry';
import { TrafficPolicy } from '../networking/traffic-policy';
import { VirtualService } from '../networking/virtual-service';

/** One version of a service: a DestinationRule subset selecting its pods by labels or by workload. */
export interface ServiceVersion {
  /** The subset name, e.g. `v2`. */
  readonly name: string;
  /**
   * The pod labels of this version. Not with `workload`.
   * @default { version: <name> } unless `workload` is given
   */
  readonly labels?: { [key: string]: string };
  /**
   * A workload (e.g. a cdk8s-plus Deployment) whose `matchLabels` select this version's pods. Not with `labels`.
   * @default - select by `labels`
   */
  readonly workload?: ILabeledWorkload;
}

/** A header or cookie value; matched exactly. */
export interface NamedValue {
  /** The header or cookie name. */
  readonly name: string;
  /** The exact value. */
  readonly value: string;
}

/** Requests that always go to the canary, whatever its weight (e.g. testers). */
export interface CanaryOverride {
  /**
   * A header and the value that selects the canary, e.g. `{ name: 'x-canary', value: 'always' }`.
   * @default - no header override
   */
  readonly header?: NamedValue;
  /**
   * A cookie and the value that selects the canary, e.g. `{ name: 'canary', value: 'always' }`, found anywhere in the `Cookie` header.
   * @default - no cookie override
   */
  readonly cookie?: NamedValue;
}

/** A rollout plan: the canary weights in order, and the current step. Moving on is a one-line change of `step`. */
export interface CanaryRollout {
  /** The canary weights in whole percent, ascending, e.g. `[5, 25, 50, 100]`. */
  readonly steps: number[];
  /** The current step, an index into `steps` (0 = first). */
  readonly step: number;
}

/** A rule added to a CanaryRoute ahead of its weighted split (see `CanaryRoute.addRuleBeforeSplit`). */
export interface CanaryRuleOptions {
  /** The requests it takes (at least one match: a rule without one would take every request from the split). */
  readonly match: HttpMatch[];
  /**
   * A fault injected into those requests.
   * @default - none
   */
  readonly fault?: HttpFault;
  /**
   * The rule's name, shown in logs and metrics.
   * @default - none
   */
  readonly name?: string;
}

/** Props of a CanaryRoute. */
export interface CanaryRouteProps extends AmbientRoutingOptions {
  /** The service's host: a short name (`reviews`), an FQDN, or a ServiceEntry host. */
  readonly host: string;
  /**
   * Name of the DestinationRule and the VirtualService.
   * @default - the first label of `host` (`reviews` for `reviews.shop.svc.cluster.local`)
   */
  readonly name?: string;
  /**
   * Namespace of the objects.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /** The version serving most traffic. */
  readonly stable: ServiceVersion;
  /** The new version. */
  readonly canary: ServiceVersion;
  /**
   * More subsets to define in the DestinationRule without routing weight to them (e.g. a next version already deployed).
   * @default - none
   */
  readonly otherVersions?: ServiceVersion[];
  /**
   * The share of traffic for the canary, in whole percent (0..100); the stable version gets the rest. Not with `rollout`.
   * @default 0, unless `rollout` is given
   */
  readonly canaryWeight?: number;
  /**
   * A rollout plan whose current step gives the canary weight. Not with `canaryWeight`.
   * @default - `canaryWeight`
   */
  readonly rollout?: CanaryRollout;
  /**
   * Requests that always reach the canary.
   * @default - none
   */
  readonly override?: CanaryOverride;
  /**
   * Requests that always reach the stable version, whatever the canary's weight (e.g. `x-canary: never` for a partner
   * who must not see the canary). Tried before `override`.
   * @default - none
   */
  readonly stableOverride?: CanaryOverride;
  /**
   * Percentage of the weighted route's requests mirrored (fire and forget, responses dropped) to `mirrorVersion`.
   * Istio mirrors a share of ALL the route's requests, whichever version serves them: mirroring to the canary while it
   * also has weight would send some of its own requests to it twice, so that is refused; mirror before the canary gets
   * weight (a dark launch), or to another version.
   * @default - no mirroring
   */
  readonly mirrorPercent?: number;
  /**
   * The version mirrored requests go to: the canary or one of `otherVersions`.
   * @default - the canary's name
   */
  readonly mirrorVersion?: string;
  /**
   * Timeout of every request to the service (route `timeout`); Istio sets no HTTP timeout by default.
   * @default - none
   */
  readonly timeout?: Duration;
  /**
   * Retries of failed requests (route `retries`).
   * @default - Istio's default retry policy (2 attempts on connect-failure, refused-stream, unavailable, cancelled, retriable-status-codes)
   */
  readonly retries?: HttpRetry;
  /**
   * Session affinity: a consistent-hash load balancer (`LoadBalancer.consistentHashCookie(...)`, `...Header(...)`,
   * `...SourceIp()`) in the DestinationRule's traffic policy. It keeps a client on one pod WITHIN a version; which
   * version serves a request is still chosen by weight for each request. To keep a client on the canary, route it
   * there with `override.cookie`.
   * @default - no affinity
   */
  readonly stickySession?: LoadBalancer;
  /**
   * Ingress gateways to attach to, besides the mesh. Needs `gatewayHosts`.
   * @default - the mesh only
   */
  readonly gateways?: IGatewayTarget[];
  /**
   * The host names clients use through `gateways`, e.g. `reviews.example.com`.
   * @default - none
   */
  readonly gatewayHosts?: string[];
  /**
   * The service port to route to (needed when the service has several ports).
   * @default - the service's only port
   */
  readonly port?: number;
  /**
   * Traffic policy of the DestinationRule (connection pool, outlier detection, TLS).
   * @default - none
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * The API to emit: Istio's DestinationRule and VirtualService, or the Kubernetes Gateway API (an HTTPRoute with
   * weighted backendRefs to a Service per version, since the Gateway API has no subsets).
   * @default RoutingApi.ISTIO
   */
  readonly api?: RoutingApi;
  /**
   * With `RoutingApi.GATEWAY_API`: the Service of each version, by version name (e.g. cdk8s-plus Services).
   * Versions without one get a Service `<name>-<version>` selecting `serviceSelector` and the version's labels.
   * @default - created from the version labels (needs `port`)
   */
  readonly versionServices?: { [version: string]: IBackendService };
  /**
   * With `RoutingApi.GATEWAY_API` and created version Services: the labels all versions' pods share.
   * @default { app: <name> }
   */
  readonly serviceSelector?: { [key: string]: string };
  /**
   * With `RoutingApi.GATEWAY_API` and created version Services: the container port they forward to.
   * @default - `port`
   */
  readonly targetPort?: number;
  /**
   * With `RoutingApi.GATEWAY_API`: Gateway API parents to attach to (e.g. `gateway.listener('https')`), serving `gatewayHosts`.
   * @default - the service itself (mesh traffic)
   */
  readonly gatewayApiParents?: IRouteParent[];
}

/**
 * A canary release of a service: a DestinationRule with a subset per version, and a VirtualService splitting traffic
 * between the stable and the canary version by weight, with optional header or cookie overrides (to the canary or to
 * stable), mirroring, timeout, retries, session affinity and ingress gateways. The weights always add up to 100, and every routed subset is defined.
 *
 * @example
 * new CanaryRoute(chart, 'reviews', {
 *   host: 'reviews',
 *   stable: { name: 'v1' },
 *   canary: { name: 'v2' },
 *   canaryWeight: 10,
 * });
 */
export class CanaryRoute extends Construct {
  /** The service's host, as given. */
  public readonly host: string;
  /** The canary's weight in percent. */
  public readonly canaryWeight: number;
  /** The data plane of the host's namespace (AMBIENT: the routes are applied by `waypoint`). */
  public readonly dataplane: Dataplane;
  /** With `RoutingApi.GATEWAY_API`: the HTTPRoute splitting the traffic. */
  public readonly httpRoute?: HttpRoute;
  /** With `RoutingApi.GATEWAY_API`: the Service of each version, by version name. */
  public readonly versionServices?: { [version: string]: IBackendService };
  private readonly istio?: {
    destinationRule: DestinationRule;
    virtualService: VirtualService;
    stableSubset: Subset;
    canarySubset: Subset;
    /** The weighted split's destinations, timeout and retries, for rules added before it. */
    split: Pick<HttpRouteOptions, 'route' | 'timeout' | 'retries'>;
  };

  public constructor(scope: Construct, id: string, props: CanaryRouteProps) {
    super(scope, id);
    this.host = props.host;
    this.canaryWeight = resolveWeight(this, props);
    if (props.mirrorPercent !== undefined) checkPercent(this, 'mirrorPercent', props.mirrorPercent);
    if (props.gateways?.length && !props.gatewayHosts?.length) {
      throw configError(this, 'gateways are set but gatewayHosts is empty: give the host names clients use through the gateways.');
    }
    const override = overrideMatches(this, 'override', props.override ?? {});
    const pinned = overrideMatches(this, 'stableOverride', props.stableOverride ?? {});
    const mirrorVersion = props.mirrorVersion ?? props.canary.name;
    if (props.mirrorVersion !== undefined && props.mirrorPercent === undefined) {
      throw configError(this, 'mirrorVersion is set without mirrorPercent: say which share of the requests to mirror.');
    }
    if (props.mirrorPercent !== undefined && mirrorVersion === props.canary.name && this.canaryWeight > 0) {
      throw configError(this, `mirrorPercent mirrors ${props.mirrorPercent}% of ALL the route's requests, including the canary's own `
        + `${this.canaryWeight}%, to the canary, which would get them twice. Mirror while canaryWeight is 0 (a dark launch), or set mirrorVersion to another version.`);
    }
    if (props.mirrorPercent !== undefined && mirrorVersion === props.stable.name) {
      throw configError(this, `mirrorVersion '${mirrorVersion}' is the stable version, which already serves the requests. Mirror to the canary or one of otherVersions.`);
    }
    const sticky = props.stickySession?.toJson();
    if (sticky && !sticky.consistentHash) {
      throw configError(this, 'stickySession is not a consistent-hash load balancer. Use LoadBalancer.consistentHashCookie(), consistentHashHeader() or consistentHashSourceIp().');
    }
    if (sticky && props.trafficPolicy?.loadBalancer) {
      throw configError(this, 'stickySession and trafficPolicy.loadBalancer are both set: give one.');
    }

    const name = patternName(this, props.name ?? props.host.split('.')[0]);
    this.dataplane = routingDataplane(this, 'HTTP routing', hostNamespace(props.host, props.namespace ?? Chart.of(this).namespace), props);
    if ((props.api ?? RoutingApi.ISTIO) === RoutingApi.GATEWAY_API) {
      const istioOnly = (['stableOverride', 'mirrorVersion', 'stickySession', 'timeout', 'retries'] as const).filter((k) => props[k] !== undefined);
      if (istioOnly.length > 0) {
        throw configError(this, `${istioOnly.join(', ')} ${istioOnly.length > 1 ? 'are' : 'is'} not emitted with api: RoutingApi.GATEWAY_API. Use RoutingApi.ISTIO, or add them to the httpRoute.`);
      }
      const cookie = props.override?.cookie;
      const emitted = canaryAsGatewayApi(this, name, this.canaryWeight,
        gatewayApiOverrides(props.override?.header, cookie && cookieRegex(cookie)), props);
      this.httpRoute = emitted.httpRoute;
      this.versionServices = emitted.versionServices;
      return;
    }
    const metadata = { name, namespace: props.namespace };
    const trafficPolicy = props.stickySession ? { ...props.trafficPolicy, loadBalancer: props.stickySession } : props.trafficPolicy;
    const destinationRule = new DestinationRule(this, 'DestinationRule', { metadata, host: props.host, trafficPolicy });
    for (const v of [props.stable, props.canary, ...props.otherVersions ?? []]) {
      destinationRule.addSubset({ name: v.name, workload: v.workload, labels: v.workload ? v.labels : v.labels ?? { version: v.name } });
    }
    const stableSubset = destinationRule.subset(props.stable.name, { port: props.port });
    const canarySubset = destinationRule.subset(props.canary.name, { port: props.port });

    const gateways = props.gateways?.length ? [...props.gateways, MESH] : undefined;
    const virtualService = new VirtualService(this, 'VirtualService', { metadata, hosts: [props.host, ...(props.gatewayHosts ?? [])], gateways });
    const policy = { timeout: props.timeout, retries: props.retries };
    if (pinned.length > 0) virtualService.addHttpRoute({ match: pinned, route: [{ destination: stableSubset }], ...policy });
    if (override.length > 0) virtualService.addHttpRoute({ match: override, route: [{ destination: canarySubset }], ...policy });
    const split = {
      route: [
        { destination: stableSubset, weight: 100 - this.canaryWeight },
        { destination: canarySubset, weight: this.canaryWeight },
      ],
      ...policy,
    };
    virtualService.addHttpRoute({
      ...split,
      mirror: props.mirrorPercent !== undefined
        ? { destination: destinationRule.subset(mirrorVersion, { port: props.port }), percentage: props.mirrorPercent } : undefined,
    });
    this.istio = { destinationRule, virtualService, stableSubset, canarySubset, split };
  }

  /** The DestinationRule defining the subsets. @throws with `RoutingApi.GATEWAY_API` (there are none: see `versionServices`) */
  public get destinationRule(): DestinationRule {
    return this.istioPart().destinationRule;
  }

  /** The VirtualService splitting the traffic. @throws with `RoutingApi.GATEWAY_API` (see `httpRoute`) */
  public get virtualService(): VirtualService {
    return this.istioPart().virtualService;
  }

  /** The stable version's subset. @throws with `RoutingApi.GATEWAY_API` */
  public get stableSubset(): Subset {
    return this.istioPart().stableSubset;
  }

  /** The canary's subset. @throws with `RoutingApi.GATEWAY_API` */
  public get canarySubset(): Subset {
    return this.istioPart().canarySubset;
  }

  /**
   * Adds a rule to the VirtualService, tried after the overrides and before the weighted split, routing its requests
   * with the split's weights, timeout and retries (not its mirror): one VirtualService for the host, so other
   * patterns compose with the canary instead of writing a second one (which Istio would not merge for sidecars).
   * FaultInjectionExperiment's `canary` uses it.
   * @throws with `RoutingApi.GATEWAY_API`, or without a match
   */
  public addRuleBeforeSplit(rule: CanaryRuleOptions): void {
    const { virtualService, split } = this.istioPart();
    if (rule.match.length === 0) {
      throw configError(this, 'addRuleBeforeSplit: the rule has no match, so it would take every request from the weighted split. Give a match.');
    }
    virtualService.insertHttpRoute(virtualService.httpRouteCount - 1, { name: rule.name, match: rule.match, fault: rule.fault, ...split });
  }

  private istioPart(): NonNullable<CanaryRoute['istio']> {
    if (!this.istio) throw configError(this, 'this CanaryRoute emits the Gateway API (api: RoutingApi.GATEWAY_API): use httpRoute and versionServices.');
    return this.istio;
  }
}

function resolveWeight(scope: Construct, props: CanaryRouteProps): number {
  if (props.rollout === undefined) return checkPercent(scope, 'canaryWeight', props.canaryWeight ?? 0, { whole: true });
  if (props.canaryWeight !== undefined) throw configError(scope, 'canaryWeight and rollout are both set: give one.');
  const { steps, step } = props.rollout;
  if (steps.length === 0) throw configError(scope, 'rollout.steps is empty: list the canary weights, e.g. [5, 25, 50, 100].');
  steps.forEach((w, i) => {
    checkPercent(scope, `rollout.steps[${i}]`, w, { whole: true });
    if (i > 0 && w <= steps[i - 1]) throw configError(scope, `rollout.steps must ascend, but step ${i} (${w}) is not above ${steps[i - 1]}.`);
  });
  if (!Number.isInteger(step) || step < 0 || step >= steps.length) {
    throw configError(scope, `rollout.step is ${step}, it must be an index into rollout.steps (0..${steps.length - 1}).`);
  }
  return steps[step];
}

/** The matches sending a request to the canary: the header, or the cookie anywhere in the Cookie header. */
function overrideMatches(scope: Construct, prop: string, override: CanaryOverride): HttpMatch[] {
  const matches: HttpMatch[] = [];
  for (const [what, nv] of [['header', override.header], ['cookie', override.cookie]] as const) {
    if (nv && (!nv.name || !nv.value)) throw configError(scope, `${prop}.${what} needs a non-empty name and value.`);
  }
  if (override.header) matches.push({ headers: { [override.header.name.toLowerCase()]: StringMatch.exact(override.header.value) } });
  if (override.cookie) matches.push({ headers: { cookie: StringMatch.regex(cookieRegex(override.cookie)) } });
  return matches;
}

/** An RE2 regex matching a cookie anywhere in the Cookie header. */
function cookieRegex(nv: NamedValue): string {
  return `^(.*?;\\s*)?(${escapeRe2(nv.name)}=${escapeRe2(nv.value)})(;.*)?$`;
}

function escapeRe2(literal: string): string {
  return literal.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}
