import type { ASTNode } from '@marcbachmann/cel-js';

/**
 * The CRDs' CEL rules as JavaScript functions, for speed: the CEL library re-derives the runtime type
 * of every `dyn` value at every operation, which made checking a Gateway API route cost several times
 * a VirtualService. A rule is translated once, from the library's syntax tree of the rule after the
 * library has type-checked it, into one function that V8 optimizes as a whole. The function only
 * answers `true` when every value it met had a type its operation covers; anything else (a missing
 * field, a value of another type, a function or literal it does not cover) abandons it, and the caller
 * evaluates the rule with the CEL library: every failure, error and message stays the library's.
 * test/validation/cel-to-js.test.ts holds the functions to the library on every rule of the CRDs.
 *
 * The generated source is made only of the helpers below, generated names and literals written by
 * `JSON.stringify` or from a bigint: no text of a rule is copied into it.
 */

/** A function registered in the CEL environment, given to the translated rules as the same implementation. */
export interface CelFunction {
  /** The CEL signature: `name(string): bool`, or with a receiver `string.name(string): bool`. */
  readonly signature: string;
  readonly handler: (...args: any[]) => unknown;
}

/** Whether a rule holds for a value; `false` when the function could not decide (ask the CEL library). */
export type RuleFunction = (self: unknown) => boolean;

/** Thrown (one shared value: no stack to capture) when a rule's function meets what it does not cover. */
const ABANDON = Object.freeze({ abandon: true });
function abandon(): never {
  throw ABANDON;
}

const MAX_INT = 2n ** 63n - 1n;
const MIN_INT = -(2n ** 63n);
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** A CEL map as the CEL library reads a JSON object (its `fieldAccess`: a plain or null-prototype object). */
function isMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const c = (v as { constructor?: unknown }).constructor;
  return c === Object || c === undefined;
}

/** A field's or element's value, when the library would accept it (JSON values). */
function checked(v: unknown): unknown {
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': case 'bigint': return v;
    case 'object': if (v === null || isMap(v) || (Array.isArray(v) && v.constructor === Array)) return v;
  }
  return abandon();
}

/** The CEL type of a JSON value (`bigint` is CEL's int, `number` its double); abandons on anything else. */
function celType(v: unknown): string {
  const t = typeof v;
  if (isPrimitive(t)) return t;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  return isMap(v) ? 'map' : abandon();
}

function isPrimitive(t: string): boolean {
  return t === 'string' || t === 'boolean' || t === 'bigint' || t === 'number';
}

function isNumeric(t: string): boolean {
  return t === 'bigint' || t === 'number';
}

