import { Construct } from 'constructs';
import { NamedValue } from './canary-route';
import { patternName } from './pattern-util';
import { noGatewayApiEquivalent, RoutingApi } from './routing-api';
import { configError } from '../core/errors';
import { Destination, IDestination } from '../networking/destination';
import { FaultAbort, FaultDelay, HttpFault } from '../networking/fault';
import { StringMatch } from '../networking/match';
import { VirtualService } from '../networking/virtual-service';

/** Props of a FaultInjectionExperiment. */
export interface FaultInjectionExperimentProps {
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
  /** The VirtualService with the fault. */
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
    const atFull = <T extends { readonly percentage?: number }>(f: T | undefined) => f && { ...f, percentage: f.percentage ?? 100 };
    const fault: HttpFault = { delay: atFull(props.delay), abort: atFull(props.abort) };
    const route = [{ destination: props.destination ?? Destination.host(props.host) }];
    const name = patternName(this, props.name ?? props.host.split('.')[0]);
    this.virtualService = new VirtualService(this, 'VirtualService', { metadata: { name, namespace: props.namespace }, hosts: [props.host] });
    if (props.header) {
      const match = [{ headers: { [props.header.name.toLowerCase()]: StringMatch.exact(props.header.value) } }];
      this.virtualService.addHttpRoute({ match, fault, route });
      this.virtualService.addHttpRoute({ route });
    } else {
      this.virtualService.addHttpRoute({ fault, route });
    }
  }
}
