import { DiffReport } from '../diff/model';

/**
 * The report as one JSON object: `{ changes: [...], summary: {...}, notes: [...] }`, plus `behaviour`
 * (`newlyAllowed`, `newlyDenied`, `routes`, `sampled`) when the report has it; the shape
 * documented in `lib/gitops/README.md` (and typed by `DiffReport`).
 */
export function renderDiffJson(report: DiffReport): string {
  const behaviour = report.behaviour ? { behaviour: report.behaviour } : {};
  return `${JSON.stringify({ changes: report.changes, summary: report.summary, notes: report.notes, ...behaviour }, null, 2)}\n`;
}
