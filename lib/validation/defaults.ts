import { CrdSchema } from './schemas';

/**
 * The CRD schema's `default`s, applied as the API server applies them when it decodes an object
 * (before the schema and the CEL rules see it): a missing field with a default gets a copy of it,
 * and defaults inside a default apply too. Many Gateway API rules read defaulted fields (a
 * parentRef's `group` and `kind`, a listener's `tls.mode`).
 *
 * Returns `value` itself when no default applies (nearly every object of a schema without
 * defaults), otherwise a copy; the input is never changed.
 */
export function applyDefaults(value: unknown, schema: CrdSchema | undefined): unknown {
  if (!schema || !hasDefaults(schema) || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = applyDefaults(value[i], schema.items);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of defaultedProperties(schema)) {
    const current = obj[key];
    const next = current === undefined && child.default !== undefined
      ? applyDefaults(copyJson(child.default), child)
      : applyDefaults(current, child);
    if (next !== current) (out ??= { ...obj })[key] = next;
  }
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  if (extra && hasDefaults(extra)) {
    for (const [key, v] of Object.entries(obj)) {
      if (schema.properties?.[key]) continue;
      const next = applyDefaults(v, extra);
      if (next !== v) (out ??= { ...obj })[key] = next;
    }
  }
  return out ?? value;
}

/** A deep copy of a JSON value, made of this realm's objects (a CEL library checks the constructor). */
function copyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyJson(v)]));
  return value;
}

const DEFAULTED = new WeakMap<CrdSchema, ReadonlyArray<[string, CrdSchema]>>();

/** The properties of a schema node that have a default or defaults below them (cached per node): the others never change. */
function defaultedProperties(schema: CrdSchema): ReadonlyArray<[string, CrdSchema]> {
  let props = DEFAULTED.get(schema);
  if (!props) {
    props = Object.entries(schema.properties ?? {}).filter(([, child]) => child.default !== undefined || hasDefaults(child));
    DEFAULTED.set(schema, props);
  }
  return props;
}

const WITH_DEFAULTS = new WeakMap<CrdSchema, boolean>();

/** Whether a schema node or anything below it declares a default (cached per node). */
function hasDefaults(schema: CrdSchema): boolean {
  let has = WITH_DEFAULTS.get(schema);
  if (has === undefined) {
    WITH_DEFAULTS.set(schema, false); // guards against cycles while computing
    has = Object.values(schema.properties ?? {}).some((c) => c.default !== undefined || hasDefaults(c))
      || (schema.items !== undefined && hasDefaults(schema.items))
      || (typeof schema.additionalProperties === 'object' && hasDefaults(schema.additionalProperties));
    WITH_DEFAULTS.set(schema, has);
  }
  return has;
}
