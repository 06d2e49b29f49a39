import { ChangeDetail, DiffReport, ResourceChange } from '../diff/model';

/** `namespace/name`, or `name` for cluster-scoped resources. */
export function resourceName(change: ResourceChange): string {
  return change.namespace ? `${change.namespace}/${change.name}` : change.name;
}

/** A detail's message, with what it does to access when it is an authorization change. */
export function detailText(detail: ChangeDetail): string {
  return detail.access ? `${detail.message} (access ${detail.access})` : detail.message;
}

/** The summary line: `2 changed, 1 added, 1 removed, 3 warnings (120 unchanged)`. */
export function summaryText(report: DiffReport): string {
  const s = report.summary;
  const parts = [`${s.changed} changed`, `${s.added} added`, `${s.removed} removed`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`];
  const extra = [`${s.unchanged} unchanged`, ...(s.skipped ? [`${s.skipped} document${s.skipped === 1 ? '' : 's'} not compared: kustomize files or not Kubernetes objects`] : [])];
  return `${parts.join(', ')} (${extra.join(', ')})`;
}
