import { Severity } from '../../vocab/finding';
import { workloadIdentity } from '../../vocab/identity';
import { arr, isObj, JsonObject, obj, objs, str, strMap, strs } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, hostToFqdn, PodView, Resource } from '../context';
import { namespaceIsAmbient } from '../mesh';
import { resolveWaypoint, waypointsOf, waypointsServingPod, WaypointView } from '../waypoints';

/** Operation fields ztunnel cannot match (pilot/pkg/serviceregistry/ambient/authorization.go httpOperations). */
const HTTP_OPERATION_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
/** Source fields ztunnel cannot match (httpSources). */
const HTTP_SOURCE_FIELDS = ['remoteIpBlocks', 'notRemoteIpBlocks', 'requestPrincipals', 'notRequestPrincipals'];
/** `when` keys ztunnel matches (l4WhenAttributes); any other key is an HTTP attribute. */
const L4_WHEN_KEYS = new Set(['source.ip', 'source.namespace', 'source.principal', 'destination.ip', 'destination.port']);

/** The HTTP attributes of one rule that ztunnel drops (handleRule in authorization.go). */
export function ztunnelDroppedAttributes(rule: JsonObject): string[] {
  const found = new Set<string>();
  for (const [to] of objs(rule.to)) for (const f of HTTP_OPERATION_FIELDS) if (arr(obj(to.operation)[f]).length > 0) found.add(f);
  for (const [from] of objs(rule.from)) for (const f of HTTP_SOURCE_FIELDS) if (arr(obj(from.source)[f]).length > 0) found.add(f);
  for (const [when] of objs(rule.when)) if (!L4_WHEN_KEYS.has(str(when.key))) found.add(str(when.key));
  return [...found].sort();
}

/** Whether a policy is attached with targetRefs (then ztunnel ignores it: authorization.go convertAuthorizationPolicy). */
function hasTargetRefs(r: Resource): boolean {
  return isObj(r.spec.targetRef) || arr(r.spec.targetRefs).length > 0;
}

/** The pods a selector (or namespace-wide) policy applies to. */
function podsOf(ctx: AnalysisContext, r: Resource): PodView[] {
  if (r.namespace === ctx.rootNamespace) return [];
  return ctx.podsMatching(strMap(obj(r.spec.selector).matchLabels), r.namespace).filter((p) => !p.source.synthetic);
}

