import { arr, isObj, JsonObject, obj, objs, str, strMap } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, Resource } from '../context';
import { selectorString } from '../labels';
import { hasIstioProxy } from '../mesh';

/** Whether the object selects no workload by labels (namespace-wide, or mesh-wide in the root namespace). */
function hasNoSelector(r: Resource): boolean {
  return Object.keys(strMap(obj(r.spec.selector).matchLabels)).length === 0 && !isObj(r.spec.targetRef) && arr(r.spec.targetRefs).length === 0;
}

/** `kind/name` of the targetRef(s) of a policy. */
function targetRefKeys(r: Resource): string[] {
  const refs = [r.spec.targetRef, ...arr(r.spec.targetRefs)].filter(isObj);
  return refs.map((t) => `${str(t.kind)}/${str(t.namespace) || r.namespace}/${str(t.name)}`);
}

/** Whether an AuthorizationPolicy makes a request principal (a validated token) necessary for what it matches. */
function requiresRequestPrincipal(ap: Resource): boolean {
  const action = str(ap.spec.action) || 'ALLOW';
  if (action === 'CUSTOM') return true;
  const rules = objs(ap.spec.rules);
  const sources = (rule: JsonObject): JsonObject[] => objs(rule.from).map(([f]) => obj(f.source));
  if (action === 'DENY') return rules.some(([rule]) => sources(rule).some((s) => arr(s.notRequestPrincipals).length > 0));
  if (action === 'ALLOW') return rules.some(([rule]) => sources(rule).some((s) => arr(s.requestPrincipals).length > 0));
  return false;
}

/** All sub-selectors of a selector (at most 2^8 of them), as selector strings. */
function subSelectors(selector: Record<string, string>): string[] {
  const keys = Object.keys(selector).sort().slice(0, 8);
  const result: string[] = [];
  for (let mask = 0; mask < 2 ** keys.length; mask++) {
    const sub: Record<string, string> = {};
    keys.forEach((k, i) => { if (Math.floor(mask / 2 ** i) % 2 === 1) sub[k] = selector[k]; });
    result.push(selectorString(sub));
  }
  return result;
}

/**
 * CIS5001: a RequestAuthentication only validates the tokens that are presented. Without an AuthorizationPolicy
 * that requires a request principal for the same workloads, requests without a token are still accepted.
 */
export const requestAuthenticationAnalyzer: Analyzer = {
  name: 'cdk8s-istio.RequestAuthenticationAnalyzer',
  description: 'Checks that every RequestAuthentication is backed by an AuthorizationPolicy requiring a request principal',
  codes: ['CIS5001'],
  analyze(ctx: AnalysisContext): void {
    // Namespaces with a namespace-wide policy requiring a principal, and `namespace|selector` / targetRef keys of selective ones.
    const wide = new Set<string>();
    const selective = new Set<string>();
    for (const ap of ctx.list(GK.AuthorizationPolicy)) {
      if (!requiresRequestPrincipal(ap)) continue;
      if (hasNoSelector(ap)) wide.add(ap.namespace);
      for (const key of targetRefKeys(ap)) selective.add(key);
      const selector = strMap(obj(ap.spec.selector).matchLabels);
      if (Object.keys(selector).length > 0) selective.add(`${ap.namespace}|${selectorString(selector)}`);
    }
    for (const ra of ctx.list(GK.RequestAuthentication)) {
      if (wide.has(ctx.rootNamespace) || wide.has(ra.namespace)) continue;
      const refs = targetRefKeys(ra);
      if (refs.some((k) => selective.has(k))) continue;
      const selector = strMap(obj(ra.spec.selector).matchLabels);
      const subs = Object.keys(selector).length > 0 ? subSelectors(selector).filter((s) => s !== '') : [];
      if (subs.some((s) => selective.has(`${ra.namespace}|${s}`) || selective.has(`${ctx.rootNamespace}|${s}`))) continue;
      let scope: string;
      if (refs.length > 0) scope = refs.map((k) => k.split('/').filter((_, i) => i !== 1).join('/')).join(', ');
      else if (Object.keys(selector).length > 0) scope = `workloads with labels ${selectorString(selector)} in namespace ${ra.namespace}`;
      else if (ra.namespace === ctx.rootNamespace) scope = 'every workload of the mesh';
      else scope = `every workload in namespace ${ra.namespace}`;
      ctx.report(ra, 'CIS5001', [ra.fullName, scope], 'spec.jwtRules',
        "Add an AuthorizationPolicy for the same workloads that requires a principal, e.g. action DENY with from.source.notRequestPrincipals: ['*'].");
    }
  },
};

/** Whether an AuthorizationPolicy rule matches every request (no source, operation or condition narrows it). */
function matchesEverything(rule: JsonObject): boolean {
  const empty = (v: unknown): boolean => !isObj(v)
    || Object.values(v).every((x) => x === undefined || x === null || (Array.isArray(x) && x.length === 0));
  return objs(rule.from).every(([f]) => empty(f.source))
    && objs(rule.to).every(([t]) => empty(t.operation))
    && arr(rule.when).length === 0;
}

