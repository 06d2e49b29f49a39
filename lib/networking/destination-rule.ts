import { Construct } from 'constructs';
import { checkNonEmpty, checkPort } from './checks';
import { DestinationConfig, DestinationOptions, IDestination } from './destination';
import { renderTrafficPolicy, TrafficPolicy } from './traffic-policy';
import type { DestinationRuleSpec, DestinationRuleSpecSubsets } from '../../imports/networking.istio.io';
import { NETWORKING_API } from '../core/api-group';
import { configError, detachOnError, fieldError, withConfigErrors } from '../core/errors';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';
import { ILabeledWorkload, WorkloadSelector } from '../core/workload-selector';

/** A named group of the host's endpoints, chosen by labels, with its own policies. */
export interface SubsetOptions {
  /** The subset's name, unique in the DestinationRule (e.g. `v2`). */
  readonly name: string;
  /**
   * Labels the endpoints of the subset carry. Cannot be combined with `workload`.
   * @default - from `workload`, or every endpoint of the host
   */
  readonly labels?: { [key: string]: string };
  /**
   * A workload (e.g. a cdk8s-plus Deployment) whose pods form the subset: its `matchLabels`. Cannot be combined with `labels`.
   * @default - from `labels`
   */
  readonly workload?: ILabeledWorkload;
  /**
   * Policies for this subset; they replace the DestinationRule's for traffic to the subset.
   * @default - the DestinationRule's traffic policy
   */
  readonly trafficPolicy?: TrafficPolicy;
}

/** Props of a DestinationRule. */
export interface DestinationRuleProps extends IstioResourceProps {
  /**
   * The service the rule applies to: a short name (in the rule's namespace), an FQDN or a ServiceEntry host.
   */
  readonly host: string;
  /**
   * Policies for all traffic to the host.
   * @default - Istio's defaults
   */
  readonly trafficPolicy?: TrafficPolicy;
  /**
   * Subsets. More can be added with `addSubset()`.
   * @default - none
   */
  readonly subsets?: SubsetOptions[];
  /**
   * Namespaces the rule is visible to (`.` for its own, `*` for all).
   * @default - all namespaces
   */
  readonly exportTo?: string[];
  /**
   * Apply the rule only to these workloads (in the rule's namespace).
   * @default - every workload that sends to the host
   */
  readonly workloadSelector?: WorkloadSelector;
}

/**
 * A subset of a DestinationRule used as a route destination: the host comes from the rule, and the
 * subset's existence is checked at synth, so a misspelt subset cannot be emitted.
 */
export class Subset implements IDestination {
  private readonly port?: number;

  /**
   * Usually obtained from `destinationRule.subset(name)` or `destinationRule.addSubset(...)`.
   * @param destinationRule the rule that defines (or will define) the subset
   * @param name the subset's name
   * @param options the port to send to
   */
  public constructor(
    /** The DestinationRule the subset belongs to. */
    public readonly destinationRule: DestinationRule,
    /** The subset's name. */
    public readonly name: string,
    options: DestinationOptions = {},
  ) {
    this.port = withConfigErrors(destinationRule, () => {
      checkSubsetName(name, 'spec.subsets');
      return options.port !== undefined ? checkPort(options.port, `subset('${name}').port`) : undefined;
    });
  }

  /**
   * The rule's host and this subset.
   * @throws when the rule defines no subset of this name (the message lists the defined ones)
   */
  public resolveDestination(): DestinationConfig {
    const rule = this.destinationRule;
    if (!rule.subsetNames.includes(this.name)) {
      const defined = rule.subsetNames.length > 0 ? `defined subsets: ${rule.subsetNames.join(', ')}` : 'it defines no subsets';
      throw configError(rule, { field: 'spec.subsets', problem: `host '${rule.host}' has no subset '${this.name}'; ${defined}`, fix: 'Add the subset with addSubset(), or route to a defined one.' });
    }
    return { host: rule.host, subset: this.name, port: this.port };
  }
}

