import { DiffReport } from '../diff/model';

/**
 * The report as one JSON object: `{ changes: [...], summary: {...}, notes: [...] }`, the shape
 * documented in `lib/gitops/README.md` (and typed by `DiffReport`).
 */
export function renderDiffJson(report: DiffReport): string {
  return `${JSON.stringify({ changes: report.changes, summary: report.summary, notes: report.notes }, null, 2)}\n`;
}
