import { arr, isAbsent, isObj, JsonObject, obj, strs } from '../../../vocab/json';
import { canonical, deepEqual, pairItems, setDiff } from '../compare';
import { Entry, MeshIndex, ROOT_NAMESPACE } from '../mesh-index';
import { ChangeDetail } from '../model';
import { codes, show } from '../show';
import { fieldChange } from '../structural';
import { Explanation, KindExplainer, isNamespaceWide, policyScope, specOf } from './explainer';

const AUTHORIZATION_POLICY = 'security.istio.io/AuthorizationPolicy';

/** Nouns for the fields of a source (`from`) and an operation (`to`); `notX` fields share X's noun. */
const NOUNS: Record<string, string> = {
  principals: 'principal',
  requestPrincipals: 'request principal',
  namespaces: 'namespace',
  serviceAccounts: 'service account',
  ipBlocks: 'IP block',
  remoteIpBlocks: 'remote IP block',
  hosts: 'host',
  ports: 'port',
  methods: 'method',
  paths: 'path',
  values: 'value',
};

/** Whether a field excludes (`notNamespaces`) rather than selects. */
function isNegative(field: string): boolean {
  return /^not[A-Z]/.test(field);
}

function nounOf(field: string): string {
  const base = isNegative(field) ? field[3].toLowerCase() + field.slice(4) : field;
  return NOUNS[base] ?? base;
}

function plural(noun: string, n: number): string {
  return n === 1 ? noun : `${noun}s`;
}

/** What a policy does to the requests it matches, as a verb. */
function verbOf(action: string, past = false): string {
  switch (action) {
    case 'ALLOW': return past ? 'allowed' : 'allows';
    case 'DENY': return past ? 'denied' : 'denies';
    case 'AUDIT': return past ? 'audited' : 'audits';
    default: return past ? 'sent to its ext-authz provider' : 'sends to its ext-authz provider';
  }
}

/**
 * What more matched requests mean for access: more allowed (ALLOW), fewer allowed (DENY), or
 * neither (AUDIT, CUSTOM).
 */
function accessIfMatchGrows(action: string): ChangeDetail['access'] {
  return action === 'ALLOW' ? 'widened' : action === 'DENY' ? 'narrowed' : undefined;
}

function opposite(access: ChangeDetail['access']): ChangeDetail['access'] {
  return access === 'widened' ? 'narrowed' : access === 'narrowed' ? 'widened' : undefined;
}

function actionOf(spec: JsonObject): string {
  return isAbsent(spec.action) ? 'ALLOW' : String(spec.action);
}

/** A source or operation in words, e.g. `namespaces batch, web and not principals x`. */
function clauseText(clause: unknown): string {
  const c = obj(clause);
  const parts = Object.keys(c).sort().filter((k) => !isAbsent(c[k])).map((k) => {
    const values = strs(c[k]);
    return `${isNegative(k) ? 'not ' : ''}${plural(nounOf(k), values.length)} ${values.join(', ')}`;
  });
  return parts.length === 0 ? 'anything' : parts.join(' and ');
}

function conditionText(condition: unknown): string {
  const c = obj(condition);
  const parts = [];
  if (!isAbsent(c.values)) parts.push(`in [${strs(c.values).join(', ')}]`);
  if (!isAbsent(c.notValues)) parts.push(`not in [${strs(c.notValues).join(', ')}]`);
  return `${show(c.key)} ${parts.join(' and ')}`.trim();
}

/** A rule in words: `from … to … when …`, or `every request` for a rule that matches everything. */
export function ruleText(rule: unknown): string {
  const r = obj(rule);
  const parts: string[] = [];
  const from = arr(r.from).map((f) => clauseText(obj(f).source)).filter((t) => t !== 'anything');
  const to = arr(r.to).map((t) => clauseText(obj(t).operation)).filter((t) => t !== 'anything');
  const when = arr(r.when).map(conditionText);
  if (from.length) parts.push(`from ${from.join(' or ')}`);
  if (to.length) parts.push(`to ${to.join(' or ')}`);
  if (when.length) parts.push(`when ${when.join(' and ')}`);
  return parts.length === 0 ? 'every request' : parts.join(' ');
}

/** The requests a rule matches, as the object of a verb: `requests from … to …` or `every request`. */
export function requestsText(rule: unknown): string {
  const text = ruleText(rule);
  return text === 'every request' ? text : `requests ${text}`;
}

/** Whether a rule matches every request: no source, operation or condition narrows it. */
export function matchesEverything(rule: unknown): boolean {
  return ruleText(rule) === 'every request';
}

/** Whether an ALLOW policy lets every request through (it has a rule that matches everything). */
export function allowsEverything(spec: JsonObject): boolean {
  return actionOf(spec) === 'ALLOW' && arr(spec.rules).some(matchesEverything);
}

interface Ctx {
  readonly verb: string;
  readonly grows: ChangeDetail['access'];
  readonly out: ChangeDetail[];
}

/**
 * Compares two clauses (a source or an operation): every field is a list that narrows the match
 * (`namespaces`), or, for `notX`, excludes from it. An absent field matches anything.
 */