/** CIS5002: an ALLOW policy with an empty rule allows every request, the opposite of what an allow-list is for. */
export const allowAllAnalyzer: Analyzer = {
  name: 'cdk8s-istio.AllowAllAnalyzer',
  description: 'Checks for ALLOW AuthorizationPolicies whose rule matches every request',
  codes: ['CIS5002'],
  analyze(ctx: AnalysisContext): void {
    for (const ap of ctx.list(GK.AuthorizationPolicy)) {
      if ((str(ap.spec.action) || 'ALLOW') !== 'ALLOW') continue;
      for (const [rule, i] of objs(ap.spec.rules)) {
        if (!matchesEverything(rule)) continue;
        ctx.report(ap, 'CIS5002', [ap.fullName, `#${i}`], `spec.rules[${i}]`,
          'Narrow the rule with from/to/when; if allowing everything is deliberate, suppress CIS5002 on this policy.');
      }
    }
  },
};

/**
 * CIS5003: inside a namespace made STRICT by a namespace-wide PeerAuthentication, a workload- or port-level
 * PERMISSIVE or DISABLE silently accepts plaintext again.
 */
export const mtlsDowngradeAnalyzer: Analyzer = {
  name: 'cdk8s-istio.MtlsDowngradeAnalyzer',
  description: 'Checks for PERMISSIVE or DISABLE mTLS inside a namespace declared STRICT',
  codes: ['CIS5003'],
  analyze(ctx: AnalysisContext): void {
    const strict = new Map<string, Resource>();
    for (const pa of ctx.list(GK.PeerAuthentication)) {
      if (hasNoSelector(pa) && str(obj(pa.spec.mtls).mode) === 'STRICT' && !strict.has(pa.namespace)) strict.set(pa.namespace, pa);
    }
    if (strict.size === 0) return;
    const weak = (mode: string): boolean => mode === 'PERMISSIVE' || mode === 'DISABLE';
    for (const pa of ctx.list(GK.PeerAuthentication)) {
      const nsPolicy = strict.get(pa.namespace);
      if (!nsPolicy || hasNoSelector(pa)) continue;
      const hint = 'Keep the workload STRICT, or suppress CIS5003 on this PeerAuthentication with the galley.istio.io/analyze-suppress annotation if the exception is deliberate.';
      const mode = str(obj(pa.spec.mtls).mode);
      if (weak(mode)) ctx.report(pa, 'CIS5003', [pa.fullName, mode, '', pa.namespace, nsPolicy.fullName], 'spec.mtls.mode', hint);
      for (const [port, setting] of Object.entries(obj(pa.spec.portLevelMtls))) {
        const portMode = str(obj(setting).mode);
        if (weak(portMode)) {
          ctx.report(pa, 'CIS5003', [pa.fullName, portMode, ` on port ${port}`, pa.namespace, nsPolicy.fullName], `spec.portLevelMtls.${port}.mode`, hint);
        }
      }
    }
  },
};

/**
 * CIS5004: workload policies in a namespace explicitly labelled `istio-injection: disabled` apply to workloads
 * without a proxy, so they do nothing (gateways, which carry their own proxy, are exempt).
 */
export const policyOutsideMeshAnalyzer: Analyzer = {
  name: 'cdk8s-istio.PolicyOutsideMeshAnalyzer',
  description: 'Checks for workload policies in namespaces taken out of the mesh',
  codes: ['CIS5004'],
  analyze(ctx: AnalysisContext): void {
    for (const gk of [GK.AuthorizationPolicy, GK.PeerAuthentication, GK.RequestAuthentication, GK.Sidecar]) {
      for (const r of ctx.list(gk)) {
        const ns = ctx.namespaceObject(r.namespace);
        if (!ns || ns.labels['istio-injection'] !== 'disabled' || ns.labels['istio.io/dataplane-mode'] === 'ambient') continue;
        if (isObj(r.spec.targetRef) || arr(r.spec.targetRefs).length > 0) continue;
        const selector = strMap(obj(gk === GK.Sidecar ? r.spec.workloadSelector : r.spec.selector)[gk === GK.Sidecar ? 'labels' : 'matchLabels']);
        const pods = ctx.podsMatching(selector, r.namespace);
        const proxied = pods.some((p) => p.labels.istio !== undefined || p.labels['gateway.networking.k8s.io/gateway-name'] !== undefined
          || p.labels['sidecar.istio.io/inject'] === 'true' || hasIstioProxy(arr(p.spec.containers)));
        if (proxied) continue;
        ctx.report(r, 'CIS5004', [r.kind, r.fullName, r.namespace, 'istio-injection=disabled'], '',
          "Move the policy to a namespace in the mesh, or label this namespace 'istio-injection: enabled'.");
      }
    }
  },
};
