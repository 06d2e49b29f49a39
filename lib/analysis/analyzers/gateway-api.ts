import { JsonObject, num, obj, objs, str, strMap, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, Resource } from '../context';
import { hostMatches } from '../hosts';
import { selectorMatches } from '../labels';

/**
 * What Istio resolves for Kubernetes Gateway API objects and reports in their status
 * (pilot/pkg/config/kube/gateway/conversion.go `referenceAllowed`, `buildDestination`, conditions.go
 * `generateSupportedKinds`, at 1.30.3), found before applying.
 */

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const ROUTE_KINDS = [GK.HTTPRoute, GK.GRPCRoute, GK.TCPRoute, GK.TLSRoute, GK.UDPRoute];

/** A listener as routes see it. */
export interface Listener {
  readonly gateway: Resource;
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly hostname: string;
  readonly spec: JsonObject;
}

export function listenersOf(gw: Resource): Listener[] {
  return objs(gw.spec.listeners).map(([l]) => ({
    gateway: gw, name: str(l.name), port: num(l.port), protocol: str(l.protocol), hostname: str(l.hostname) || '*', spec: l,
  }));
}

/** The route kinds a listener admits: by protocol (as Istio's `generateSupportedKinds`), narrowed by allowedRoutes.kinds. */
export function allowedKinds(l: Listener): string[] {
  const tlsMode = str(obj(l.spec.tls).mode) || 'Terminate';
  const supported = l.protocol === 'HTTP' || l.protocol === 'HTTPS' ? ['HTTPRoute', 'GRPCRoute']
    : l.protocol === 'TCP' ? ['TCPRoute']
      : l.protocol === 'TLS' ? ['TLSRoute', ...(tlsMode === 'Terminate' && obj(l.spec.tls).mode !== undefined ? ['TCPRoute'] : [])]
        : [];
  const kinds = objs(obj(l.spec.allowedRoutes).kinds)
    .map(([k]) => ({ group: k.group === undefined ? GATEWAY_GROUP : str(k.group), kind: str(k.kind) }));
  if (kinds.length === 0) return supported;
  return supported.filter((s) => kinds.some((k) => k.group === GATEWAY_GROUP && k.kind === s));
}

/** Whether the listener admits routes of `namespace`; undefined when the namespace's labels are unknown. */
export function namespaceAllowed(ctx: AnalysisContext, l: Listener, namespace: string): boolean | undefined {
  const from = obj(obj(l.spec.allowedRoutes).namespaces);
  const mode = str(from.from) || 'Same';
  if (mode === 'All') return true;
  if (mode === 'Same') return namespace === l.gateway.namespace;
  if (mode !== 'Selector') return false;
  const ns = ctx.namespaceObject(namespace);
  if (!ns) return ctx.assumeCompleteMesh ? false : undefined;
  const selector = obj(from.selector);
  if (objs(selector.matchExpressions).length > 0) return undefined;
  return selectorMatches(strMap(selector.matchLabels), ns.labels);
}

function parentText(ref: JsonObject, routeNamespace: string): string {
  const ns = str(ref.namespace) || routeNamespace;
  const kind = ref.kind === undefined ? 'Gateway' : str(ref.kind);
  return `${kind} ${ns}/${str(ref.name)}${ref.sectionName ? `#${str(ref.sectionName)}` : ''}${ref.port ? `:${num(ref.port)}` : ''}`;
}

