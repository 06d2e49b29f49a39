import { Analyzer } from '../../analysis/analyzer';
import { serviceAccountOf } from '../../analysis/analyzers/principals';
import { AnalysisContext, GK, Resource } from '../../analysis/context';
import { selectorMatches } from '../../analysis/labels';
import { namespaceInAmbientMode, podInAmbientMode } from '../../analysis/mesh';
import { ProxyRequest } from '../../model/proxy-request';
import { sidecarPolicyMatch } from '../../model/sidecar-rules';
import { workloadIdentity } from '../../vocab/identity';
import { arr, isObj, JsonObject, obj, objs, str, strMap, strs } from '../../vocab/json';

/** Source fields about the peer (who calls), as opposed to the request's token or operation. */
const PEER_FIELDS = ['principals', 'notPrincipals', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts',
  'ipBlocks', 'notIpBlocks', 'trustDomains', 'notTrustDomains'];
const PEER_WHEN_KEYS = new Set(['source.principal', 'source.namespace', 'source.ip']);
/** A caller no policy names, to tell whether a rule restricts its callers at all. */
const STRANGER = 'cluster.local/ns/cdk8s-istio-probe/sa/default';
const TRUST_DOMAIN = 'cluster.local';

/** One workload the policies are asked about: a pod (template) of the set, or what a policy's selector selects. */
interface Target {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** How to name it in a message. */
  readonly name: string;
  /** The identity it runs as, when the set defines its pods. */
  readonly account?: string;
}

/** A request to try, with how to say it. */
interface Probe {
  readonly request: ProxyRequest;
  readonly text: string;
}

/** The policy with only the peer parts of its rules: which callers it is about, whatever they ask. */
function peerPart(spec: JsonObject): JsonObject {
  return {
    rules: objs(spec.rules).map(([rule]) => ({
      ...(Array.isArray(rule.from) ? {
        from: objs(rule.from).map(([f]) => ({ source: Object.fromEntries(Object.entries(obj(f.source)).filter(([k]) => PEER_FIELDS.includes(k))) })),
      } : {}),
      when: objs(rule.when).map(([w]) => w).filter((w) => PEER_WHEN_KEYS.has(str(w.key))),
    })),
  };
}

function isAllowNothing(spec: JsonObject): boolean {
  return arr(spec.rules).length === 0;
}

function matchesEverything(rule: JsonObject): boolean {
  return arr(rule.from).length === 0 && arr(rule.to).length === 0 && arr(rule.when).length === 0;
}

/** A concrete value that an Istio string pattern (`*` prefix, suffix or presence) matches. */
function concrete(pattern: string, filler: string): string {
  if (pattern === '*') return filler;
  if (pattern.startsWith('*')) return `${filler}${pattern.slice(1)}`;
  if (pattern.endsWith('*')) return `${pattern.slice(0, -1)}${filler}`;
  return pattern;
}

/** A path that a path rule matches (`/v1/*` → `/v1/probe`, `{*}` and `{**}` templates → `probe`). */
export function concretePath(pattern: string): string {
  const p = pattern.replace(/\{\*\*?\}/g, 'probe');
  return p === '*' ? '/' : concrete(p, p.startsWith('*') ? '/probe' : 'probe');
}

function operations(spec: JsonObject): JsonObject[] {
  return objs(spec.rules).flatMap(([r]) => objs(r.to).map(([t]) => obj(t.operation)));
}

function sources(spec: JsonObject): JsonObject[] {
  return objs(spec.rules).flatMap(([r]) => objs(r.from).map(([f]) => obj(f.source)));
}

/** `ns/sa` of a SPIFFE identity, for messages. */
function account(principal: string): string {
  const m = /\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return m ? `${m[1]}/${m[2]}` : principal;
}

/** The token claims that satisfy a policy's request principals and claim conditions. */
function tokenFor(specs: readonly JsonObject[], issuers: readonly string[]): Record<string, unknown> | undefined {
  const principals = specs.flatMap((s) => sources(s).flatMap((src) => strs(src.requestPrincipals)));
  const claimConditions = specs.flatMap((s) => objs(s.rules).flatMap(([r]) => objs(r.when).map(([w]) => w)))
    .filter((w) => str(w.key).startsWith('request.auth.'));
  if (principals.length === 0 && claimConditions.length === 0 && issuers.length === 0) return undefined;
  const claims: Record<string, unknown> = { iss: issuers[0] ?? 'https://issuer.example.com', sub: 'cdk8s-istio-probe' };
  const first = principals.find((p) => p !== '*');
  if (first) {
    const slash = first.lastIndexOf('/');
    // `/sub` names a token without an issuer: its request principal is `/sub`.
    if (slash >= 0 && !first.startsWith('*')) claims.iss = first.slice(0, slash);
    const sub = first.slice(slash + 1);
    if (sub && sub !== '*') claims.sub = sub;
  }
  for (const w of claimConditions) {
    const value = str(arr(w.values)[0]);
    const key = str(w.key);
    if (key === 'request.auth.principal' && value.includes('/')) {
      claims.iss = value.slice(0, value.lastIndexOf('/'));
      claims.sub = value.slice(value.lastIndexOf('/') + 1);
    }
    if (key === 'request.auth.audiences') claims.aud = value;
    if (key === 'request.auth.presenter') claims.azp = value;
    const m = /^request\.auth\.claims\[(.+)\]$/.exec(key);
    if (m) {
      const path = m[1].split('][');
      let at: Record<string, unknown> = claims;
      path.slice(0, -1).forEach((k) => { at = (at[k] = isObj(at[k]) ? { ...at[k] as object } : {}) as Record<string, unknown>; });
      // `iss` and `sub` are strings in a JWT (RFC 7519), other claims may be lists.
      const last = path[path.length - 1];
      at[last] = path.length === 1 && (last === 'iss' || last === 'sub') ? concrete(value, 'probe') : [concrete(value, 'probe')];
    }
  }
  return claims;
}

