import type { ErrorObject } from 'ajv';
import { childPath, pointerToPath } from './paths';

/**
 * One ajv error, read once for every schema check (the CRD schemas in lib/validation, the IstioOperator
 * schema in lib/platform): where it is, in our field path notation, and the keyword's facts. Each check
 * words its findings and gives its codes; what an ajv error means is read here only.
 */
export interface SchemaError {
  /** The JSON Schema keyword that failed (`type`, `enum`, `additionalProperties`, ...). */
  readonly keyword: string;
  /** The path of the value that failed; for `additionalProperties` and `required`, the object's. */
  readonly path: string;
  /** The unknown (`additionalProperties`) or missing (`required`) field, and its path. */
  readonly field?: { readonly name: string; readonly path: string };
  /** The types the schema allows (`type`), as the schema lists them. */
  readonly types?: readonly string[];
  /** The values the schema allows (`enum`; `const`: its one value). */
  readonly allowed?: readonly unknown[];
  /** The keyword's bound (`minimum`, `maxLength`, ...) and, for number bounds, its comparison (`>=`). */
  readonly limit?: number;
  readonly comparison?: string;
  /** The failing value, the failing keyword's schema and the schema that holds it (ajv's `verbose` fields). */
  readonly data: unknown;
  readonly schema: unknown;
  readonly parentSchema?: Record<string, unknown>;
  /** ajv's own params and message, for what the fields above do not cover. */
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

/** Reads an ajv error against `data`, the value that was validated (to tell list indexes from map keys in the path). */
export function readSchemaError(e: ErrorObject, data: unknown): SchemaError {
  const path = pointerToPath(e.instancePath, data);
  const params = e.params as Record<string, unknown>;
  const named = e.keyword === 'additionalProperties' ? params.additionalProperty : e.keyword === 'required' ? params.missingProperty : undefined;
  return {
    keyword: e.keyword,
    path,
    field: named === undefined ? undefined : { name: String(named), path: childPath(path, String(named)) },
    types: e.keyword === 'type' ? ([] as string[]).concat(params.type as string | string[]).flatMap((t) => t.split(',')) : undefined,
    allowed: e.keyword === 'enum' ? params.allowedValues as unknown[] : e.keyword === 'const' ? [params.allowedValue] : undefined,
    limit: typeof params.limit === 'number' ? params.limit : undefined,
    comparison: typeof params.comparison === 'string' ? params.comparison : undefined,
    data: e.data,
    schema: e.schema,
    parentSchema: e.parentSchema as Record<string, unknown> | undefined,
    params,
    message: e.message,
  };
}