/** The helpers the generated functions call (by these names). */
const HELPERS = {
  abandon,
  field(obj: unknown, key: string): unknown {
    if (!isMap(obj) || !hasOwn(obj, key)) return abandon();
    const v = obj[key];
    return v === undefined ? abandon() : checked(v);
  },
  index(obj: unknown, i: unknown): unknown {
    if (Array.isArray(obj) && typeof i === 'bigint' && i >= 0n && i < BigInt(obj.length)) return checked(obj[Number(i)]);
    if (typeof i === 'string') return HELPERS.field(obj, i);
    return abandon();
  },
  /** `has(x.key)` once `x` is evaluated (every step before the last must be present, as `field` asks): only a map has fields. */
  present(obj: unknown, key: string): boolean {
    if (isMap(obj)) return hasOwn(obj, key) && obj[key] !== undefined;
    return obj === null || Array.isArray(obj) || isPrimitive(typeof obj) ? false : abandon();
  },
  bool(v: unknown): boolean {
    return typeof v === 'boolean' ? v : abandon();
  },
  /** CEL equality: values of two types are not equal (an int and a double compare by value); lists and maps are left to the library. */
  equal(a: unknown, b: unknown): boolean {
    const ta = celType(a);
    const tb = celType(b);
    if (ta === tb) return ta === 'list' || ta === 'map' ? abandon() : a === b;
    // eslint-disable-next-line eqeqeq
    return isNumeric(ta) && isNumeric(tb) ? a == b : false;
  },
  lt: (a: any, b: any): boolean => (HELPERS.comparable(a, b) && a < b),
  le: (a: any, b: any): boolean => (HELPERS.comparable(a, b) && a <= b),
  gt: (a: any, b: any): boolean => (HELPERS.comparable(a, b) && a > b),
  ge: (a: any, b: any): boolean => (HELPERS.comparable(a, b) && a >= b),
  comparable(a: unknown, b: unknown): true {
    const ta = typeof a;
    const tb = typeof b;
    if (ta === tb ? ta === 'string' || ta === 'boolean' || isNumeric(ta) : isNumeric(ta) && isNumeric(tb)) return true;
    return abandon();
  },
  size(v: unknown): bigint {
    if (typeof v === 'string') {
      let n = 0;
      for (const _ of v) n++;
      return BigInt(n);
    }
    if (Array.isArray(v)) return BigInt(v.length);
    if (isMap(v)) return BigInt(Object.keys(v).length);
    return abandon();
  },
  add(a: unknown, b: unknown): unknown {
    if (typeof a === 'bigint' && typeof b === 'bigint') {
      const r = a + b;
      return r > MAX_INT || r < MIN_INT ? abandon() : r;
    }
    if (typeof a === 'string' && typeof b === 'string') return a + b;
    if (typeof a === 'number' && typeof b === 'number') return a + b;
    return abandon();
  },
  /** `v in coll`: a primitive in a list (the library's equality), or a string key of a map. */
  member(v: unknown, coll: unknown): boolean {
    const t = typeof v;
    if (Array.isArray(coll) && isPrimitive(t)) {
      for (const e of coll) {
        const te = typeof e;
        if (te === t ? e === v : isNumeric(te) && isNumeric(t) && e == v) return true; // eslint-disable-line eqeqeq
      }
      return false;
    }
    if (isMap(coll) && t === 'string') return hasOwn(coll, v as string) && coll[v as string] !== undefined;
    return abandon();
  },
  contains: (s: unknown, a: unknown): boolean => (typeof s === 'string' && typeof a === 'string' ? s.includes(a) : abandon()),
  startsWith: (s: unknown, a: unknown): boolean => (typeof s === 'string' && typeof a === 'string' ? s.startsWith(a) : abandon()),
  endsWith: (s: unknown, a: unknown): boolean => (typeof s === 'string' && typeof a === 'string' ? s.endsWith(a) : abandon()),
  /** What a macro iterates: a list's items, a map's keys. */
  list(v: unknown): unknown[] {
    if (Array.isArray(v)) return v;
    return isMap(v) ? Object.keys(v) : abandon();
  },
  all(items: unknown, test: (item: unknown) => unknown): boolean {
    for (const item of HELPERS.list(items)) if (!HELPERS.bool(test(item))) return false;
    return true;
  },
  exists(items: unknown, test: (item: unknown) => unknown): boolean {
    for (const item of HELPERS.list(items)) if (HELPERS.bool(test(item))) return true;
    return false;
  },
  existsOne(items: unknown, test: (item: unknown) => unknown): boolean {
    let n = 0;
    for (const item of HELPERS.list(items)) if (HELPERS.bool(test(item))) n++;
    return n === 1;
  },
  filter: (items: unknown, test: (item: unknown) => unknown): unknown[] => HELPERS.list(items).filter((item) => HELPERS.bool(test(item))),
  map: (items: unknown, transform: (item: unknown) => unknown): unknown[] => HELPERS.list(items).map(transform),
};

type HelperName = keyof typeof HELPERS;
const METHODS: Partial<Record<string, HelperName>> = { contains: 'contains', startsWith: 'startsWith', endsWith: 'endsWith' };
const MACROS: Partial<Record<string, HelperName>> = { all: 'all', exists: 'exists', exists_one: 'existsOne', filter: 'filter', map: 'map' };
const BINARY: Partial<Record<string, HelperName>> = { '==': 'equal', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', 'in': 'member', '+': 'add' };

/** The types of a function's arguments and result a translated rule may pass and accept. */
const TYPE_TESTS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  dyn: () => true,
};

/** A registered function, callable from a translated rule with its arguments' and result's types checked. */
function wrapFunction(f: CelFunction): { key: string; call: (...args: unknown[]) => unknown } | undefined {
  const m = /^(?:(\w+)\.)?(\w+)\(([^)]*)\):\s*(\w+)$/.exec(f.signature.trim());
  if (!m) return undefined;
  const [, receiver, name, params, result] = m;
  const types = [...(receiver ? [receiver] : []), ...(params.trim() === '' ? [] : params.split(',').map((p) => p.trim()))];
  // Only functions over values the translation covers (not `url(string): URL`).
  if (!types.every((t) => t in TYPE_TESTS) || !(result in TYPE_TESTS)) return undefined;
  const tests = types.map((t) => TYPE_TESTS[t]);
  const resultTest = TYPE_TESTS[result];
  return {
    key: `${receiver ? '.' : ''}${name}/${types.length - (receiver ? 1 : 0)}`,
    call: (...args) => {
      for (let i = 0; i < tests.length; i++) if (!tests[i](args[i])) abandon();
      const r = f.handler(...args);
      return resultTest(r) ? r : abandon();
    },
  };
}

interface Translation {
  /** The registered functions by `name/arity` (`.name/arity` with a receiver) and their index in `fns`. */
  readonly functions: ReadonlyMap<string, number>;
  /** The generated name of each iteration variable in view. */
  readonly vars: ReadonlyMap<string, string>;
}

const ABANDONED = 'abandon()';

