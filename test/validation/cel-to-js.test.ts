import * as fc from 'fast-check';
import { GatewayApiChannel } from '../../lib/core/gateway-api';
import { SUPPORTED_ISTIO_VERSIONS } from '../../lib/core/istio-version';
import { compileRule, isTransitionRule, translatedRule } from '../../lib/validation/cel';
import { gatewayApiSchemaFile, schemaFile } from '../../lib/validation/schemas';
import type { CrdSchema } from '../../lib/validation/schemas';

// The translated rules answer `true` only when the CEL library does; otherwise the library decides.

function library(expression: string, self: unknown): boolean {
  try {
    return compileRule(expression)({ self }) === true;
  } catch {
    return false;
  }
}

/** Every rule of every CRD we check, with the first schema node it is on. */
function allRules(): Map<string, CrdSchema> {
  const rules = new Map<string, CrdSchema>();
  const walk = (s: CrdSchema | undefined): void => {
    if (!s) return;
    for (const r of s['x-kubernetes-validations'] ?? []) if (!rules.has(r.rule) && !isTransitionRule(r)) rules.set(r.rule, s);
    Object.values(s.properties ?? {}).forEach(walk);
    walk(s.items);
    if (typeof s.additionalProperties === 'object') walk(s.additionalProperties);
  };
  const files = [
    ...SUPPORTED_ISTIO_VERSIONS.map(schemaFile),
    gatewayApiSchemaFile(GatewayApiChannel.STANDARD),
    gatewayApiSchemaFile(GatewayApiChannel.EXPERIMENTAL),
  ];
  for (const f of files) f.schemas.forEach(walk);
  return rules;
}

/** The string literals of a rule: values that reach its interesting branches. */
function literals(expression: string): string[] {
  return [...expression.matchAll(/'([^'\\]*)'|"([^"\\]*)"/g)].map((m) => m[1] ?? m[2]);
}

/** Values shaped like the schema (any field may be absent), now and then of the wrong type. */
function valueOf(schema: CrdSchema, strings: readonly string[], depth: number): fc.Arbitrary<unknown> {
  const wrong = fc.oneof(fc.constant(null), fc.boolean(), fc.integer({ min: -2, max: 3 }), fc.constant('x'), fc.constant({}), fc.constant([]));
  const text = fc.oneof(fc.constantFrom('', 'a', '/', '/a/b', 'a//b', 'héllo😀', '5s', '10ms', 'http://x.example/p', '10.0.0.1', ...strings),
    fc.string({ maxLength: 6 }));
  let shaped: fc.Arbitrary<unknown>;
  if (schema.enum) {
    shaped = fc.constantFrom(...schema.enum);
  } else if (schema['x-kubernetes-int-or-string']) {
    shaped = fc.oneof(fc.integer({ min: -1, max: 70000 }), text);
  } else if (depth > 5) {
    shaped = fc.constant(undefined);
  } else {
    switch (schema.type) {
      case 'string': shaped = text; break;
      case 'integer': shaped = fc.oneof(fc.integer({ min: -2, max: 10 }), fc.integer()); break;
      case 'number': shaped = fc.oneof(fc.integer({ min: -2, max: 10 }), fc.double({ noNaN: true })); break;
      case 'boolean': shaped = fc.boolean(); break;
      case 'array': shaped = fc.array(schema.items ? valueOf(schema.items, strings, depth + 1) : wrong, { maxLength: 3 }); break;
      default: {
        const props = Object.entries(schema.properties ?? {});
        const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
        shaped = props.length
          ? fc.record(Object.fromEntries(props.map(([k, s]) => [k, valueOf(s, strings, depth + 1)])), { requiredKeys: [] })
          : extra ? fc.dictionary(fc.constantFrom('a', 'b', ...strings.slice(0, 3)), valueOf(extra, strings, depth + 1), { maxKeys: 2 }) : fc.constant({});
      }
    }
  }
  return fc.oneof({ arbitrary: shaped, weight: 9 }, { arbitrary: wrong, weight: 1 })
    .map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? prune(v as Record<string, unknown>) : v));
}

/** JSON has no `undefined` fields. */
function prune(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

describe('CEL rules translated to JavaScript', () => {
  const rules = allRules();

  test('every rule of the CRDs: the translation holds only where the CEL library holds, and decides most passing values', () => {
    let libraryTrue = 0;
    let decided = 0;
    for (const [expression, schema] of rules) {
      const translated = translatedRule(expression);
      expect(translated).toBeDefined();
      fc.assert(fc.property(valueOf(schema, literals(expression), 0), (self) => {
        const expected = library(expression, self);
        if (expected) libraryTrue++;
        if (translated!(self)) {
          decided++;
          if (!expected) throw new Error(`translation true, library not, for ${expression} on ${JSON.stringify(self)}`);
        }
      }), { numRuns: 60, seed: 17 });
    }
    expect(rules.size).toBeGreaterThan(100);
    // Not vacuous: the translation answers for most values the library accepts.
    expect(decided / libraryTrue).toBeGreaterThan(0.9);
  });

  test.each([
    // [rule, value, what the library says]
    ['self.a == 1', { a: 1 }, true], // a JSON number is a double, 1 an int: equal
    ['self.a != 1', { a: 1 }, false],
    ['self.a > 0 && size(self.b) == 2', { a: 5, b: 'hé' }, true],
    ["self.a == 'x'", { a: 1 }, false], // another type: not equal (the library decides)
    ['has(self.a.b)', { a: {} }, false],
    ['has(self.a.b)', {}, false], // the library fails on the missing `a`
    ["self.a.all(x, x.startsWith('/'))", { a: ['/a', '/b'] }, true],
    ["self.a.exists_one(x, x == 'b')", { a: ['b', 'b'] }, false],
    ["self.filter(f, f.type == 'CORS').size() <= 1", [{ type: 'CORS' }, { type: 'A' }], true],
    ["self.type in ['Exact', 'PathPrefix'] ? self.value.matches('^/') : true", { type: 'Exact', value: '/x' }, true],
    ['(self.size() > 0 ? self[0].m.size() : 0) + (self.size() > 1 ? self[1].m.size() : 0) <= 1', [{ m: [1] }], true],
    ['self.x', { x: 'not a bool' }, false],
  ])('%s on %j', (expression, self, expected) => {
    expect(library(expression, self)).toBe(expected);
    expect(translatedRule(expression)!(self)).toBe(expected);
  });

  test('a rule\'s text is never code: string literals and field names are data', () => {
    const tricky = "self.a == '\"); throw new Error(\"injected\"); (\"' || self.b == '${x}`'";
    expect(translatedRule(tricky)!({ a: '"); throw new Error("injected"); ("', b: '' })).toBe(true);
    expect(translatedRule(tricky)!({ a: 'no', b: '${x}`' })).toBe(true);
    expect(translatedRule(tricky)!({ a: 'no', b: 'no' })).toBe(false);
  });

  test('what the translation does not cover goes to the library (duration, url())', () => {
    const rule = "duration(self.t) > duration('1s') && url(self.u).getScheme() == 'https'";
    expect(translatedRule(rule)!({ t: '5s', u: 'https://x.example/' })).toBe(false);
    expect(library(rule, { t: '5s', u: 'https://x.example/' })).toBe(true);
  });
});
