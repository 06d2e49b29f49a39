import { behaviourText } from './behaviour';
import { detailText, resourceName, summaryText } from './common';
import { hasBehaviourChanges } from '../diff/behaviour';
import { DiffReport } from '../diff/model';

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/**
 * The report for a terminal or a CI log: what the change does (when the report has it), one block per resource (`~` changed, `+` added,
 * `-` removed) with its details and warnings, then a summary line.
 */
export function renderDiffText(report: DiffReport): string {
  const lines: string[] = [];
  for (const note of report.notes) lines.push(`note: ${note}`);
  if (report.changes.length === 0) {
    lines.push(`No changes: ${report.summary.unchanged} resource${report.summary.unchanged === 1 ? '' : 's'} compared, all equal.`);
    return `${lines.join('\n')}\n`;
  }
  // Only when a flow or route differs: a log without them reads as before.
  if (report.behaviour && hasBehaviourChanges(report.behaviour)) lines.push(...behaviourText(report.behaviour));
  for (const change of report.changes) {
    const source = change.newSource ?? change.oldSource;
    lines.push(`${MARK[change.change]} ${change.kind} ${resourceName(change)} (${change.apiVersion}, ${change.change})${source ? `  ${source.file}:${source.line}` : ''}`);
    for (const d of change.details) lines.push(`    ${detailText(d)}`);
    for (const w of change.warnings) lines.push(`    warning ${w.code}: ${w.message}${w.path ? ` [${w.path}]` : ''}`);
  }
  lines.push('', summaryText(report));
  return `${lines.join('\n')}\n`;
}
