// Paths into plain objects, in the notation findings use: `spec.components.ingressGateways[0].k8s`,
// `metadata.labels["topology.istio.io/network"]`.

/** Splits a path into keys (strings) and array indexes (numbers). @throws on a malformed path */
export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(path)) !== null) {
    last = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) break;
      out.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      out.push(Number(m[2]));
      expectKey = false;
    } else if (m[3] !== undefined) {
      out.push(m[3].replace(/\\(.)/g, '$1'));
      expectKey = false;
    } else {
      if (expectKey) break;
      expectKey = true;
    }
  }
  if (path === '' || last !== path.length || expectKey) {
    throw new Error(`Malformed path '${path}': use dots and brackets, e.g. spec.components.ingressGateways[0].k8s or metadata.labels["a.b/c"]`);
  }
  return out;
}

/** Sets `value` at `path` inside `target`, creating objects and arrays on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = parsePath(path);
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
