import { Severity } from '../../vocab/finding';
import { arr, isObj, JsonObject, obj, objs, str, strMap } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, Resource } from '../context';
import { namespaceInAmbientMode, podInAmbientMode } from '../mesh';

/** The `when` keys ztunnel enforces (pilot/pkg/serviceregistry/ambient/authorization.go, `l4WhenAttributes`). */
const L4_WHEN_KEYS = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);
/** Operation fields ztunnel cannot read (`httpOperations`); `ports`/`notPorts` are L4. */
const L7_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
/** Source fields ztunnel cannot read (`httpSources`). */
const L7_SOURCE_FIELDS = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
/** Source fields ztunnel enforces. */
const L4_SOURCE_FIELDS = ['ipBlocks', 'notIpBlocks', 'namespaces', 'notNamespaces', 'serviceAccounts', 'notServiceAccounts', 'principals', 'notPrincipals'];

const set = (o: JsonObject, field: string): boolean => arr(o[field]).length > 0;

/** What ztunnel makes of one rule: the L7 attributes it drops, and whether a part is left with nothing to match. */
function l4View(rule: JsonObject): { l7: string[]; emptyPart: boolean } {
  const l7 = new Set<string>();
  let emptyPart = false;
  for (const [to] of objs(rule.to)) {
    const op = obj(to.operation);
    const found = L7_OPERATION_FIELDS.filter((f) => set(op, f));
    found.forEach((f) => l7.add(f));
    if (found.length > 0 && !set(op, 'ports') && !set(op, 'notPorts')) emptyPart = true;
  }
  for (const [from] of objs(rule.from)) {
    const source = obj(from.source);
    const found = L7_SOURCE_FIELDS.filter((f) => set(source, f));
    found.forEach((f) => l7.add(f));
    if (found.length > 0 && !L4_SOURCE_FIELDS.some((f) => set(source, f))) emptyPart = true;
  }
  for (const [when] of objs(rule.when)) {
    const key = str(when.key);
    if (L4_WHEN_KEYS.has(key)) continue;
    l7.add(key);
    emptyPart = true;
  }
  return { l7: [...l7].sort(), emptyPart };
}

/** Whether the policy applies, through ztunnel, to ambient workloads of the set (and a waypoint serves them). */
function ambientTargets(ctx: AnalysisContext, ap: Resource): { ambient: boolean; waypoint: boolean } {
  // A policy with targetRefs is for waypoints and gateways, not for ztunnel (convertAuthorizationPolicy).
  if (isObj(ap.spec.targetRef) || arr(ap.spec.targetRefs).length > 0) return { ambient: false, waypoint: false };
  const selector = strMap(obj(ap.spec.selector).matchLabels);
  const global = ap.namespace === ctx.rootNamespace;
  const pods = ctx.podsMatching(selector, global ? undefined : ap.namespace).filter((p) => !p.source.synthetic && podInAmbientMode(ctx, p));
  const namespaces = global ? ctx.list(GK.Namespace) : [ctx.namespaceObject(ap.namespace)].filter((n): n is Resource => !!n);
  const ambientNamespaces = namespaces.filter((n) => namespaceInAmbientMode(n));
  // Without pods in the set, the policy applies to the workloads an ambient namespace will run (another chart's, Helm's).
  const ambient = pods.length > 0 || ambientNamespaces.length > 0;
  const waypoint = ambientNamespaces.some((n) => n.labels['istio.io/use-waypoint'] !== undefined)
    || pods.some((p) => p.labels['istio.io/use-waypoint'] !== undefined);
  return { ambient, waypoint };
}

/**
 * CIS5013: an AuthorizationPolicy with L7 attributes on ambient workloads, which ztunnel enforces at L4 only
 * (pilot/pkg/serviceregistry/ambient/authorization.go `handleRule`, ztunnel src/rbac.rs `matches`). An ALLOW rule with
 * any L7 attribute is dropped: an error when no rule is left, since the policy then denies every request. A DENY
 * rule keeps its L4 parts; a part left with nothing to match (`methods` only, `requestPrincipals` only, a header
 * condition) never matches, so the rule protects nothing. Selector policies go to ztunnel even when a waypoint
 * serves the workload: L7 policy belongs on the waypoint, through `targetRefs`.
 */
export const ambientL7Analyzer: Analyzer = {
  name: 'cdk8s-istio.AmbientL7Analyzer',
  description: 'Checks for L7 authorization attributes on ambient workloads, where ztunnel enforces L4 only',
  codes: ['CIS5013'],
  analyze(ctx: AnalysisContext): void {
    // No ambient Namespace and no pod in ambient mode: no policy of the set reaches ztunnel (ambientTargets is false
    // for each), so the rules need not be read (a sidecar mesh of thousands of policies, issue 21).
    if (!ctx.list(GK.Namespace).some(namespaceInAmbientMode) && !ctx.pods.some((p) => !p.source.synthetic && podInAmbientMode(ctx, p))) return;
    for (const ap of ctx.list(GK.AuthorizationPolicy)) {
      const action = str(ap.spec.action) || 'ALLOW';
      if (action !== 'ALLOW' && action !== 'DENY') continue;
      const rules = objs(ap.spec.rules);
      const views = rules.map(([rule, i]) => ({ i, ...l4View(rule) })).filter((v) => v.l7.length > 0);
      if (views.length === 0) continue;
      const { ambient, waypoint } = ambientTargets(ctx, ap);
      if (!ambient) continue;
      const hint = waypoint
        ? 'A waypoint serves these workloads: bind the L7 policy to it with targetRefs (kind Service or Gateway) instead of a selector.'
        : 'Deploy a waypoint for these workloads and bind the policy to it with targetRefs, or keep the rule to L4 attributes (principals, namespaces, ports, ipBlocks).';
      const ns = ap.namespace === ctx.rootNamespace ? 'namespaces of the mesh' : ap.namespace;
      const where = waypoint ? `${ns} (the selector sends the policy to ztunnel, not to the waypoint)` : ns;
      if (action === 'ALLOW') {
        const noneLeft = views.length === rules.length;
        for (const v of views) {
          const effect = noneLeft ? 'istiod drops every rule and the policy denies every request to them' : `istiod drops rule ${v.i}, and what it allows is denied`;
          ctx.report(ap, 'CIS5013', [`ALLOW policy ${ap.fullName}`, `rule ${v.i}`, v.l7, where, effect], `spec.rules[${v.i}]`, hint,
            noneLeft ? Severity.ERROR : Severity.WARNING);
        }
      } else {
        for (const v of views) {
          const effect = v.emptyPart ? `rule ${v.i} never matches: the DENY protects nothing` : `rule ${v.i} matches on its L4 parts alone and denies more than written`;
          ctx.report(ap, 'CIS5013', [`DENY policy ${ap.fullName}`, `rule ${v.i}`, v.l7, where, effect], `spec.rules[${v.i}]`, hint);
        }
      }
    }
  },
};