function compareClause(before: JsonObject, after: JsonObject, label: string, path: string, ctx: Ctx): void {
  for (const field of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const [b, a] = [before[field], after[field]];
    if (deepEqual(b, a)) continue;
    const noun = nounOf(field);
    const fpath = `${path}.${field}`;
    const push = (message: string, grows: boolean, detail: { before?: unknown; after?: unknown }) =>
      ctx.out.push({ path: fpath, message: `${label}: ${message}`, ...detail, access: grows ? ctx.grows : opposite(ctx.grows) });
    if (isNegative(field)) {
      const { added, removed } = setDiff(strs(b), strs(a));
      if (added.length) push(`no longer ${ctx.verb} ${plural(noun, added.length)} ${codes(added)} (now excluded)`, false, { after: added });
      if (removed.length) push(`now also ${ctx.verb} ${plural(noun, removed.length)} ${codes(removed)} (no longer excluded)`, true, { before: removed });
    } else if (isAbsent(b)) {
      push(`now only ${ctx.verb} ${plural(noun, strs(a).length)} ${codes(strs(a))} (was any ${noun})`, false, { after: a });
    } else if (isAbsent(a)) {
      push(`now ${ctx.verb} any ${noun} (was ${codes(strs(b))})`, true, { before: b });
    } else {
      const { added, removed } = setDiff(strs(b), strs(a));
      if (added.length) push(`now also ${ctx.verb} ${plural(noun, added.length)} ${codes(added)}`, true, { after: added });
      if (removed.length) push(`no longer ${ctx.verb} ${plural(noun, removed.length)} ${codes(removed)}`, false, { before: removed });
    }
  }
}

/** Compares the `from` (or `to`) lists of two rules: their entries are alternatives (OR). */
function compareClauses(list: 'from' | 'to', before: JsonObject, after: JsonObject, label: string, path: string, ctx: Ctx): void {
  const key = list === 'from' ? 'source' : 'operation';
  const what = list === 'from' ? 'requests from' : 'requests to';
  const any = list === 'from' ? 'any source' : 'any operation';
  const [b, a] = [arr(before[list]), arr(after[list])];
  if (deepEqual(b, a)) return;
  const lpath = `${path}.${list}`;
  if (b.length === 0) {
    ctx.out.push({ path: lpath, message: `${label}: now only ${ctx.verb} ${what} ${a.map((x) => clauseText(obj(x)[key])).join(' or ')} (was ${any})`, after: a, access: opposite(ctx.grows) });
    return;
  }
  if (a.length === 0) {
    ctx.out.push({ path: lpath, message: `${label}: now ${ctx.verb} ${what} ${any} (was ${b.map((x) => clauseText(obj(x)[key])).join(' or ')})`, before: b, access: ctx.grows });
    return;
  }
  const { pairs, added, removed } = pairItems(b, a);
  for (const [i, j] of pairs) compareClause(obj(obj(b[i])[key]), obj(obj(a[j])[key]), label, `${lpath}[${j}].${key}`, ctx);
  for (const j of added) ctx.out.push({ path: `${lpath}[${j}]`, message: `${label}: now also ${ctx.verb} ${what} ${clauseText(obj(a[j])[key])}`, after: a[j], access: ctx.grows });
  for (const i of removed) ctx.out.push({ path: `${lpath}[${i}]`, message: `${label}: no longer ${ctx.verb} ${what} ${clauseText(obj(b[i])[key])}`, before: b[i], access: opposite(ctx.grows) });
}

/** Compares the `when` lists of two rules: their conditions must all hold (AND). */
function compareConditions(before: JsonObject, after: JsonObject, label: string, path: string, ctx: Ctx): void {
  const byKey = (list: unknown) => new Map(arr(list).filter(isObj).map((c) => [String(c.key), c]));
  const [b, a] = [byKey(before.when), byKey(after.when)];
  for (const [key, c] of a) {
    const prev = b.get(key);
    if (!prev) {
      ctx.out.push({ path: `${path}.when`, message: `${label}: now only ${ctx.verb} when ${conditionText(c)}`, after: c, access: opposite(ctx.grows) });
    } else if (!deepEqual(prev, c)) {
      compareClause({ values: prev.values, notValues: prev.notValues }, { values: c.values, notValues: c.notValues }, `${label} when ${key}`, `${path}.when[key=${key}]`, ctx);
    }
  }
  for (const [key, c] of b) {
    if (!a.has(key)) ctx.out.push({ path: `${path}.when`, message: `${label}: no longer requires ${conditionText(c)}`, before: c, access: ctx.grows });
  }
}