/**
 * Istio's DestinationRule: policies for traffic to a host (load balancing, connection pool,
 * outlier detection, TLS) and its subsets. Route to a subset with `rule.subset('v2')`.
 *
 * @example
 * const reviews = new DestinationRule(chart, 'reviews', { host: 'reviews' });
 * reviews.addSubset({ name: 'v1', labels: { version: 'v1' } });
 * const v2 = reviews.addSubset({ name: 'v2', labels: { version: 'v2' } });
 * // later: { destination: v2 } or { destination: reviews.subset('v2') }
 */
export class DestinationRule extends IstioResource<DestinationRuleSpec> {
  /** The host the rule applies to. */
  public readonly host: string;
  private readonly trafficPolicy?: TrafficPolicy;
  private readonly subsets: SubsetOptions[] = [];
  private readonly exportTo?: string[];
  private readonly workloadSelector?: WorkloadSelector;

  /**
   * @throws when the host is empty, a subset name repeats, or a traffic policy has a bad value
   */
  public constructor(scope: Construct, id: string, props: DestinationRuleProps) {
    super(scope, id, { api: NETWORKING_API, kind: 'DestinationRule' }, props);
    this.host = detachOnError(this, () => checkNonEmpty(props.host, 'spec.host'));
    this.trafficPolicy = props.trafficPolicy;
    this.exportTo = props.exportTo ? [...props.exportTo] : undefined;
    this.workloadSelector = props.workloadSelector;
    detachOnError(this, () => {
      if (props.trafficPolicy) renderTrafficPolicy(props.trafficPolicy, 'spec.trafficPolicy');
      if (props.workloadSelector && this.exportTo && (this.exportTo.length > 1 || (this.exportTo[0] !== '.' && this.exportTo[0] !== this.namespace))) {
        throw fieldError('spec.exportTo', 'a DestinationRule with a workloadSelector can only be exported to its own namespace', "Set exportTo: ['.'].");
      }
      for (const s of props.subsets ?? []) this.addSubset(s);
    });
  }

  /** The names of the subsets defined so far. */
  public get subsetNames(): string[] {
    return this.subsets.map((s) => s.name);
  }

  /**
   * Adds a subset and returns it, ready to be used as a destination.
   * @throws when the name is empty or already used, or both labels and workload are given
   */
  public addSubset(subset: SubsetOptions): Subset {
    const what = `spec.subsets[${this.subsets.length}]`;
    withConfigErrors(this, () => {
      checkSubsetName(subset.name, `${what}.name`);
      if (this.subsetNames.includes(subset.name)) {
        throw fieldError(`${what}.name`, `the rule already has a subset named '${subset.name}'`, 'Give each subset its own name.');
      }
      if (subset.labels && subset.workload) {
        throw fieldError(what, 'give labels or workload, not both.');
      }
      if (subset.trafficPolicy) renderTrafficPolicy(subset.trafficPolicy, `${what}.trafficPolicy`);
    });
    this.subsets.push(subset);
    return new Subset(this, subset.name);
  }

  /**
   * A subset of this rule as a route destination. The name is checked at synth against the subsets
   * the rule then defines (so subsets may be added later).
   */
  public subset(name: string, options: DestinationOptions = {}): Subset {
    return new Subset(this, name, options);
  }

  protected renderSpec(): Wire<DestinationRuleSpec> {
    return dropUndefined({
      host: this.host,
      trafficPolicy: this.trafficPolicy && renderTrafficPolicy(this.trafficPolicy, 'spec.trafficPolicy'),
      subsets: this.subsets.length > 0 ? this.subsets.map((s, i) => dropUndefined<Wire<DestinationRuleSpecSubsets>>({
        name: s.name,
        labels: s.workload ? WorkloadSelector.workload(s.workload).labelsAt(`spec.subsets[${i}].labels`) : s.labels && { ...s.labels },
        trafficPolicy: s.trafficPolicy && renderTrafficPolicy(s.trafficPolicy, `spec.subsets[${i}].trafficPolicy`),
      })) : undefined,
      exportTo: this.exportTo,
      workloadSelector: this.workloadSelector && { matchLabels: this.workloadSelector.labelsAt('spec.workloadSelector.matchLabels') },
    });
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function checkSubsetName(name: string, field: string): void {
  checkNonEmpty(name, field);
  if (!DNS_LABEL.test(name)) {
    throw fieldError(field, `subset name '${name}' must be a DNS label (lower-case letters, digits and '-', e.g. 'v2-mysql').`);
  }
}
