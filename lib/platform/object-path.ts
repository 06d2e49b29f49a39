// Setting values at field paths, in the notation findings use: `spec.components.ingressGateways[0].k8s`,
// `metadata.labels["topology.istio.io/network"]`.
import { fieldError } from '../core/errors';
import { childPath, indexPath, parsePath } from '../vocab/paths';

/** The keys of a path, checked: parsing it and writing it back must give it again. @throws on a malformed path */
function keysOf(path: string): Array<string | number> {
  const keys = parsePath(path);
  const rebuilt = keys.reduce<string>((acc, k) => (typeof k === 'number' ? indexPath(acc, k) : childPath(acc, k)), '');
  if (path === '' || rebuilt !== path) {
    throw fieldError(path, 'is a malformed path', 'Use dots and brackets, e.g. spec.components.ingressGateways[0].k8s or metadata.labels["a.b/c"].');
  }
  return keys;
}

/** Sets `value` at `path` inside `target`, creating objects and arrays on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = keysOf(path);
  let node: any = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      node[key] = value;
      return;
    }
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = typeof keys[i + 1] === 'number' ? [] : {};
    node = node[key];
  });
}

/** A deep copy of plain data without `undefined` values (the shape JSON and YAML output have). */
export function cleanCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(cleanCopy) as unknown as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = cleanCopy(v);
    return out as T;
  }
  return value;
}
