const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** Appends a map key or field name to a field path: `spec.hosts`, `metadata.labels["app.kubernetes.io/name"]`. */
export function childPath(path: string, key: string): string {
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Appends a list index to a field path: `spec.http[0]`. */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A field name, or several joined by dots (`port.name`). */
const FIELD_PATH = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/;

/** Whether each key used so far is a plain field path (the webhook rules use a few dozen keys, on every object). */
const PLAIN = new Map<string, boolean>();

/** Appends to a field path: `spec` + `http` = `spec.http`, `port.name` appends two fields, a number gives `[0]`. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return indexPath(base, key);
  let plain = PLAIN.get(key);
  if (plain === undefined) {
    plain = FIELD_PATH.test(key);
    if (PLAIN.size < 10_000) PLAIN.set(key, plain);
  }
  // A plain path's fields are plain keys: appending them one by one is appending the dotted path.
  return plain ? (base === '' ? key : `${base}.${key}`) : childPath(base, key);
}

/** Whether `inner` is `outer` or a path inside it. */
export function isWithin(inner: string, outer: string): boolean {
  return inner === outer || (inner.startsWith(outer) && (outer === '' || inner[outer.length] === '.' || inner[outer.length] === '['));
}

/**
 * Converts a JSON pointer (`/spec/http/0/route`) into our field path notation (`spec.http[0].route`),
 * reading `data` to tell list indexes from map keys.
 */
export function pointerToPath(pointer: string, data: unknown): string {
  if (pointer === '') return '';
  let path = '';
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path = indexPath(path, Number(key));
      node = node[Number(key)];
    } else {
      path = childPath(path, key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/** Splits a field path into field names / map keys (strings) and list indexes (numbers). */
export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}