/** Checks one parentRef of a route; reports why it does not attach. */
function checkParent(ctx: AnalysisContext, route: Resource, ref: JsonObject, index: number, hostnames: string[]): void {
  const group = ref.group === undefined ? GATEWAY_GROUP : str(ref.group);
  const kind = ref.kind === undefined ? 'Gateway' : str(ref.kind);
  const ns = str(ref.namespace) || route.namespace;
  const name = str(ref.name);
  const path = `spec.parentRefs[${index}]`;
  const args = (detail: string) => [route.kind, `${route.namespace}/${route.name}`, parentText(ref, route.namespace), detail];
  if (group === '' && kind === 'Service') {
    if (!ctx.find(GK.Service, ns, name) && ctx.reportsMissing('Service', ns)) {
      ctx.report(route, 'CIS5100', args(`parent service: "${name}" not found`), path, 'Create the Service, or point the parentRef at an existing one.');
    }
    return;
  }
  if (kind === 'Service' && group === GATEWAY_GROUP) {
    // The API server defaults group to gateway.networking.k8s.io; Istio's toInternalParentReference
    // (pilot/pkg/config/kube/gateway/conversion.go) then finds no such parent kind ("unsupported parent").
    ctx.report(route, 'CIS5107', [route.kind, `${route.namespace}/${route.name}`, `Service ${ns}/${name}`, GATEWAY_GROUP], `${path}.group`,
      'Set group: "" on the parentRef (a core Service; RouteParent.service() writes it).');
    return;
  }
  if (group !== GATEWAY_GROUP || kind !== 'Gateway') return;
  const gw = ctx.find(GK.KubernetesGateway, ns, name);
  if (!gw) {
    if (ctx.reportsMissing('KubernetesGateway', ns)) {
      ctx.report(route, 'CIS5100', args(`Gateway "${ns}/${name}" not found`), path, 'Define the Gateway, or fix the parentRef\'s name and namespace.');
    }
    return;
  }
  let candidates = listenersOf(gw);
  if (ref.port !== undefined) {
    candidates = candidates.filter((l) => l.port === num(ref.port));
    if (candidates.length === 0) {
      ctx.report(route, 'CIS5100', args(`port ${num(ref.port)} not found`), `${path}.port`, `Use a port of a listener of Gateway ${gw.name}: ${listenersOf(gw).map((l) => l.port).join(', ')}.`);
      return;
    }
  }
  if (ref.sectionName !== undefined) {
    candidates = candidates.filter((l) => l.name === str(ref.sectionName));
    if (candidates.length === 0) {
      ctx.report(route, 'CIS5100', args(`sectionName "${str(ref.sectionName)}" not found`), `${path}.sectionName`,
        `Use a listener of Gateway ${gw.name}: ${listenersOf(gw).map((l) => l.name).join(', ')}.`);
      return;
    }
  }
  // Attached when any listener admits the route; otherwise report the most telling denial.
  const denials: Array<{ code: string; detail: string; hint: string }> = [];
  for (const l of candidates) {
    const allowedNs = namespaceAllowed(ctx, l, route.namespace);
    const hostOk = (hostnames.length ? hostnames : ['*']).some((h) => hostMatches(l.hostname, h));
    const kindOk = allowedKinds(l).includes(route.kind);
    if (hostOk && allowedNs !== false && kindOk) return;
    if (!hostOk) {
      denials.push({ code: 'CIS5102', detail: `no hostnames matched parent hostname "${l.hostname}" (listener ${l.name})`, hint: `Give the route a hostname under ${l.hostname}, or attach it to a listener that serves its hostnames.` });
    } else if (allowedNs === false) {
      denials.push({
        code: 'CIS5101',
        detail: `hostnames matched parent hostname "${l.hostname}", but namespace "${route.namespace}" is not allowed by the parent (listener ${l.name}, allowedRoutes from ${str(obj(obj(l.spec.allowedRoutes).namespaces).from) || 'Same'})`,
        hint: 'Allow the route\'s namespace in the listener\'s allowedRoutes.namespaces, or move the route.',
      });
    } else {
      denials.push({ code: 'CIS5101', detail: `kind ${route.kind} is not allowed (listener ${l.name} admits ${allowedKinds(l).join(', ') || 'no route kind'})`, hint: 'Attach the route to a listener of a protocol for its kind, or add the kind to allowedRoutes.kinds.' });
    }
  }
  const worst = denials.find((d) => d.code === 'CIS5101') ?? denials[0];
  if (worst) ctx.report(route, worst.code, args(denials.filter((d) => d.code === worst.code).map((d) => d.detail).join('; ')), path, worst.hint);
}