/** How an example names its token: by issuer, or by subject when it has no issuer. */
function tokenText(claims: Record<string, unknown>): string {
  const iss = str(claims.iss);
  return iss ? `a valid token (iss ${iss})` : `a token without an issuer (sub ${str(claims.sub)})`;
}

/** Requests that tell two policies apart: callers, methods, paths, ports and tokens the two name, and some they do not. */
function probes(ctx: AnalysisContext, wider: Resource, narrower: Resource, target: Target, accounts: readonly string[]): Probe[] {
  const specs = [narrower.spec, wider.spec];
  const named = new Set<string>();
  for (const src of specs.flatMap(sources)) {
    for (const p of strs(src.principals)) if (!p.includes('*')) named.add(p.replace(/^spiffe:\/\//, ''));
    for (const sa of strs(src.serviceAccounts)) {
      const [ns, name] = sa.includes('/') ? sa.split('/') : [narrower.namespace, sa];
      named.add(workloadIdentity(TRUST_DOMAIN, ns, name));
    }
    for (const ns of strs(src.namespaces)) if (!ns.includes('*')) named.add(workloadIdentity(TRUST_DOMAIN, ns, 'default'));
  }
  // Callers the narrower policy does not name first: they show what it was written to keep out.
  const others = accounts.filter((a) => !named.has(a) && a !== target.account);
  const peers: Array<string | undefined> = [...new Set([...others.slice(0, 4), STRANGER, ...named])];
  peers.push(undefined);
  const narrowMethods = new Set(operations(narrower.spec).flatMap((op) => strs(op.methods)));
  const methods = [...new Set([...['DELETE', 'PUT', 'GET', 'POST'].filter((m) => !narrowMethods.has(m)), ...narrowMethods,
    ...operations(wider.spec).flatMap((op) => strs(op.methods))])];
  const paths = [...new Set(['/', ...specs.flatMap(operations).flatMap((op) => strs(op.paths)).map(concretePath)])].slice(0, 4);
  const ports = [...new Set(specs.flatMap(operations).flatMap((op) => strs(op.ports)).map(Number).filter((n) => n > 0))];
  if (ports.length === 0) ports.push(8080);
  const issuers = ctx.list(GK.RequestAuthentication).flatMap((ra) => objs(ra.spec.jwtRules).map(([r]) => str(r.issuer))).filter((i) => i);
  const token = tokenFor(specs, issuers);
  const tokens = token ? [token, undefined] : [undefined];
  const result: Probe[] = [];
  for (const claims of tokens) {
    for (const principal of peers) {
      for (const method of methods) {
        for (const path of paths) {
          for (const port of ports) {
            const who = principal === STRANGER ? 'any workload of the mesh' : principal ? account(principal) : 'a plaintext caller';
            result.push({
              request: { principal, claims, method, path, port, headers: {}, http: true },
              text: `${method} ${path} from ${who}${claims ? ` with ${tokenText(claims)}` : ''} to ${target.name}, port ${port}`,
            });
          }
        }
      }
    }
  }
  return result;
}

/**
 * A request the wider ALLOW allows and the narrower does not, that the narrower was written about: its caller is
 * one the narrower names (it limits what they may do), or the wider one lets any caller in.
 */
function widening(ctx: AnalysisContext, wider: Resource, narrower: Resource, target: Target, accounts: readonly string[]): Probe | undefined {
  const narrowPeers = peerPart(narrower.spec);
  const widePeers = peerPart(wider.spec);
  for (const probe of probes(ctx, wider, narrower, target, accounts)) {
    const rule = sidecarPolicyMatch(wider.spec, probe.request, 'ALLOW', wider.namespace);
    if (rule === undefined || sidecarPolicyMatch(narrower.spec, probe.request, 'ALLOW', narrower.namespace) !== undefined) continue;
    const aboutNarrowCallers = sidecarPolicyMatch(narrowPeers, probe.request, 'ALLOW', narrower.namespace) !== undefined;
    const anyCaller = sidecarPolicyMatch({ rules: [obj(arr(widePeers.rules)[rule])] }, { ...probe.request, principal: STRANGER }, 'ALLOW', wider.namespace) !== undefined;
    if (aboutNarrowCallers || anyCaller) return probe;
  }
  return undefined;
}

/** The ALLOW policies a sidecar workload gets (selector or namespace-wide; root namespace too), dry-run excluded. */
function allowPolicies(ctx: AnalysisContext): Resource[] {
  return ctx.list(GK.AuthorizationPolicy).filter((ap) => (str(ap.spec.action) || 'ALLOW') === 'ALLOW'
    && !isObj(ap.spec.targetRef) && arr(ap.spec.targetRefs).length === 0
    && ap.annotations['istio.io/dry-run']?.toLowerCase() !== 'true');
}

function targets(ctx: AnalysisContext, allows: readonly Resource[]): Target[] {
  const result: Target[] = [];
  for (const pod of ctx.pods) {
    if (pod.source.synthetic || podInAmbientMode(ctx, pod)) continue;
    result.push({
      namespace: pod.namespace,
      labels: pod.labels,
      name: `${pod.source.kind} ${pod.fullName}`,
      account: workloadIdentity(TRUST_DOMAIN, pod.namespace, serviceAccountOf(pod.spec)),
    });
  }
  // Without the pods in the set: the workloads a policy's selector names.
  for (const ap of allows) {
    const selector = strMap(obj(ap.spec.selector).matchLabels);
    if (ap.namespace === ctx.rootNamespace || namespaceInAmbientMode(ctx.namespaceObject(ap.namespace))) continue;
    const labels = Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',');
    result.push({ namespace: ap.namespace, labels: selector, name: labels ? `the workloads ${labels} in ${ap.namespace}` : `the workloads of ${ap.namespace}` });
  }
  return result;
}

/**
 * CIS5011: on the same workloads, an ALLOW policy allows requests that another, narrower ALLOW was written to
 * exclude. Istio allows a request when any ALLOW policy matches it (pilot/pkg/security/authz/builder/builder.go: the
 * ALLOW policies of a workload are ORed into one RBAC filter), so the narrower one no longer limits them. Reported on
 * the narrower policy, naming the wider one and a request it lets through.
 */
export const allowWidenedAnalyzer: Analyzer = {
  name: 'cdk8s-istio.AllowWidenedAnalyzer',
  description: 'Checks for ALLOW policies that another ALLOW policy on the same workloads makes ineffective',
  codes: ['CIS5011'],
  analyze(ctx: AnalysisContext): void {
    const allows = allowPolicies(ctx);
    if (allows.length < 2) return;
    const accounts = [...new Set(ctx.pods.filter((p) => !p.source.synthetic)
      .map((p) => workloadIdentity(TRUST_DOMAIN, p.namespace, serviceAccountOf(p.spec))))];
    const seenSets = new Set<string>();
    const reported = new Set<string>();
    // By namespace, so that each workload looks at its namespace's policies and the root's only.
    const byNamespace = new Map<string, Resource[]>();
    for (const ap of allows) byNamespace.set(ap.namespace, [...byNamespace.get(ap.namespace) ?? [], ap]);
    const root = byNamespace.get(ctx.rootNamespace) ?? [];
    for (const target of targets(ctx, allows)) {
      const candidates = target.namespace === ctx.rootNamespace ? root : [...root, ...byNamespace.get(target.namespace) ?? []];
      if (candidates.length < 2) continue;
      const applicable = candidates.filter((ap) => selectorMatches(strMap(obj(ap.spec.selector).matchLabels), target.labels));
      if (applicable.length < 2) continue;
      const key = applicable.map((ap) => ap.fullName).join('|');
      if (seenSets.has(key)) continue;
      seenSets.add(key);
      for (const narrower of applicable) {
        if (isAllowNothing(narrower.spec) || objs(narrower.spec.rules).some(([r]) => matchesEverything(r))) continue;
        for (const wider of applicable) {
          const pair = `${narrower.fullName}|${wider.fullName}`;
          if (wider === narrower || isAllowNothing(wider.spec) || reported.has(pair)) continue;
          const probe = widening(ctx, wider, narrower, target, accounts);
          if (!probe) continue;
          reported.add(pair);
          ctx.report(narrower, 'CIS5011', [wider.fullName, narrower.fullName, target.name, narrower.fullName], 'spec.rules',
            `Narrow ${wider.fullName} to the callers and operations it is for (e.g. from.source.principals), or write one ALLOW policy whose rules list what is allowed; if the wider policy is deliberate, remove ${narrower.fullName} or suppress CIS5011 on it.`,
            undefined, { related: [wider], example: `${probe.text} is allowed by ${wider.fullName}` });
        }
      }
    }
  },
};
