import { arr, isAbsent, isObj, JsonObject, strs } from '../../../vocab/json';
import { setDiff } from '../compare';
import { Entry } from '../mesh-index';
import { code, codes } from '../show';
import { structuralDiff } from '../structural';
import { Explanation, KindExplainer, policyScope, specOf } from './explainer';

function rulesByIssuer(spec: JsonObject): Map<string, JsonObject> | undefined {
  const rules = arr(spec.jwtRules).filter(isObj);
  const map = new Map(rules.map((r) => [String(r.issuer ?? ''), r]));
  return map.size === rules.length ? map : undefined;
}

function audiencesText(rule: JsonObject): string {
  return isAbsent(rule.audiences) ? 'any audience' : `audiences ${codes(strs(rule.audiences))}`;
}

function describe(entry: Entry, out: Explanation, verb: string): void {
  arr(specOf(entry.object).jwtRules).filter(isObj).forEach((rule, i) => {
    out.details.push({ path: `spec.jwtRules[${i}]`, message: `${verb} JWTs from issuer ${code(rule.issuer)} for ${audiencesText(rule)} on ${policyScope(entry)}` });
  });
}

/** RequestAuthentication: issuers and audiences accepted, key sources (jwksUri, jwks), the rest per field. */
export const requestAuthenticationExplainer: KindExplainer = {
  groupKind: 'security.istio.io/RequestAuthentication',
  specKeys: ['jwtRules'],
  changed(before, after, out) {
    const [o, n] = [specOf(before.object), specOf(after.object)];
    const [ob, nb] = [rulesByIssuer(o), rulesByIssuer(n)];
    if (!ob || !nb) {
      structuralDiff(o.jwtRules, n.jwtRules, 'spec.jwtRules', out.details, { scalarListsAreSets: true });
      return;
    }
    for (const [issuer, rule] of nb) {
      const path = `spec.jwtRules[issuer=${issuer}]`;
      const prev = ob.get(issuer);
      if (!prev) {
        out.details.push({ path, message: `now accepts JWTs from issuer ${code(issuer)} for ${audiencesText(rule)}`, after: rule });
        continue;
      }
      const [b, a] = [prev.audiences, rule.audiences];
      if (isAbsent(b) && !isAbsent(a)) {
        out.details.push({ path: `${path}.audiences`, message: `issuer ${code(issuer)}: now only accepts audiences ${codes(strs(a))} (was any audience)`, after: a });
      } else if (!isAbsent(b) && isAbsent(a)) {
        out.details.push({ path: `${path}.audiences`, message: `issuer ${code(issuer)}: now accepts any audience (was ${codes(strs(b))})`, before: b });
      } else {
        const { added, removed } = setDiff(strs(b), strs(a));
        if (added.length) out.details.push({ path: `${path}.audiences`, message: `issuer ${code(issuer)}: now also accepts audience${added.length > 1 ? 's' : ''} ${codes(added)}`, after: added });
        if (removed.length) out.details.push({ path: `${path}.audiences`, message: `issuer ${code(issuer)}: no longer accepts audience${removed.length > 1 ? 's' : ''} ${codes(removed)}`, before: removed });
      }
      structuralDiff(prev, rule, path, out.details, { skip: new Set(['issuer', 'audiences']), scalarListsAreSets: true });
    }
    for (const [issuer, rule] of ob) {
      if (!nb.has(issuer)) {
        out.details.push({ path: `spec.jwtRules[issuer=${issuer}]`, message: `no longer accepts JWTs from issuer ${code(issuer)}: requests carrying one are rejected`, before: rule });
      }
    }
  },
  added(after, out) {
    describe(after, out, 'accepts');
  },
  removed(before, out) {
    describe(before, out, 'accepted');
  },
};