/** Whether a ReferenceGrant in `toNamespace` lets `fromKind` objects of `fromNamespace` refer to `toKind` `name`. */
function granted(
  ctx: AnalysisContext, fromKind: string, fromNamespace: string, toGroup: string, toKind: string, toNamespace: string, name: string,
): boolean {
  return ctx.list(GK.ReferenceGrant).some((g) => g.namespace === toNamespace
    && objs(g.spec.from).some(([f]) => str(f.group) === GATEWAY_GROUP && str(f.kind) === fromKind && str(f.namespace) === fromNamespace)
    && objs(g.spec.to).some(([t]) => str(t.group) === toGroup && str(t.kind) === toKind && (t.name === undefined || str(t.name) === name)));
}

/** Whether the set lets us know about a namespace's grants: it defines grants or Services there, or is the whole mesh. */
function knowsGrants(ctx: AnalysisContext, namespace: string): boolean {
  return ctx.reportsMissing('Service', namespace) || ctx.list(GK.ReferenceGrant).some((g) => g.namespace === namespace);
}

function checkBackend(ctx: AnalysisContext, route: Resource, ref: JsonObject, path: string): void {
  const group = str(ref.group);
  const kind = ref.kind === undefined ? 'Service' : str(ref.kind);
  const name = str(ref.name);
  const ns = str(ref.namespace) || route.namespace;
  const what = `${kind} ${ref.namespace ? `${ns}/` : ''}${name}${ref.port !== undefined ? `:${num(ref.port)}` : ''}`;
  const unresolved = (reason: string, detail: string, hint: string) => ctx.report(route, 'CIS5103', [route.kind, `${route.namespace}/${route.name}`, what, reason, detail], path, hint);
  if (ns !== route.namespace && !(group === 'networking.istio.io' && kind === 'Hostname')) {
    if (!granted(ctx, route.kind, route.namespace, group, kind, ns, name) && knowsGrants(ctx, ns)) {
      ctx.report(route, 'CIS5104', [route.kind, `${route.namespace}/${route.name}`, kind, name, ns, 'RefNotPermitted'], path,
        `Add a ReferenceGrant in namespace ${ns} from ${route.kind} in ${route.namespace} to ${kind}${name ? ` ${name}` : ''}.`);
      return;
    }
  }
  if (group === '' && kind === 'Service') {
    if (name.includes('.')) {
      unresolved('InvalidDestination', 'service name invalid; the name of the Service must be used, not the hostname.', 'Use the Service\'s name (and namespace), not its host name.');
      return;
    }
    const svc = ctx.find(GK.Service, ns, name);
    if (!svc) {
      if (ctx.reportsMissing('Service', ns)) unresolved('BackendNotFound', `backend(${name}.${ns}.svc.cluster.local) not found`, 'Create the Service, or fix the backendRef\'s name and namespace.');
      return;
    }
    const ports = objs(svc.spec.ports).map(([p]) => num(p.port));
    if (ref.port !== undefined && ports.length > 0 && !ports.includes(num(ref.port))) {
      unresolved('BackendNotFound', `Service ${ns}/${name} has no port ${num(ref.port)} (ports: ${ports.join(', ')})`, `Use one of the Service's ports: ${ports.join(', ')}.`);
    }
    return;
  }
  if (group === 'networking.istio.io' && kind === 'Hostname') {
    if (ref.namespace !== undefined) unresolved('InvalidDestination', 'namespace may not be set with Hostname type', 'Remove the namespace: a Hostname backend names a host.');
    else if (ctx.assumeCompleteMesh && !ctx.destinationHost(route.namespace, ['*'], name)) unresolved('BackendNotFound', `backend(${name}) not found`, 'Define a ServiceEntry with this host.');
    return;
  }
  if (!(group === 'multicluster.x-k8s.io' && kind === 'ServiceImport') && !(group === 'inference.networking.k8s.io' && kind === 'InferencePool')) {
    unresolved('InvalidKind', `referencing unsupported backendRef: group "${group}" kind "${kind}"`, 'Istio routes to a Service, a ServiceEntry host (group networking.istio.io, kind Hostname), a ServiceImport or an InferencePool.');
  }
}

