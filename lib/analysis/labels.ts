/** Label selectors with Kubernetes' `labels.SelectorFromSet` semantics. */

/** Whether every key of the selector has the same value in the labels (an empty selector matches everything). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  for (const key of Object.keys(selector)) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/** The selector as Kubernetes prints it: `key=value` pairs sorted by key, joined by commas. */
export function selectorString(selector: Readonly<Record<string, string>>): string {
  return Object.keys(selector).sort().map((k) => `${k}=${selector[k]}`).join(',');
}

/** Parses `key=value,key2=value2` back into a selector (pairs without exactly one `=` are skipped, as Istio does). */
export function parseSelectorString(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) result[kv[0]] = kv[1];
  }
  return result;
}
