import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AmbientRoutingOptions, hostNamespace, routingDataplane } from './ambient-routing';
import type { CanaryRoute, NamedValue } from './canary-route';
import { patternName } from './pattern-util';
import { noGatewayApiEquivalent, RoutingApi } from './routing-api';
import { configError } from '../core/errors';
import { Destination, IDestination } from '../networking/destination';
import { FaultAbort, FaultDelay, HttpFault } from '../networking/fault';
import { StringMatch } from '../networking/match';
import { VirtualService } from '../networking/virtual-service';

/** Props of a FaultInjectionExperiment. */
export interface FaultInjectionExperimentProps extends AmbientRoutingOptions {
  /** The service under test, e.g. `ratings`. */
  readonly host: string;
  /**
   * Where requests go, with or without the fault, e.g. `ratingsRule.subset('v1')`.
   * @default Destination.host(host)
   */
  readonly destination?: IDestination;
  /**
   * Name of the VirtualService.
   * @default - the first label of `host`
   */
  readonly name?: string;
  /**
   * Namespace of the VirtualService.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Delay requests.
   * @default - no delay
   */
  readonly delay?: FaultDelay;
  /**
   * Abort requests.
   * @default - no abort
   */
  readonly abort?: FaultAbort;
  /**
   * The header selecting the test users (e.g. `{ name: 'end-user', value: 'jason' }`); only they get the fault, at
   * 100% unless a percentage is given. Without it, every request may get the fault, and percentages are required.
   * @default - every request, at the given percentages
   */
  readonly header?: NamedValue;
  /**
   * The CanaryRoute of the same host, to compose with: the fault becomes a rule of the canary's VirtualService, tried
   * after its overrides and before its weighted split (the test users selected by `header` get the fault and the
   * canary's weights), and no VirtualService of its own is written. Two VirtualServices for one host do not merge for
   * sidecars (Istio keeps the oldest; CIS5014 when they share a name, IST0109 otherwise). Needs `header`; not with
   * `destination`, `name` or `namespace`.
   * @default - a VirtualService of its own
   */
  readonly canary?: CanaryRoute;
  /**
   * The API to emit. The Kubernetes Gateway API has no equivalent of this pattern: \`RoutingApi.GATEWAY_API\` is an error naming the alternative.
   * @default RoutingApi.ISTIO
   */
  readonly api?: RoutingApi;
}

/**
 * A resilience experiment on a service: a VirtualService injecting a delay and/or an abort, either for users
 * selected by a header (everyone else is routed normally) or for a percentage of all requests.
 *
 * @example
 * new FaultInjectionExperiment(chart, 'ratings-delay', {
 *   host: 'ratings', destination: ratings.subset('v1'),
 *   delay: { fixedDelay: Duration.seconds(7) }, header: { name: 'end-user', value: 'jason' },
 * });
 */
export class FaultInjectionExperiment extends Construct {
  /** The VirtualService with the fault (the canary's, with `canary`). */
  public readonly virtualService: VirtualService;

  public constructor(scope: Construct, id: string, props: FaultInjectionExperimentProps) {
    super(scope, id);
    if (props.api === RoutingApi.GATEWAY_API) {
      throw noGatewayApiEquivalent(this, 'Fault injection (delays and aborts)', 'Keep api: RoutingApi.ISTIO for this experiment: a VirtualService with fault applies to the service\'s mesh traffic; Gateway API routes elsewhere are unaffected.');
    }
    if (!props.delay && !props.abort) throw configError(this, 'give a delay, an abort, or both: the experiment injects nothing.');
    if (props.header && (!props.header.name || !props.header.value)) throw configError(this, 'header needs a non-empty name and value.');
    if (!props.header) {
      for (const [what, fault] of [['delay', props.delay], ['abort', props.abort]] as const) {
        if (fault && fault.percentage === undefined) {
          throw configError(this, `${what}.percentage is required without a header: say which share of ALL requests gets the fault.`);
        }
      }
    }
    if (props.canary) {
      const canary = props.canary;
      if (!props.header) {
        throw configError(this, `canary is set without header. A fault for a share of ALL requests would take them from ${canary.node.path}'s weighted split; `
          + 'select the test users with header, or run the experiment before or after the rollout.');
      }
      const given = (['destination', 'name', 'namespace'] as const).filter((k) => props[k] !== undefined);
      if (given.length > 0) {
        throw configError(this, `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} set with canary, whose VirtualService takes the rule and routes it. Remove ${given.length > 1 ? 'them' : 'it'}.`);
      }
      if (canary.host !== props.host) {
        throw configError(this, `host '${props.host}' is not the host of ${canary.node.path}. Give the canary's host.`);
      }
    }
    const atFull = <T extends { readonly percentage?: number }>(f: T | undefined) => f && { ...f, percentage: f.percentage ?? 100 };
    const fault: HttpFault = { delay: atFull(props.delay), abort: atFull(props.abort) };
    const match = props.header && [{ headers: { [props.header.name.toLowerCase()]: StringMatch.exact(props.header.value) } }];
    if (props.canary) {
      props.canary.addRuleBeforeSplit({ match: match!, fault });
      this.virtualService = props.canary.virtualService;
      return;
    }
    routingDataplane(this, 'fault injection', hostNamespace(props.host, props.namespace ?? Chart.of(this).namespace), props);
    const route = [{ destination: props.destination ?? Destination.host(props.host) }];
    const name = patternName(this, props.name ?? props.host.split('.')[0]);
    this.virtualService = new VirtualService(this, 'VirtualService', { metadata: { name, namespace: props.namespace }, hosts: [props.host] });
    if (match) {
      this.virtualService.addHttpRoute({ match, fault, route });
      this.virtualService.addHttpRoute({ route });
    } else {
      this.virtualService.addHttpRoute({ fault, route });
    }
  }
}
