import { WebhookCode } from './codes';
import { Report } from './report';
import { asObj, byteLength, entriesOf, JsonObject, nonEmpty } from '../../vocab/json';
import { at } from '../../vocab/paths';

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_DNS1123_LABEL = /^(?:\*|(?:\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;
const DNS1123_LABEL_FMT = '[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?';
const QUALIFIED_NAME_FMT = '(?:[A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const TAG_KEY = new RegExp(`^(${DNS1123_LABEL_FMT}(?:\\.${DNS1123_LABEL_FMT})*/)?(${QUALIFIED_NAME_FMT})$`);
const LABEL_VALUE = new RegExp(`^(?:${QUALIFIED_NAME_FMT})?$`);

/** A DNS-1123 label: lowercase or uppercase letters, digits and `-`, at most 63 characters (Istio's `labels.IsDNS1123Label`). */
export function isDNS1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** A DNS-1123 label that may start with `*` or `*-` (the first label of a wildcard host). */
export function isWildcardDNS1123Label(value: string): boolean {
  return value.length <= 63 && WILDCARD_DNS1123_LABEL.test(value);
}

/** Why a label key is invalid, or undefined. */
function labelKeyError(key: string): string | undefined {
  const m = TAG_KEY.exec(key);
  if (!m) return `invalid label key ${JSON.stringify(key)}`;
  if (m[1] && byteLength(m[1]) - 1 > 253) return `invalid label key ${JSON.stringify(key)} (DNS prefix is too long)`;
  if (byteLength(m[2]) > 63) return `invalid label key ${JSON.stringify(key)} (name is too long)`;
  return undefined;
}

/** Checks a label map as Istio's `labels.Instance.Validate` does (keys: `[prefix/]name`, values: qualified names or empty). */
export function checkLabels(report: Report, labels: unknown, path: string): void {
  for (const [key, value] of entriesOf(labels)) {
    report.errorIf(labelKeyError(key), WebhookCode.INVALID_SELECTOR, at(path, key),
      'Label keys are an optional DNS prefix and `/`, then a name of letters, digits, `-`, `_` and `.` (at most 63 characters).');
    const v = typeof value === 'string' ? value : String(value ?? '');
    if (!LABEL_VALUE.test(v)) {
      report.error(WebhookCode.INVALID_SELECTOR, at(path, key), `invalid label value ${JSON.stringify(v)}`,
        'Label values are empty or letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit.');
    }
  }
}

function checkSelectorLabels(report: Report, labels: unknown, path: string): void {
  for (const [key, value] of entriesOf(labels)) {
    const v = typeof value === 'string' ? value : String(value ?? '');
    if (key === '') report.error(WebhookCode.INVALID_SELECTOR, at(path, key), `empty key is not supported in selector: "=${v}"`);
    if (key.includes('*') || v.includes('*')) {
      report.error(WebhookCode.INVALID_SELECTOR, at(path, key), `wildcard is not supported in selector: "${key}=${v}"`,
        'Selectors match label values exactly; list the values you mean.');
    }
  }
}

/**
 * A `WorkloadSelector` of the security and telemetry APIs (`matchLabels`): no empty keys, no wildcards,
 * and a warning when it has no labels. Returns whether it was set.
 */
export function checkWorkloadSelector(report: Report, selector: unknown, path: string): boolean {
  const sel = asObj(selector);
  if (!sel) return false;
  checkSelectorLabels(report, sel.matchLabels, at(path, 'matchLabels'));
  if (!nonEmpty(sel.matchLabels)) {
    report.warn(WebhookCode.INVALID_SELECTOR, at(path, 'matchLabels'), 'workload selector specified without labels',
      'Without labels the selector selects every workload in the namespace; remove it or add matchLabels.');
  }
  return true;
}

/**
 * A networking `workloadSelector` (`labels`), as Sidecar, ServiceEntry and EnvoyFilter use it: bad keys are errors,
 * no labels is a warning that says it applies to the whole namespace. Returns whether it found an error (istiod then
 * stops validating the object).
 */
export function checkAlphaWorkloadSelector(report: Report, selector: JsonObject | undefined, path: string, what: string): boolean {
  if (!selector) return false;
  const before = report.findings.length;
  checkSelectorLabels(report, selector.labels, at(path, 'labels'));
  const rejected = report.findings.length > before;
  if (!nonEmpty(selector.labels)) {
    report.warn(WebhookCode.INVALID_SELECTOR, at(path, 'labels'),
      `${what}: workload selector specified without labels, will be applied to all services in namespace`,
      'Add labels, or remove the workloadSelector if it is meant for the whole namespace.');
  }
  return rejected;
}
