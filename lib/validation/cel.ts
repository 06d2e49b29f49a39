import { isIPv4, isIPv6 } from 'net';
import type { Environment } from '@marcbachmann/cel-js';
import { CelFunction, RuleFunction, translateRules } from './cel-to-js';
import { SchemaCodes } from './codes';
import { CelRule, CrdSchema } from './schemas';
import { Finding, Severity } from '../vocab/finding';
import { childPath, indexPath } from '../vocab/paths';
import { compileRe2 } from '../vocab/re2';

/**
 * Evaluation of the CRDs' `x-kubernetes-validations` rules with a CEL library, plus the Kubernetes
 * CEL extension functions Istio's and the Gateway API's rules use (`isURL`, `url(...).getScheme()`,
 * `isIP`; `duration`, `matches`, `exists_one` and the string functions are standard CEL).
 */

/** A URL as Kubernetes' CEL URL library sees it (Go's `url.ParseRequestURI`). */
export class CelUrl {
  public constructor(
    public readonly scheme: string,
    public readonly host: string,
    public readonly path: string,
    public readonly query: string,
  ) {}

  /** The host without the port (IPv6 brackets removed). */
  public get hostname(): string {
    const m = /^\[([^\]]*)\]/.exec(this.host);
    if (m) return m[1];
    const i = this.host.lastIndexOf(':');
    return i >= 0 ? this.host.slice(0, i) : this.host;
  }

  /** The port, or an empty string. */
  public get port(): string {
    const m = /:(\d*)$/.exec(this.host.replace(/^\[[^\]]*\]/, ''));
    return m ? m[1] : '';
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const USERINFO = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

/** Parses like Go's `url.ParseRequestURI`: an absolute URI, or an absolute path. Undefined when Go would fail. */
export function parseRequestUri(text: string): CelUrl | undefined {
  if (CONTROL.test(text) || BAD_ESCAPE.test(text)) return undefined;
  let rest = text;
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let scheme = '';
  const m = SCHEME.exec(rest);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith(':')) {
    return undefined;
  }
  if (!rest.startsWith('/')) {
    // With a scheme, the rest is opaque (`mailto:x`); without one, a request URI must be a path.
    return scheme ? new CelUrl(scheme, '', '', query) : undefined;
  }
  let host = '';
  if (scheme && rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      if (!USERINFO.test(authority.slice(0, at))) return undefined;
      authority = authority.slice(at + 1);
    }
    if (!validHost(authority)) return undefined;
    host = authority;
  }
  if (rest.includes(' ') && scheme === '') return undefined;
  return new CelUrl(scheme, host, rest, query);
}

function validHost(host: string): boolean {
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return false;
    const after = host.slice(close + 1);
    return after === '' || /^:\d*$/.test(after);
  }
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && !/^\d*$/.test(host.slice(colon + 1))) return false;
  const name = colon >= 0 ? host.slice(0, colon) : host;
  return /^[A-Za-z0-9\-._~!$&'()*+,;=%]*$/.test(name);
}

/**
 * Kubernetes' `isIP` (k8s.io/apiserver/pkg/cel/library/ip.go): Go's `netip.ParseAddr`, without a
 * zone and without an IPv4-mapped IPv6 address.
 */