/** `*`, `prefix*`, `*suffix` or exact, as Istio's string matches. */
function matchesPattern(value: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

/** Whether ztunnel's rule (after dropping HTTP attributes, as for an ALLOW) admits a caller with this identity. */
function ruleAdmits(rule: JsonObject, principal: string, namespace: string, serviceAccount: string): boolean {
  if (ztunnelDroppedAttributes(rule).length > 0) return false;
  const froms = objs(rule.from).map(([f]) => obj(f.source));
  const sourceOk = froms.length === 0 || froms.some((s) => {
    if (arr(s.ipBlocks).length > 0) return false;
    const any = (field: string, value: string) => strs(s[field]).some((p) => matchesPattern(value, p));
    const list = (field: string) => arr(s[field]).length > 0;
    const sa = `${namespace}/${serviceAccount}`;
    return (!list('principals') || any('principals', principal)) && !any('notPrincipals', principal)
      && (!list('namespaces') || any('namespaces', namespace)) && !any('notNamespaces', namespace)
      && (!list('serviceAccounts') || strs(s.serviceAccounts).includes(sa)) && !strs(s.notServiceAccounts).includes(sa);
  });
  const whenOk = objs(rule.when).every(([w]) => {
    const key = str(w.key);
    const value = key === 'source.principal' ? principal : key === 'source.namespace' ? namespace : undefined;
    if (value === undefined) return true;
    const values = strs(w.values);
    return (values.length === 0 || values.some((p) => matchesPattern(value, p))) && !strs(w.notValues).some((p) => matchesPattern(value, p));
  });
  return sourceOk && whenOk;
}

/** The trust domain of the mesh (MeshConfig `trustDomain`). */
function trustDomain(ctx: AnalysisContext): string {
  return str((ctx.mesh as { trustDomain?: string }).trustDomain) || 'cluster.local';
}

/**
 * Ambient mode and waypoints (ours; Istio 1.30.3 reports these only in resource status, from
 * pilot/pkg/serviceregistry/ambient/{waypoints.go,status.go,authorization.go} and pilot/pkg/model/policyattachment.go):
 * CIS5020 an object uses a waypoint the set does not define; CIS5021 the waypoint does not take its traffic;
 * CIS5022 an AuthorizationPolicy with HTTP attributes selects ambient workloads a waypoint serves; CIS5023 a policy
 * nothing enforces (a RequestAuthentication without targetRefs in an ambient namespace, a policy targeting a Service
 * that uses no waypoint); CIS5024 ALLOW policies on waypoint-served workloads that do not admit the waypoint.
 */
export const ambientAnalyzer: Analyzer = {
  name: 'cdk8s-istio.AmbientAnalyzer',
  description: 'Checks waypoint use and which policies ztunnel and waypoints enforce in ambient namespaces',
  codes: ['CIS5020', 'CIS5021', 'CIS5022', 'CIS5023', 'CIS5024', 'CIS5025'],
  analyze(ctx: AnalysisContext): void {
    checkWaypointUse(ctx);
    checkPolicies(ctx);
    checkRoutes(ctx);
  },
};

/**
 * CIS5025: mesh routes (a VirtualService bound to `mesh`, an HTTPRoute or GRPCRoute whose parent is a Service) for a
 * Service of an ambient namespace that uses no waypoint: only sidecars and waypoints apply L7 routes.
 */
function checkRoutes(ctx: AnalysisContext): void {
  const report = (route: Resource, svcNamespace: string, svcName: string, path: string) => {
    const svc = ctx.find(GK.Service, svcNamespace, svcName);
    if (!svc || !namespaceIsAmbient(ctx, svcNamespace) || (!ctx.namespaceObject(svcNamespace) && !ctx.assumeCompleteMesh)) return;
    const res = resolveWaypoint(ctx, svc.labels, svcNamespace, 'service');
    if (res.waypoint || res.problem) return;
    ctx.report(route, 'CIS5025', [route.kind, route.fullName, svc.fullName, svcNamespace], path,
      'Make the Service (or its namespace) use a waypoint: useWaypoint(service, waypoint).');
  };
  for (const vs of ctx.list(GK.VirtualService)) {
    const gateways = strs(vs.spec.gateways);
    if (gateways.length > 0 && !gateways.includes('mesh')) continue;
    strs(vs.spec.hosts).forEach((host, i) => {
      const m = /^([^.*]+)\.([^.]+)\.svc\.cluster\.local$/.exec(hostToFqdn(vs.namespace, host));
      if (m) report(vs, m[2], m[1], `spec.hosts[${i}]`);
    });
  }
  for (const gk of [GK.HTTPRoute, GK.GRPCRoute]) {
    for (const route of ctx.list(gk)) {
      objs(route.spec.parentRefs).forEach(([ref, i]) => {
        if (str(ref.kind) !== 'Service' || (str(ref.group) !== '' && str(ref.group) !== 'core')) return;
        report(route, str(ref.namespace) || route.namespace, str(ref.name), `spec.parentRefs[${i}]`);
      });
    }
  }
}

function checkWaypointUse(ctx: AnalysisContext): void {
  const users: Array<{ r: Resource; labels: Readonly<Record<string, string>>; namespace: string; traffic: 'service' | 'workload'; path: string }> = [];
  for (const ns of ctx.list(GK.Namespace)) users.push({ r: ns, labels: ns.labels, namespace: ns.name, traffic: 'service', path: 'metadata.labels' });
  for (const gk of [GK.Service, GK.ServiceEntry]) for (const r of ctx.list(gk)) users.push({ r, labels: r.labels, namespace: r.namespace, traffic: 'service', path: 'metadata.labels' });
  for (const pod of ctx.pods) {
    if (pod.source.synthetic) continue;
    users.push({ r: pod.source, labels: pod.labels, namespace: pod.namespace, traffic: 'workload', path: pod.fromTemplate ? 'spec.template.metadata.labels' : 'metadata.labels' });
  }
  for (const u of users) {
    const name = u.labels['istio.io/use-waypoint'];
    if (name === undefined || name === 'none') continue;
    const namespace = u.labels['istio.io/use-waypoint-namespace'] ?? u.namespace;
    const ref = `${namespace}/${name}`;
    if (!waypointsOf(ctx).has(ref)) {
      const gw = ctx.find(GK.KubernetesGateway, namespace, name);
      if (gw) {
        ctx.report(u.r, 'CIS5020', [u.r.kind, u.r.fullName, ref, `is a Gateway of class ${str(gw.spec.gatewayClassName)}, not istio-waypoint`], u.path,
          'Point istio.io/use-waypoint at a Gateway of class istio-waypoint (see Waypoint).');
      } else if (ctx.assumeCompleteMesh || namespace === u.namespace || ctx.list(GK.KubernetesGateway).some((g) => g.namespace === namespace)) {
        ctx.report(u.r, 'CIS5020', [u.r.kind, u.r.fullName, ref, 'the set does not define'], u.path,
          'Define the waypoint (new Waypoint(...)), or fix istio.io/use-waypoint and istio.io/use-waypoint-namespace.');
      }
      continue;
    }
    // Namespaces are checked through the objects in them; a namespace label that serves only some of them is fine.
    if (u.r.gk === GK.Namespace) continue;
    const { problem } = resolveWaypoint(ctx, u.labels, u.namespace, u.traffic);
    if (problem) {
      ctx.report(u.r, 'CIS5021', [u.r.kind, u.r.fullName, ref, problem.reason, problem.detail], u.path,
        problem.reason === 'AttachmentDenied'
          ? "Allow this namespace on the waypoint's HBONE listener (allowedRoutes.namespaces, Waypoint allowedNamespaces)."
          : `Set istio.io/waypoint-for on the waypoint to ${u.traffic} or all.`);
    }
  }
}

function checkPolicies(ctx: AnalysisContext): void {
  const waypointIdentity = (wp: WaypointView) => workloadIdentity(trustDomain(ctx), wp.resource.namespace, wp.serviceAccount);
  // CIS5022 and CIS5023 for AuthorizationPolicies and RequestAuthentications.
  for (const ap of ctx.list(GK.AuthorizationPolicy)) {
    const action = str(ap.spec.action) || 'ALLOW';
    if (hasTargetRefs(ap)) {
      checkTargetRefs(ctx, ap);
      continue;
    }
    if (action !== 'ALLOW' && action !== 'DENY') continue;
    if (ap.namespace === ctx.rootNamespace || !namespaceIsAmbient(ctx, ap.namespace)) continue;
    const rules = objs(ap.spec.rules).map(([r]) => r);
    const dropped = new Set(rules.flatMap(ztunnelDroppedAttributes));
    if (dropped.size === 0) continue;
    const served = new Set(podsOf(ctx, ap).flatMap((p) => waypointsServingPod(ctx, p)));
    if (served.size === 0) continue; // no waypoint: the checks' CIS5013 covers it
    const wp = [...served][0];
    const allDropped = rules.every((r) => ztunnelDroppedAttributes(r).length > 0);
    const effect = action === 'DENY' ? 'their parts of a DENY rule match nothing'
      : allDropped ? 'no rule is left, so the policy denies every request' : 'the ALLOW rules with them are dropped';
    ctx.report(ap, 'CIS5022', [ap.fullName, [...dropped].sort().join(', '), ap.namespace, `${wp.resource.fullName}`, effect], 'spec.rules',
      'Write the HTTP rules in a policy with targetRefs to the Service (PolicyTarget.service) or the waypoint (PolicyTarget.gateway).',
      action === 'ALLOW' && allDropped ? Severity.ERROR : undefined);
  }
  for (const ra of ctx.list(GK.RequestAuthentication)) {
    if (hasTargetRefs(ra)) {
      checkTargetRefs(ctx, ra);
      continue;
    }
    if (ra.namespace === ctx.rootNamespace || !namespaceIsAmbient(ctx, ra.namespace)) continue;
    ctx.report(ra, 'CIS5023', [ra.kind, ra.fullName, `namespace ${ra.namespace} is ambient, where ztunnel does not verify JWTs and waypoints `
      + 'apply only the RequestAuthentications that target them'], isObj(ra.spec.selector) ? 'spec.selector' : '',
    'Attach it with targetRefs to the Service (PolicyTarget.service) that uses a waypoint, or to the waypoint.');
  }
  // CIS5024: ALLOW selector policies on waypoint-served ambient workloads must admit the waypoint.
  const allowsByPod = new Map<PodView, Resource[]>();
  for (const ap of ctx.list(GK.AuthorizationPolicy)) {
    if ((str(ap.spec.action) || 'ALLOW') !== 'ALLOW' || hasTargetRefs(ap)) continue;
    const pods = ap.namespace === ctx.rootNamespace
      ? ctx.podsMatching(strMap(obj(ap.spec.selector).matchLabels)).filter((p) => !p.source.synthetic) : podsOf(ctx, ap);
    for (const pod of pods) addTo(allowsByPod, pod, ap);
  }
  const reported = new Set<string>();
  for (const [pod, allows] of allowsByPod) {
    if (!namespaceIsAmbient(ctx, pod.namespace)) continue;
    for (const wp of waypointsServingPod(ctx, pod)) {
      const principal = waypointIdentity(wp);
      const admitted = allows.some((ap) => objs(ap.spec.rules)
        .some(([rule]) => ruleAdmits(rule, principal, wp.resource.namespace, wp.serviceAccount)));
      if (admitted) continue;
      const names = allows.map((a) => a.fullName).sort();
      const key = `${names.join(',')}|${wp.resource.fullName}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const target = allows.find((a) => a.namespace === pod.namespace) ?? allows[0];
      ctx.report(target, 'CIS5024', [names, pod.fullName, wp.resource.fullName, principal], 'spec.rules',
        `Allow the waypoint's identity at L4 (from.principals: ['${principal}']) and write the caller rules in a policy with targetRefs.`);
    }
  }
}

/** CIS5023 for a policy that targets a Service no waypoint serves (only waypoints apply Service targetRefs: policyattachment.go). */
function checkTargetRefs(ctx: AnalysisContext, r: Resource): void {
  const refs = [r.spec.targetRef, ...arr(r.spec.targetRefs)].filter(isObj);
  refs.forEach((ref, i) => {
    if (str(ref.kind) !== 'Service' || (str(ref.group) !== '' && str(ref.group) !== 'core')) return;
    const svc = ctx.find(GK.Service, r.namespace, str(ref.name));
    // The Service's namespace may carry the label; only a namespace the set defines (or a complete mesh) tells.
    if (!svc || (!ctx.namespaceObject(r.namespace) && !ctx.assumeCompleteMesh)) return;
    const res = resolveWaypoint(ctx, svc.labels, svc.namespace, 'service');
    if (res.waypoint || res.problem) return; // served, or CIS5020/CIS5021 on the Service says why not
    const path = isObj(r.spec.targetRef) ? 'spec.targetRef' : `spec.targetRefs[${i - (isObj(r.spec.targetRef) ? 1 : 0)}]`;
    ctx.report(r, 'CIS5023', [r.kind, r.fullName, `it targets Service ${svc.fullName}, which uses no waypoint (only waypoints apply policies that target a Service)`],
      path, 'Make the Service (or its namespace) use a waypoint: useWaypoint(service, waypoint).');
  });
}
