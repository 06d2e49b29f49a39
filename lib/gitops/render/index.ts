import { renderDiffJson } from './json';
import { renderDiffMarkdown } from './markdown';
import { renderDiffText } from './text';
import { DiffReport } from '../diff/model';

export { renderDiffJson } from './json';
export { DIFF_MARKDOWN_MARKER, DiffMarkdownOptions, renderDiffMarkdown } from './markdown';
export { renderDiffText } from './text';

/** The output formats of a diff report. */
export type DiffFormat = 'text' | 'markdown' | 'json';

/** The formats, in the order `--help` lists them. */
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'markdown', 'json'];

/** Renders a report in a format. */
export function renderDiff(report: DiffReport, format: DiffFormat): string {
  switch (format) {
    case 'markdown': return renderDiffMarkdown(report);
    case 'json': return renderDiffJson(report);
    default: return renderDiffText(report);
  }
}
