import { fieldError } from './errors';

/**
 * A workload whose pods can be selected by labels: satisfied structurally by a cdk8s-plus
 * `Deployment`, `StatefulSet` or `DaemonSet` (their `matchLabels`), without depending on cdk8s-plus.
 */
export interface ILabeledWorkload {
  /** The labels the workload selects its pods with. */
  readonly matchLabels: { readonly [key: string]: string };
}

/**
 * Chooses pods by labels, from a label map or from a workload construct. Read at synth, so labels a
 * workload gains after being passed here (e.g. `deployment.select(...)`) are included.
 *
 * @example
 * WorkloadSelector.labels({ app: 'productpage' })
 * WorkloadSelector.workload(productpageDeployment) // a cdk8s-plus Deployment
 */
export class WorkloadSelector {
  /** Pods carrying all of these labels. */
  public static labels(labels: { [key: string]: string }): WorkloadSelector {
    const copy = { ...labels };
    return new WorkloadSelector(() => copy);
  }

  /** The pods of a workload (e.g. a cdk8s-plus Deployment): its `matchLabels`. */
  public static workload(workload: ILabeledWorkload): WorkloadSelector {
    return new WorkloadSelector(() => ({ ...workload.matchLabels }));
  }

  private constructor(private readonly produce: () => { [key: string]: string }) {}

  /**
   * The labels, checked: at least one, no empty key, no wildcard, values of at most 63 characters.
   * @throws when the labels are not a valid selector (the error names the field `matchLabels`)
   */
  public get labels(): { [key: string]: string } {
    return this.labelsAt('matchLabels');
  }

  /**
   * The labels, checked as `labels` is, for the map at `field` of an object (e.g. `spec.workloadSelector.labels`):
   * an error names that field, so it points at the object's own path.
   * @throws when the labels are not a valid selector
   */
  public labelsAt(field: string): { [key: string]: string } {
    const labels = this.produce();
    const entries = Object.entries(labels);
    if (entries.length === 0) {
      throw fieldError(field, 'A workload selector needs at least one label', 'Give labels, or a workload that selects its pods by labels.');
    }
    for (const [key, value] of entries) {
      if (key === '' || key.includes('*') || value.includes('*')) {
        throw fieldError(`${field}[${key}]`, `'${key}=${value}' is not a label`, 'Keys must be non-empty, and neither keys nor values may contain \'*\'.');
      }
      if (value.length > 63) throw fieldError(`${field}[${key}]`, 'has a value longer than 63 characters', 'Shorten the label value.');
    }
    return labels;
  }
}