/** The rule matches of an HTTPRoute, with the Gateway API's default (path prefix '/'), as comparable text. */
function matchKeys(rule: JsonObject): string[] {
  const matches = objs(rule.matches).map(([m]) => m);
  const list = matches.length ? matches : [{}];
  return list.map((m) => JSON.stringify({
    path: m.path === undefined ? { type: 'PathPrefix', value: '/' } : { type: str(obj(m.path).type) || 'PathPrefix', value: str(obj(m.path).value) || '/' },
    headers: objs(m.headers).map(([h]) => `${str(h.type) || 'Exact'}:${str(h.name).toLowerCase()}=${str(h.value)}`).sort(),
    queryParams: objs(m.queryParams).map(([q]) => `${str(q.type) || 'Exact'}:${str(q.name)}=${str(q.value)}`).sort(),
    method: str(m.method),
  }));
}

function checkConflicts(ctx: AnalysisContext): void {
  const owners = new Map<string, Resource>();
  const routes = [...ctx.list(GK.HTTPRoute)].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const route of routes) {
    const hostnames = strs(route.spec.hostnames);
    for (const [ref] of objs(route.spec.parentRefs)) {
      const parent = parentText(ref, route.namespace);
      for (const [rule, i] of objs(route.spec.rules)) {
        for (const match of matchKeys(rule)) {
          for (const host of hostnames.length ? hostnames : ['*']) {
            const key = `${parent}|${host}|${match}`;
            const owner = owners.get(key);
            if (!owner) {
              owners.set(key, route);
            } else if (owner !== route) {
              ctx.report(route, 'CIS5105', [owner.kind, `${owner.namespace}/${owner.name}`, route.kind, `${route.namespace}/${route.name}`, host, parent, match, `${owner.namespace}/${owner.name}`],
                `spec.rules[${i}]`, 'Merge the rules into one route, or make the matches differ.');
            }
          }
        }
      }
    }
  }
}

/** A match every request meets: PathPrefix "/" (the default path) and no header, query or method condition. */
function isCatchAll(m: JsonObject): boolean {
  const path = obj(m.path);
  const prefixSlash = m.path === undefined || ((str(path.type) || 'PathPrefix') === 'PathPrefix' && (str(path.value) || '/') === '/');
  return prefixSlash && objs(m.headers).length === 0 && objs(m.queryParams).length === 0 && m.method === undefined;
}

/**
 * A RegularExpression path match that no request reaches: Istio merges the HTTPRoutes of a parent and host and
 * orders every PathPrefix match before any RegularExpression match (sortHTTPRoutes, getURIRank), so a catch-all
 * PathPrefix "/" on the same parent and host takes every request first.
 */
function checkShadowedRegex(ctx: AnalysisContext): void {
  const routes = [...ctx.list(GK.HTTPRoute)].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const catchAll = new Map<string, Resource>();
  for (const route of routes) {
    const hosts = strs(route.spec.hostnames);
    const catches = objs(route.spec.rules).some(([rule]) => objs(rule.matches).length === 0 || objs(rule.matches).some(([m]) => isCatchAll(m)));
    if (!catches) continue;
    for (const [ref] of objs(route.spec.parentRefs)) {
      for (const host of hosts.length ? hosts : ['*']) {
        const key = `${parentText(ref, route.namespace)}|${host}`;
        if (!catchAll.has(key)) catchAll.set(key, route);
      }
    }
  }
  for (const route of routes) {
    const hosts = strs(route.spec.hostnames);
    // The first parent on which a catch-all covers every host the route serves (a route without hostnames
    // serves every host: only a catch-all without hostnames covers it).
    let shadow: { parent: string; by: Resource } | undefined;
    for (const [ref] of objs(route.spec.parentRefs)) {
      const parent = parentText(ref, route.namespace);
      const by = (hosts.length ? hosts : ['*']).map((h) => catchAll.get(`${parent}|${h}`) ?? catchAll.get(`${parent}|*`));
      if (by.every((r) => r !== undefined)) {
        shadow = { parent, by: by[0]! };
        break;
      }
    }
    if (!shadow) continue;
    const { parent, by } = shadow;
    objs(route.spec.rules).forEach(([rule, i]) => objs(rule.matches).forEach(([m, j]) => {
      if (str(obj(m.path).type) !== 'RegularExpression') return;
      ctx.report(route, 'CIS5108', [route.kind, `${route.namespace}/${route.name}`, JSON.stringify(str(obj(m.path).value)), parent, by.kind, `${by.namespace}/${by.name}`],
        `spec.rules[${i}].matches[${j}].path`,
        'Match these paths with PathPrefix or Exact, or narrow the catch-all (a longer prefix, or a header, query or method condition) so the regular expression can be reached.');
    }));
  }
}