function literal(v: unknown): string {
  switch (typeof v) {
    case 'string': return JSON.stringify(v);
    case 'boolean': return String(v);
    case 'bigint': return `${v}n`;
    case 'number': return Number.isFinite(v) && !Object.is(v, -0) ? String(v) : ABANDONED;
    default: return v === null ? 'null' : ABANDONED;
  }
}

function translate(node: ASTNode, t: Translation): string {
  const js = (n: ASTNode) => translate(n, t);
  switch (node.op) {
    case 'value': return literal(node.args);
    case 'id': return t.vars.get(node.args) ?? (node.args === 'self' ? 'self' : ABANDONED);
    case '.': return `field(${js(node.args[0])}, ${JSON.stringify(node.args[1])})`;
    case '[]': return `index(${js(node.args[0])}, ${js(node.args[1])})`;
    case '!_': return `!bool(${js(node.args)})`;
    // The library's short circuit: `false && x` is false and `true || x` true whatever x is.
    case '&&': return `(bool(${js(node.args[0])}) ? bool(${js(node.args[1])}) : false)`;
    case '||': return `(bool(${js(node.args[0])}) ? true : bool(${js(node.args[1])}))`;
    case '?:': return `(bool(${js(node.args[0])}) ? ${js(node.args[1])} : ${js(node.args[2])})`;
    case '!=': return `!equal(${js(node.args[0])}, ${js(node.args[1])})`;
    case 'list': return `[${node.args.map(js).join(', ')}]`;
    case 'call': return translateCall(node.args[0], node.args[1], t);
    case 'rcall': return translateMethod(node.args[0], node.args[1], node.args[2], t);
    default: {
      const helper = BINARY[node.op];
      if (!helper || !Array.isArray(node.args)) return ABANDONED;
      const [left, right] = node.args as [ASTNode, ASTNode];
      return `${helper}(${js(left)}, ${js(right)})`;
    }
  }
}

function translateCall(name: string, args: readonly ASTNode[], t: Translation): string {
  if (name === 'has') {
    // `has(a.b.c)`: a path of fields from a variable.
    const arg = args[0];
    if (args.length !== 1 || arg.op !== '.') return ABANDONED;
    let root: ASTNode = arg.args[0];
    while (root.op === '.') root = root.args[0];
    return root.op === 'id' ? `present(${translate(arg.args[0], t)}, ${JSON.stringify(arg.args[1])})` : ABANDONED;
  }
  const values = args.map((a) => translate(a, t)).join(', ');
  if (name === 'size' && args.length === 1) return `size(${values})`;
  const fn = t.functions.get(`${name}/${args.length}`);
  return fn === undefined ? ABANDONED : `fns[${fn}](${values})`;
}

function translateMethod(name: string, receiver: ASTNode, args: readonly ASTNode[], t: Translation): string {
  const macro = MACROS[name];
  if (macro) {
    const variable = args[0];
    if (args.length !== 2 || variable.op !== 'id') return ABANDONED;
    const v = `v${t.vars.size + 1}`;
    const body = translate(args[1], { ...t, vars: new Map(t.vars).set(variable.args, v) });
    return `${macro}(${translate(receiver, t)}, (${v}) => ${body})`;
  }
  const values = [receiver, ...args].map((a) => translate(a, t)).join(', ');
  if (name === 'size' && args.length === 0) return `size(${values})`;
  const method = METHODS[name];
  if (method && args.length === 1) return `${method}(${values})`;
  const fn = t.functions.get(`.${name}/${args.length}`);
  return fn === undefined ? ABANDONED : `fns[${fn}](${values})`;
}

/** The JavaScript source of a rule's body (exported for the tests). */
export function ruleSource(ast: ASTNode, functions: readonly CelFunction[]): string {
  const keys = new Map<string, number>();
  functions.forEach((f, i) => {
    const w = wrapFunction(f);
    if (w) keys.set(w.key, i);
  });
  return translate(ast, { functions: keys, vars: new Map() });
}

/**
 * One function for a list of rules (from the CEL library's syntax trees of the rules as the library runs
 * them): whether every rule holds. `functions` are the environment's own functions: a translated rule
 * calls the same implementations.
 */
export function translateRules(asts: readonly ASTNode[], functions: readonly CelFunction[]): RuleFunction {
  const fns = functions.map((f) => wrapFunction(f)?.call ?? abandon);
  const names = Object.keys(HELPERS);
  const body = asts.map((ast) => `(${ruleSource(ast, functions)}) === true`).join(' &&\n  ') || 'true';
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('helpers', 'fns', `const { ${names.join(', ')} } = helpers;\nreturn (self) => ${body};`);
  const holds = make(HELPERS, fns) as (self: unknown) => boolean;
  return (self) => {
    try {
      return holds(self);
    } catch {
      // Abandoned, or a function's error: the library decides and reports.
      return false;
    }
  };
}