export function isIpAddress(text: string): boolean {
  if (text.includes('%')) return false;
  if (isIPv4(text)) return true;
  if (!isIPv6(text)) return false;
  // The WHATWG URL parser canonicalizes IPv6 (an embedded IPv4 becomes two hex groups).
  const host = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  return !/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * What a Kubernetes rule means, in what the CEL library can run: `x.matches(re)` with RE2 (the
 * library uses JavaScript regexes, without RE2's `(?i)`), and presence tests on a field of an
 * indexed or computed value.
 */
export function adaptToCelLibrary(expression: string): string {
  return rewritePresenceTests(expression.replace(/\.matches\(/g, '.re2Matches('));
}

/**
 * Rewrites `has(x[0].f)` (a presence test on a field of an indexed or computed value, which CEL
 * allows and the CEL library does not) into `hasField(x[0], 'f')`.
 */
function rewritePresenceTests(expression: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const m = /\bhas\(/g;
    m.lastIndex = i;
    const found = m.exec(expression);
    if (!found) return out + expression.slice(i);
    const start = found.index + found[0].length;
    let depth = 1;
    let j = start;
    for (; j < expression.length && depth > 0; j++) {
      if (expression[j] === '(') depth++;
      else if (expression[j] === ')') depth--;
    }
    const arg = expression.slice(start, j - 1);
    const field = /^(.*)\.([A-Za-z_][A-Za-z0-9_]*)$/s.exec(arg.trim());
    const plainChain = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
    if (field && !plainChain.test(field[1])) {
      out += `${expression.slice(i, found.index)}hasField(${rewritePresenceTests(field[1])}, '${field[2]}')`;
    } else {
      out += expression.slice(i, j);
    }
    i = j;
  }
}

const REGEXES = new Map<string, (text: string) => boolean>();

/** CEL's `matches`: whether RE2 `re` matches anywhere in `text`. Plain patterns run as JavaScript regexes (faster, same meaning). */
function re2Find(re: string, text: string): boolean {
  let test = REGEXES.get(re);
  if (!test) {
    // RE2-only syntax (flags such as `(?i)`, `(?P<name>`, `\z`, `\C`) needs RE2; `(?:` is JavaScript too.
    const js = /\(\?[^:]|\\[zC1-9]/.test(re) ? undefined : jsRegex(re);
    if (js) {
      test = (t) => js.test(t);
    } else {
      const { re: compiled, error } = compileRe2(re);
      if (!compiled) throw new Error(error);
      test = (t) => compiled.matcher(t).find();
    }
    if (REGEXES.size >= 1000) REGEXES.clear();
    REGEXES.set(re, test);
  }
  return test(text);
}

function jsRegex(re: string): RegExp | undefined {
  try {
    return new RegExp(re);
  } catch {
    return undefined;
  }
}

/** The functions registered in the CEL environment (the rules translated by `cel-to-js.ts` call the same ones). */
const FUNCTIONS: readonly CelFunction[] = [
  { signature: 'isURL(string): bool', handler: (s: string) => parseRequestUri(s) !== undefined },
  { signature: 'isIP(string): bool', handler: isIpAddress },
  { signature: 'string.re2Matches(string): bool', handler: (text: string, re: string) => re2Find(re, text) },
  {
    signature: 'hasField(dyn, string): bool',
    handler: (o: unknown, f: string) => (o instanceof Map ? o.has(f)
      : o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, f)),
  },
  {
    signature: 'url(string): URL',
    handler: (s: string) => {
      const u = parseRequestUri(s);
      if (!u) throw new Error(`URL parse error during conversion from string: ${s}`);
      return u;
    },
  },
];

let environment: Environment | undefined;

/** The CEL environment: `self` plus the Kubernetes library functions the Istio CRDs use. */
export function celEnvironment(): Environment {
  if (environment) return environment;
  // Loaded on first use: objects without CEL rules never pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cel = require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js');
  const env = new cel.Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
    .registerType('URL', CelUrl)
    .registerVariable('self', 'dyn');
  for (const f of FUNCTIONS) env.registerFunction(f.signature, f.handler);
  const getters: Array<[string, (u: CelUrl) => string]> = [
    ['getScheme', (u) => u.scheme], ['getHost', (u) => u.host], ['getHostname', (u) => u.hostname],
    ['getPort', (u) => u.port], ['getEscapedPath', (u) => u.path],
  ];
  for (const [name, handler] of getters) env.registerFunction({ name, receiverType: 'URL', returnType: 'string', handler, params: [] });
  memoizeDeepTypes(env);
  environment = env;
  return env;
}

/**
 * The CEL library finds the runtime type of a `dyn` value by walking into it (the first element of each
 * list and map, recursively) at every operation, which dominates the cost of rules over large objects such
 * as a Gateway API route's `spec.rules`. The type of a value depends only on the value, and the checks never
 * change the objects they evaluate, so it is cached per object. The library does not export its evaluator:
 * a function reaches it as `this`.
 */
function memoizeDeepTypes(env: Environment): void {
  let evaluator: unknown;
  env.registerFunction('cdk8sIstioEvaluator(): bool', function (this: unknown) {
    evaluator = this;
    return true;
  });
  env.parse('cdk8sIstioEvaluator()')({});
  const proto = evaluator && Object.getPrototypeOf(evaluator);
  if (typeof proto?.debugTypeDeep !== 'function' || proto.debugTypeDeep.memoized) return;
  const original = proto.debugTypeDeep as (this: unknown, value: unknown) => unknown;
  const types = new WeakMap<object, unknown>();
  const memoized = function (this: unknown, value: unknown): unknown {
    if (value === null || typeof value !== 'object') return original.call(this, value);
    let type = types.get(value);
    if (type === undefined) {
      type = original.call(this, value);
      types.set(value, type);
    }
    return type;
  };
  memoized.memoized = true;
  proto.debugTypeDeep = memoized;
}

type Program = ReturnType<Environment['parse']>;
const PROGRAMS = new Map<string, Program>();

/** Parses and type-checks a rule once; later calls return the cached program. @throws when the rule does not compile */
export function compileRule(expression: string): Program {
  let program = PROGRAMS.get(expression);
  if (!program) {
    program = celEnvironment().parse(adaptToCelLibrary(expression));
    const checked = program.check();
    if (!checked.valid) throw checked.error;
    PROGRAMS.set(expression, program);
  }
  return program;
}

/** What is known of a rule once: whether it is a transition rule, and its JavaScript function (none when it does not compile). */
interface RuleFacts {
  readonly transition: boolean;
  readonly holds?: RuleFunction;
}
const FACTS = new Map<string, RuleFacts>();
const TRANSITION = /\boldSelf\b/;

function factsOf(expression: string): RuleFacts {
  let facts = FACTS.get(expression);
  if (!facts) {
    const transition = TRANSITION.test(expression);
    let holds: RuleFunction | undefined;
    if (!transition) {
      try {
        holds = translateRules([compileRule(expression).ast], FUNCTIONS);
      } catch {
        // The rule does not compile: evaluateRule reports it through the library.
      }
    }
    facts = { transition, holds };
    FACTS.set(expression, facts);
  }
  return facts;
}

/** A rule's JavaScript translation (`cel-to-js.ts`), or undefined for a transition rule or one that does not compile. */
export function translatedRule(expression: string): RuleFunction | undefined {
  return factsOf(expression).holds;
}

/** Transition rules compare with the stored object: they cannot apply to configuration on its own. */
export function isTransitionRule(rule: CelRule): boolean {
  return TRANSITION.test(rule.rule);
}

/** Appends a rule's `fieldPath` (`.spec.x`, `['key']`) to the path of the node the rule is on. */
function joinFieldPath(path: string, fieldPath: string): string {
  const rel = fieldPath.startsWith('.') || fieldPath.startsWith('[') ? fieldPath : `.${fieldPath}`;
  return path ? `${path}${rel}` : rel.replace(/^\./, '');
}

function firstLine(e: unknown): string {
  return String(e instanceof Error ? e.message : e).split('\n')[0].trim();
}

/**
 * Evaluates one rule on a value; a finding when it fails (or cannot be evaluated on that value). The
 * rule's JavaScript translation answers when it holds; otherwise the CEL library evaluates it (and words the finding).
 */
export function evaluateRule(rule: CelRule, value: unknown, path: string): Finding | undefined {
  const facts = factsOf(rule.rule);
  if (facts.transition || facts.holds?.(value)) return undefined;
  const at = rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
  let message = rule.message ?? `failed rule: ${rule.rule}`;
  let result: unknown;
  try {
    result = compileRule(rule.rule)({ self: value });
  } catch (e) {
    return { severity: Severity.ERROR, code: SchemaCodes.CEL_RULE, path: at, message: `${message} (${firstLine(e)})`, hint: `the CRD rule is: ${rule.rule}` };
  }
  if (result === true) return undefined;
  if (rule.messageExpression) {
    try {
      const m = compileRule(rule.messageExpression)({ self: value });
      if (typeof m === 'string' && m.trim() !== '') message = m;
    } catch {
      // Kubernetes falls back to `message` when messageExpression fails.
    }
  }
  return { severity: Severity.ERROR, code: SchemaCodes.CEL_RULE, path: at, message, hint: `the CRD rule is: ${rule.rule}` };
}

/**
 * Walks a value with its schema, evaluating every CEL rule on the values present and checking the
 * uniqueness that `x-kubernetes-list-type: set|map` asks for. `skip(path)` tells rules not to run on a
 * node whose subtree already failed the schema (the rule would only see a malformed value). Parts of
 * the schema without rules or such lists are not walked.
 */
export function checkRules(value: unknown, schema: CrdSchema, path: string, skip: (path: string) => boolean, out: Finding[]): void {
  if (value === undefined || value === null || !hasChecks(schema)) return;
  const rules = schema['x-kubernetes-validations'];
  if (rules && !skip(path) && !allHold(schema)?.(value)) {
    for (const rule of rules) {
      const f = evaluateRule(rule, value, path);
      if (f) out.push(f);
    }
  }
  if (Array.isArray(value)) {
    checkListType(value, schema, path, out);
    if (schema.items) value.forEach((item, i) => checkRules(item, schema.items!, indexPath(path, i), skip, out));
  } else if (typeof value === 'object') {
    const props = schema.properties;
    const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const key of Object.keys(value)) {
      const s = props?.[key] ?? extra;
      if (s) checkRules((value as Record<string, unknown>)[key], s, childPath(path, key), skip, out);
    }
  }
}

const ALL_HOLD = new WeakMap<CrdSchema, RuleFunction | null>();

/**
 * Whether every rule of a schema node holds, in one translated function (cached per node); none when a
 * rule does not compile. When it cannot say so, each rule is evaluated on its own.
 */
function allHold(schema: CrdSchema): RuleFunction | undefined {
  let holds = ALL_HOLD.get(schema);
  if (holds === undefined) {
    try {
      const rules = (schema['x-kubernetes-validations'] ?? []).filter((r) => !isTransitionRule(r));
      holds = translateRules(rules.map((r) => compileRule(r.rule).ast), FUNCTIONS);
    } catch {
      holds = null;
    }
    ALL_HOLD.set(schema, holds);
  }
  return holds ?? undefined;
}

const WITH_CHECKS = new WeakMap<CrdSchema, boolean>();

/** Whether a schema node or anything below it has CEL rules or a set/map list (cached per node). */
function hasChecks(schema: CrdSchema): boolean {
  let has = WITH_CHECKS.get(schema);
  if (has === undefined) {
    WITH_CHECKS.set(schema, true); // a cycle (none in CRDs) would be walked, as before
    const listType = schema['x-kubernetes-list-type'];
    has = (schema['x-kubernetes-validations']?.length ?? 0) > 0 || listType === 'set' || listType === 'map'
      || Object.values(schema.properties ?? {}).some(hasChecks)
      || (schema.items !== undefined && hasChecks(schema.items))
      || (typeof schema.additionalProperties === 'object' && hasChecks(schema.additionalProperties));
    WITH_CHECKS.set(schema, has);
  }
  return has;
}

function checkListType(list: readonly unknown[], schema: CrdSchema, path: string, out: Finding[]): void {
  const type = schema['x-kubernetes-list-type'];
  if ((type !== 'set' && type !== 'map') || list.length < 2) return;
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const key = type === 'set' ? JSON.stringify(item)
      : JSON.stringify(keys.map((k) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[k] : undefined)));
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, i);
      return;
    }
    const what = type === 'set' ? `duplicate value ${key}` : `duplicate entry with ${keys.map((k, j) => `${k}=${JSON.stringify(JSON.parse(key)[j])}`).join(', ')}`;
    out.push({
      severity: Severity.ERROR,
      code: SchemaCodes.DUPLICATE,
      path: indexPath(path, i),
      message: `${what} (same as ${indexPath(path, first)})`,
      hint: 'remove the duplicate',
    });
  });
}