function checkGatewayCertificates(ctx: AnalysisContext, gw: Resource): void {
  listenersOf(gw).forEach((l, li) => {
    objs(obj(l.spec.tls).certificateRefs).forEach(([ref, i]) => {
      const group = str(ref.group);
      const kind = ref.kind === undefined ? 'Secret' : str(ref.kind);
      if (group !== '' || kind !== 'Secret') return;
      const ns = str(ref.namespace) || gw.namespace;
      const name = str(ref.name);
      const path = `spec.listeners[${li}].tls.certificateRefs[${i}]`;
      if (ns !== gw.namespace && !granted(ctx, 'Gateway', gw.namespace, '', 'Secret', ns, name) && (ctx.assumeCompleteMesh || ctx.list(GK.ReferenceGrant).some((g) => g.namespace === ns) || ctx.reportsMissing('Secret', ns))) {
        ctx.report(gw, 'CIS5104', ['Gateway', `${gw.namespace}/${gw.name}`, 'Secret', name, ns, 'RefNotPermitted'], path, `Add a ReferenceGrant in namespace ${ns} from Gateway in ${gw.namespace} to Secret ${name}.`);
        return;
      }
      if (!ctx.find(GK.Secret, ns, name) && !ctx.find('cert-manager.io/Certificate', ns, name) && ctx.reportsMissing('Secret', ns)) {
        ctx.report(gw, 'CIS5106', [`${gw.namespace}/${gw.name}`, l.name, `${ns}/${name}`], path, 'Create the Secret (kubernetes.io/tls) or its cert-manager Certificate, or fix the reference.');
      }
    });
  });
}

/** The Gateway API references Istio resolves: parents, listeners, hostnames, backends, grants, certificates, conflicts. */
export const gatewayApiRouteAnalyzer: Analyzer = {
  name: 'cdk8s-istio.GatewayApiRouteAnalyzer',
  description: 'Check that Gateway API routes attach to their parents, resolve their backends and certificates, and do not conflict',
  codes: ['CIS5100', 'CIS5101', 'CIS5102', 'CIS5103', 'CIS5104', 'CIS5105', 'CIS5106', 'CIS5107', 'CIS5108'],
  analyze(ctx: AnalysisContext): void {
    for (const gk of ROUTE_KINDS) {
      for (const route of ctx.list(gk)) {
        const hostnames = strs(route.spec.hostnames);
        objs(route.spec.parentRefs).forEach(([ref, i]) => checkParent(ctx, route, ref, i, hostnames));
        objs(route.spec.rules).forEach(([rule, i]) => {
          objs(rule.backendRefs).forEach(([b, j]) => checkBackend(ctx, route, b, `spec.rules[${i}].backendRefs[${j}]`));
          objs(rule.filters).forEach(([f, j]) => {
            const mirror = obj(obj(f.requestMirror).backendRef);
            if (mirror.name !== undefined) checkBackend(ctx, route, mirror, `spec.rules[${i}].filters[${j}].requestMirror.backendRef`);
          });
        });
      }
    }
    for (const gw of ctx.list(GK.KubernetesGateway)) checkGatewayCertificates(ctx, gw);
    checkConflicts(ctx);
    checkShadowedRegex(ctx);
  },
};
