import { behaviourMarkdown } from './behaviour';
import { detailText, resourceName, summaryText } from './common';
import { DiffReport, ResourceChange } from '../diff/model';

/** Marks the comment, so a CI job can find and update its previous one instead of adding another. */
export const DIFF_MARKDOWN_MARKER = '<!-- cdk8s-istio diff -->';

/** Options of the markdown report. */
export interface DiffMarkdownOptions {
  /**
   * The longest report, in characters; further resources are left out with a note saying how many.
   * @default 60000 (GitHub comments hold at most 65,536 characters)
   */
  readonly maxLength?: number;
  /**
   * The heading of the report.
   * @default 'Istio changes'
   */
  readonly title?: string;
  /**
   * A Mermaid flowchart of the changed part of the mesh (`renderGraphChanges`), shown after the
   * warnings; left out, with a note, when it would not fit `maxLength`.
   * @default - no picture
   */
  readonly diagram?: string;
}

const HEADING = { added: 'added', removed: 'removed', changed: 'changed' } as const;
const ICON = { added: '🟢', removed: '🔴', changed: '🟡' } as const;

/** Escapes markdown outside code spans, so hosts like `*.example.com` or paths like `/a_b/*` print as they are. */
export function escapeMarkdown(text: string): string {
  return text.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/([\\*_<>|~])/g, '\\$1'))).join('');
}

function section(change: ResourceChange): string {
  const lines = [`${ICON[change.change]} **${change.kind}** \`${resourceName(change)}\` ${HEADING[change.change]}`
    + (change.newSource ? ` · \`${change.newSource.file}:${change.newSource.line}\`` : '')];
  for (const w of change.warnings) lines.push(`- ⚠️ **${w.code}** ${escapeMarkdown(w.message)}`);
  for (const d of change.details) lines.push(`- ${escapeMarkdown(detailText(d))}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The report as a pull-request comment: a summary, what the change does (flows newly allowed, newly
 * denied, routes changed) when the report has it, the warnings (each naming its resource), the
 * picture, then one section per resource. Long reports are cut at `maxLength` with a note.
 */
export function renderDiffMarkdown(report: DiffReport, options: DiffMarkdownOptions = {}): string {
  const maxLength = options.maxLength ?? 60000;
  const title = options.title ?? 'Istio changes';
  const head: string[] = [DIFF_MARKDOWN_MARKER, `### ${title}`, ''];
  if (report.changes.length === 0) {
    head.push(`No changes: ${report.summary.unchanged} resource${report.summary.unchanged === 1 ? '' : 's'} compared, all equal.`);
    return `${head.join('\n')}\n`;
  }
  head.push(`**${summaryText(report)}**`, '');
  // What the change does comes first: the flows it opens, those it closes, the routes it moves.
  const b = report.behaviour;
  if (b && b.sampled.accessRequests + b.sampled.routeRequests > 0) head.push(...behaviourMarkdown(b, escapeMarkdown));
  const warned = report.changes.filter((c) => c.warnings.length > 0);
  if (warned.length > 0) {
    head.push('#### ⚠️ Warnings', '');
    for (const c of warned) {
      for (const w of c.warnings) head.push(`- **${c.kind}** \`${resourceName(c)}\`: ${escapeMarkdown(w.message)} (\`${w.code}\`)`);
    }
    head.push('');
  }
  for (const note of report.notes) head.push(`> ${escapeMarkdown(note)}`, '');
  if (options.diagram !== undefined) {
    // A picture that takes more than a third of the room would crowd out the resources.
    if (options.diagram.length < maxLength / 3) head.push('#### What changes in the mesh', '', '```mermaid', options.diagram.trimEnd(), '```', '');
    else head.push('_The picture of the change is too large for a comment: run `npx cdk8s-istio graph` on both sides to see it._', '');
  }
  head.push('#### Resources', '');
  let text = `${head.join('\n')}\n`;
  let shown = 0;
  for (const change of report.changes) {
    const block = `${section(change)}\n`;
    if (text.length + block.length > maxLength - 200) break;
    text += block;
    shown++;
  }
  if (shown < report.changes.length) {
    text += `_…and ${report.changes.length - shown} more changed resources, left out to fit a comment: run \`npx cdk8s-istio diff\` to see them all._\n`;
  }
  return text;
}
