import type { Schema } from 'js-yaml';
import { jsYaml } from './parsers';

/*
 * js-yaml with the scalars of YAML 1.2's core schema resolved exactly as the `yaml` package resolves
 * them (its `core` tags, same patterns and conversions), so both parsers give the same objects.
 * `<<` stays a plain key here: merges are resolved afterwards, as Kubernetes' reader does.
 */

let schema: Schema | undefined;

/** The schema of the fast path, made on first use (js-yaml loads only when YAML is read: issue 21). */
export function coreSchema(): Schema {
  if (schema) return schema;
  const { FAILSAFE_SCHEMA, Type } = jsYaml();
  const nullType = new Type('tag:yaml.org,2002:null', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s),
    construct: () => null,
  });

  const boolType = new Type('tag:yaml.org,2002:bool', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s),
    construct: (s: string) => s[0] === 't' || s[0] === 'T',
  });

  const intType = new Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+)$/.test(s),
    construct: (s: string) => (s.startsWith('0o') ? parseInt(s.substring(2), 8) : s.startsWith('0x') ? parseInt(s.substring(2), 16) : parseInt(s, 10)),
  });

  const floatType = new Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (s: string) => /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/.test(s),
    construct: (s: string) => {
      if (/^[-+]?\.(?:inf|Inf|INF)$/.test(s)) return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
      if (/^\.(?:nan|NaN|NAN)$/.test(s)) return NaN;
      return parseFloat(s);
    },
  });
  schema = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });
  return schema;
}
