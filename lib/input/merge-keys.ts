import { isObj } from '../vocab/json';
import { childPath, indexPath } from '../vocab/paths';

/** Why a `<<` value cannot be merged, and where. */
export class MergeKeyError extends Error {
  public constructor(public readonly path: string, message: string) {
    super(message);
  }
}

type Obj = Record<string, unknown>;

function setKey(target: Obj, key: string, value: unknown): void {
  // `__proto__` is data here, never the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Resolves YAML merge keys (`<<: *base`, `<<: [*a, *b]`) in place, as Kubernetes' YAML reader
 * (go.yaml.in/yaml/v2, behind sigs.k8s.io/yaml) does: the merged mapping's keys are set where `<<`
 * stands, so keys after it override merged ones and keys before it are overridden; of a list of
 * mappings, earlier ones win. Shared (aliased) objects are resolved once.
 * @throws MergeKeyError when a `<<` value is not a mapping or a list of mappings
 */
export function resolveMergeKeys(value: unknown): void {
  const done = new Set<object>();
  const visit = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null || done.has(v)) return;
    done.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, indexPath(path, i)));
      return;
    }
    const map = v as Obj;
    const keys = Object.keys(map);
    for (const key of keys) visit(map[key], childPath(path, key));
    if (!Object.prototype.hasOwnProperty.call(map, '<<')) return;
    const entries = keys.map((k) => [k, map[k]] as const);
    for (const key of keys) delete map[key];
    for (const [key, val] of entries) {
      if (key !== '<<') {
        setKey(map, key, val);
        continue;
      }
      const sources = Array.isArray(val) ? [...val].reverse() : [val];
      for (const source of sources) {
        if (!isObj(source)) throw new MergeKeyError(childPath(path, '<<'), 'a merge key (<<) needs a mapping or a list of mappings as its value');
        for (const k of Object.keys(source)) setKey(map, k, source[k]);
      }
    }
  };
  visit(value, '');
}