function compareRules(o: JsonObject, n: JsonObject, action: string, out: Explanation, policy: Entry): void {
  const ctx: Ctx = { verb: verbOf(action), grows: accessIfMatchGrows(action), out: out.details };
  const [b, a] = [arr(o.rules), arr(n.rules)];
  if (deepEqual(b, a)) return;
  const { pairs, added, removed } = pairItems(b, a);
  for (const [i, j] of pairs) {
    if (deepEqual(b[i], a[j])) continue;
    const [rb, ra] = [obj(b[i]), obj(a[j])];
    const path = `spec.rules[${j}]`;
    const label = `rules[${j}]`;
    compareClauses('from', rb, ra, label, path, ctx);
    compareClauses('to', rb, ra, label, path, ctx);
    compareConditions(rb, ra, label, path, ctx);
  }
  for (const j of added) {
    out.details.push({ path: `spec.rules[${j}]`, message: `rules[${j}] added: now also ${ctx.verb} ${requestsText(a[j])}`, after: a[j], access: ctx.grows });
  }
  for (const i of removed) {
    out.details.push({ path: `spec.rules[${i}]`, message: `rules[${i}] removed: no longer ${ctx.verb} ${requestsText(b[i])}`, before: b[i], access: opposite(ctx.grows) });
    if (action === 'DENY') {
      out.warnings.push({
        code: 'CIS7004',
        path: `spec.rules[${i}]`,
        message: `a DENY rule was removed: ${requestsText(b[i])} for ${policyScope(policy)} are no longer denied by this policy`,
      });
    }
  }
}

/**
 * Whether NEW has another ALLOW policy for all the workloads of a removed one: one for the same
 * selector or target in its namespace, one for the whole namespace, or one for the whole mesh.
 */
function anotherAllowPolicy(index: MeshIndex, removed: Entry): boolean {
  const scope = (e: Entry) => {
    const spec = specOf(e.object);
    return canonical({ selector: spec.selector, targetRef: spec.targetRef, targetRefs: spec.targetRefs });
  };
  const candidates = [...index.inNamespace(AUTHORIZATION_POLICY, removed.namespace), ...index.inNamespace(AUTHORIZATION_POLICY, ROOT_NAMESPACE)];
  return candidates.some((e) => e.id !== removed.id && actionOf(specOf(e.object)) === 'ALLOW'
    && (isNamespaceWide(e) || (e.namespace === removed.namespace && scope(e) === scope(removed))));
}

function allowsEverythingWarning(entry: Entry): { code: string; path: string; message: string } {
  return {
    code: 'CIS7003',
    path: 'spec.rules',
    message: `the policy now allows every request to ${policyScope(entry)}: a rule without from, to or when matches everything`,
  };
}

function describe(entry: Entry, out: Explanation, tense: 'now' | 'was'): void {
  const spec = specOf(entry.object);
  const action = actionOf(spec);
  const rules = arr(spec.rules);
  out.details.push({ path: 'spec.action', message: `${action} policy for ${policyScope(entry)}` });
  if (rules.length === 0) {
    out.details.push({
      path: 'spec.rules',
      message: action === 'ALLOW' ? `${tense === 'now' ? 'denies' : 'denied'} every request (an ALLOW policy without rules matches nothing)` : 'no rules: matches nothing',
    });
  }
  rules.forEach((rule, i) => out.details.push({ path: `spec.rules[${i}]`, message: `rules[${i}]: ${verbOf(action, tense === 'was')} ${requestsText(rule)}` }));
}

/**
 * AuthorizationPolicy: rules widened or narrowed (principals, namespaces, paths, methods, ports,
 * conditions) and the action, with warnings when a policy now allows everything or a DENY goes.
 */
export const authorizationPolicyExplainer: KindExplainer = {
  groupKind: AUTHORIZATION_POLICY,
  specKeys: ['action', 'rules'],
  changed(before, after, out) {
    const [o, n] = [specOf(before.object), specOf(after.object)];
    const [oa, na] = [actionOf(o), actionOf(n)];
    if (oa !== na) {
      out.details.push({ ...fieldChange('spec.action', oa, na), message: `action: ${oa} → ${na}` });
      if (oa === 'DENY') {
        out.warnings.push({ code: 'CIS7004', path: 'spec.action', message: `the policy no longer denies: ${arr(o.rules).map(requestsText).join('; ') || 'no requests'} for ${policyScope(after)} may now get through` });
      }
      // Rules compared as what the new action does to them.
      const before2 = { ...o, action: na };
      compareRules(before2, n, na, out, after);
    } else {
      compareRules(o, n, na, out, after);
    }
    if (allowsEverything(n) && !allowsEverything(o)) out.warnings.push(allowsEverythingWarning(after));
  },
  added(after, out) {
    describe(after, out, 'now');
    if (allowsEverything(specOf(after.object))) out.warnings.push(allowsEverythingWarning(after));
  },
  removed(before, out, ctx) {
    describe(before, out, 'was');
    const spec = specOf(before.object);
    const action = actionOf(spec);
    if (action === 'DENY') {
      out.warnings.push({
        code: 'CIS7004',
        message: `a DENY policy was removed: ${arr(spec.rules).map(requestsText).join('; ') || 'no requests'} for ${policyScope(before)} are no longer denied by it`,
      });
    } else if (action === 'ALLOW' && !allowsEverything(spec) && !anotherAllowPolicy(ctx.new, before)) {
      out.warnings.push({
        code: 'CIS7005',
        message: `the last ALLOW policy for ${policyScope(before)} was removed: with no ALLOW policy left, those workloads accept every request`,
      });
    }
  },
};
