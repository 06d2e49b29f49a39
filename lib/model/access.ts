/**
 * Who may call whom: the decision for one request from a caller to a Service port, with Istio 1.30 semantics.
 *
 * 1. The connection (pilot/pkg/networking/core/cluster_tls.go, pilot/pkg/xds/endpoints/mtls_checker.go): a
 *    caller with a proxy sends Istio mTLS when its DestinationRule says ISTIO_MUTUAL, or, with no `tls` in the
 *    DestinationRule, when the destination has a proxy and accepts mTLS on the port (auto mTLS); a caller
 *    without a proxy sends plaintext. A STRICT port refuses plaintext; a DISABLE port cannot read mTLS; a
 *    destination without a proxy cannot read Istio mTLS and enforces nothing else.
 * 2. At a sidecar: JWT validation (RequestAuthentication, 401), then CUSTOM, DENY and ALLOW policies in that
 *    order (pilot/pkg/security/authz/builder/builder.go): a matching DENY denies; with no ALLOW policy the
 *    request is allowed, otherwise one must match. AUDIT and dry-run policies do not decide.
 * 3. In an ambient namespace, ztunnel: the L4 form of ALLOW and DENY policies (see ztunnel-rules.ts); no
 *    RequestAuthentication, CUSTOM or AUDIT.
 */
import { Caller, isHttpPort, ModelContext } from './context';
import { clientTlsSettings, destinationRuleFor } from './destination-rules';
import { WorkloadDataplane, ModelConfig, ModelService, ModelServicePort, ModelWorkload } from './inventory';
import { EffectiveMtls, effectiveMtls } from './peer-authentication';
import { isDryRun, policiesFor, PolicyTarget, waypointPoliciesFor } from './policy-selection';
import { ProxyRequest } from './proxy-request';
import { validateJwtWith } from './request-authentication';
import { AccessRequest, AccessResult, Decision, InvalidRequestError } from './requests';
import { RuleAction, sidecarPolicyMatch } from './sidecar-rules';
import { ModelWaypoint, sendsThroughWaypoint, serviceWaypoint } from './waypoints';
import { ztunnelPolicyMatch } from './ztunnel-rules';
import { selectorMatches } from '../analysis/labels';
import { obj, str } from '../vocab/json';

/** The header Istio's sample ext-authz server (samples/extauthz) allows requests on: `x-ext-authz: allow`. */
const EXT_AUTHZ_ALLOW_HEADER = 'x-ext-authz';

/** Parses `NS/SERVICE:PORT`. */
export function parseServiceTarget(to: string): { ref: string; port: number } {
  const m = /^([^/\s]+\/[^/\s:]+):(\d+)$/.exec(to);
  if (!m) throw new InvalidRequestError(`destination "${to}" is not NAMESPACE/SERVICE:PORT`);
  return { ref: m[1], port: Number(m[2]) };
}

/** Decides one access request. */
export function decideAccess(ctx: ModelContext, request: AccessRequest): AccessResult {
  const caller = ctx.caller(request.from, false, request.assumeCaller ?? false);
  const results = resolveTarget(ctx, request.to).map((t) => {
    const waypoint = t.direct || !sendsThroughWaypoint(ctx, caller, t.service) ? undefined : serviceWaypoint(ctx, t.service).waypoint;
    if (waypoint) return viaWaypoint(ctx, caller, waypoint, t.service, t.port, t.servicePort, t.workloads, request);
    return decideForWorkloads(ctx, caller, t.service, t.port, t.servicePort, t.workloads, request);
  });
  // Pods that disagree: the request may land on any of them, so a denial wins.
  return results.find((r) => r.decision === Decision.DENY) ?? results[0];
}

/** Workloads a request may land on, with the Service (port) they are reached through. */
interface ResolvedTarget {
  readonly service: ModelService;
  readonly port: ModelServicePort | undefined;
  readonly servicePort: number;
  /** Empty when no pods are defined: the Service's pods are assumed to carry its selector's labels. */
  readonly workloads: readonly ModelWorkload[];
  /** A call to the pods without a Service (no Service maps the port): no waypoint takes it. */
  readonly direct: boolean;
}

/** The workloads a request's destination names: the pods of `NS/SERVICE:PORT`, or workloads by labels (grouped by Service). */
function resolveTarget(ctx: ModelContext, to: AccessRequest['to']): ResolvedTarget[] {
  if (typeof to === 'string') {
    const target = parseServiceTarget(to);
    const service = ctx.service(target.ref);
    const port = service.ports.find((p) => p.port === target.port);
    return [{ service, port, servicePort: target.port, workloads: ctx.serviceWorkloads(service), direct: false }];
  }
  if (!to || typeof to.namespace !== 'string' || !to.namespace) throw new InvalidRequestError('a workload destination needs a namespace');
  const labels = to.labels ?? {};
  const workloads = ctx.workloadsMatching(to.namespace, labels);
  if (workloads.length === 0) return [throughService(ctx, to.namespace, labels, to.port, undefined)];
  const groups = new Map<string, ResolvedTarget>();
  for (const w of workloads) {
    const t = throughService(ctx, to.namespace, w.labels, to.port, w);
    const groupKey = t.direct ? `direct ${w.kind}/${w.name}` : `${t.service.name}:${t.servicePort}`;
    const group = groups.get(groupKey);
    groups.set(groupKey, group ? { ...group, workloads: [...group.workloads, ...t.workloads] } : t);
  }
  return [...groups.values()];
}

/**
 * A workload port reached through the Service that selects the pods and maps a port to it (its DestinationRule,
 * protocol and waypoint then apply), else directly, as a call to the pod.
 */
function throughService(
  ctx: ModelContext, namespace: string, labels: Readonly<Record<string, string>>, workloadPort: number | undefined,
  workload: ModelWorkload | undefined,
): ResolvedTarget {
  const workloads = workload ? [workload] : [];
  for (const service of ctx.servicesIn(namespace)) {
    if (Object.keys(service.selector).length === 0 || !selectorMatches(service.selector, labels)) continue;
    // Without a port: the Service's first.
    const port = workloadPort === undefined ? service.ports[0] : service.ports.find((p) => ctx.targetPort(p, workload) === workloadPort);
    if (port) return { service, port, servicePort: port.port, workloads, direct: false };
  }
  const targetPort = workloadPort ?? workload?.ports[0]?.port ?? 80;
  const name = workload?.name ?? labels.app ?? 'workload';
  const port: ModelServicePort = { name: '', port: targetPort, targetPort, protocol: 'TCP', appProtocol: '' };
  const service: ModelService = { name, namespace, host: `${name}.${namespace}.svc.cluster.local`, selector: labels, ports: [port], labels: {} };
  return { service, port, servicePort: targetPort, workloads, direct: true };
}

function decideForWorkloads(
  ctx: ModelContext, caller: Caller, service: ModelService, port: ModelServicePort | undefined, servicePort: number,
  workloads: readonly ModelWorkload[], request: AccessRequest,
): AccessResult {
  if (workloads.length === 0) {
    // No pods defined: assume the Service's pods carry its selector's labels in a namespace-default dataplane.
    return decideForWorkload(ctx, caller, service, port, servicePort, undefined, request);
  }
  const results = workloads.map((w) => decideForWorkload(ctx, caller, service, port, servicePort, w, request));
  // Pods of one Service that disagree: the request may land on any of them, so a denial wins.
  return results.find((r) => r.decision === Decision.DENY) ?? results[0];
}

/**
 * A request through the Service's waypoint (tests/integration/ambient/baseline_test.go
 * `TestAuthorizationServiceAttached`, `TestAuthorizationWaypointDefaultDeny`, `TestL7JWT`): the waypoint
 * terminates the caller's HBONE mTLS (it sees the caller's identity), validates JWTs and applies the
 * AuthorizationPolicies attached to it or to the Service with full L7 semantics; the port its rules see is the
 * Service port the caller addressed. Then it calls the pods as itself: their ztunnel (or sidecar) sees the
 * waypoint's identity as the source, and policies there must admit it.
 */
function viaWaypoint(
  ctx: ModelContext, caller: Caller, waypoint: ModelWaypoint, service: ModelService, port: ModelServicePort | undefined,
  servicePort: number, workloads: readonly ModelWorkload[], request: AccessRequest,
): AccessResult {
  const root = ctx.settings.rootNamespace;
  const where = `Gateway ${waypoint.namespace}/${waypoint.name} (waypoint)`;
  const deny: Deny = (status, reason, policy, rule, mtls = true) =>
    ({ decision: Decision.DENY, status, reason: `waypoint ${waypoint.namespace}/${waypoint.name}: ${reason}`, policy, rule, workload: where, mtls });
  const allow: Allow = (reason, mtls, policy, rule) =>
    ({ decision: Decision.ALLOW, status: 200, reason, policy, rule, workload: where, mtls });
  const req = proxyRequestOf(request, service, servicePort, port, servicePort, caller.identity);
  const target = {
    waypointNamespace: waypoint.namespace, waypointName: waypoint.name, serviceNamespace: service.namespace, serviceName: service.name,
  };
  const authz = waypointPoliciesFor(ctx.inv, 'AuthorizationPolicy', target, root);
  const jwtPolicies = req.http ? waypointPoliciesFor(ctx.inv, 'RequestAuthentication', target, root) : [];
  const atWaypoint = proxyDecision(ctx, authz, jwtPolicies, req, request.jwt, true, 503, deny, allow);
  if (atWaypoint.decision === Decision.DENY) return atWaypoint;
  const waypointCaller: Caller = {
    kind: 'workload',
    namespace: waypoint.namespace,
    serviceAccount: waypoint.serviceAccount,
    identity: ctx.identity(waypoint.namespace, waypoint.serviceAccount),
    dataplane: WorkloadDataplane.SIDECAR,
    labels: { 'gateway.networking.k8s.io/gateway-name': waypoint.name },
  };
  const atPods = decideForWorkloads(ctx, waypointCaller, service, port, servicePort, workloads, request);
  const reason = `waypoint ${waypoint.namespace}/${waypoint.name} admits ${request.from}: ${atWaypoint.reason}; `
    + `then the pods see the waypoint's identity ${waypointCaller.identity}: ${atPods.reason}`;
  if (atPods.decision === Decision.DENY) {
    // The waypoint answers 503 when the pods' ztunnel refuses its connection.
    return { ...atPods, status: atPods.status === 0 ? 503 : atPods.status, reason };
  }
  return { ...atPods, policy: atPods.policy ?? atWaypoint.policy, rule: atPods.policy ? atPods.rule : atWaypoint.rule, reason };
}

function decideForWorkload(
  ctx: ModelContext, caller: Caller, service: ModelService, port: ModelServicePort | undefined, servicePort: number,
  workload: ModelWorkload | undefined, request: AccessRequest,
): AccessResult {
  const labels = workload?.labels ?? service.selector;
  const dataplane = workload?.dataplane ?? ctx.namespaceDataplane(service.namespace);
  const targetPort = port ? ctx.targetPort(port, workload) : servicePort;
  const target: PolicyTarget = { namespace: service.namespace, labels };
  const where = workload ? `${workload.kind} ${workload.namespace}/${workload.name}` : undefined;
  const root = ctx.settings.rootNamespace;
  const callerHasProxy = caller.dataplane !== WorkloadDataplane.NONE;
  const failStatus = callerHasProxy ? 503 : 0;
  const deny = (status: number, reason: string, policy?: string, rule?: number, mtls = false): AccessResult =>
    ({ decision: Decision.DENY, status, reason, policy, rule, workload: where, mtls });
  const allow = (reason: string, mtls: boolean, policy?: string, rule?: number): AccessResult =>
    ({ decision: Decision.ALLOW, status: 200, reason, policy, rule, workload: where, mtls });

  // 1. The connection.
  const server: EffectiveMtls = dataplane === WorkloadDataplane.NONE ? { mode: 'DISABLE' } : effectiveMtls(ctx.inv, target, targetPort, root);
  const dr = caller.kind === 'workload' && caller.dataplane === WorkloadDataplane.SIDECAR
    ? destinationRuleFor(ctx, caller.namespace, service.host, service.namespace) : undefined;
  const tlsMode = str(clientTlsSettings(dr, servicePort, undefined)?.mode);
  let mtls: boolean;
  let how: string;
  if (!callerHasProxy || caller.kind === 'anonymous') {
    mtls = false;
    how = caller.kind === 'anonymous' ? 'the anonymous caller sends plaintext' : `${request.from} has no proxy and sends plaintext`;
  } else if (caller.dataplane === WorkloadDataplane.AMBIENT) {
    mtls = dataplane !== WorkloadDataplane.NONE;
    how = mtls ? 'ztunnel sends mTLS (HBONE)' : 'ztunnel sends plaintext to a workload outside the mesh';
  } else if (tlsMode) {
    mtls = tlsMode === 'ISTIO_MUTUAL';
    how = `DestinationRule ${dr!.id} sets tls mode ${tlsMode}`;
  } else {
    mtls = dataplane !== WorkloadDataplane.NONE && server.mode !== 'DISABLE';
    how = mtls ? 'auto mTLS: the destination has a proxy' : dataplane === WorkloadDataplane.NONE
      ? 'auto mTLS: the destination has no proxy, plaintext' : 'auto mTLS: the destination port is DISABLE, plaintext';
  }
  if (dataplane === WorkloadDataplane.NONE) {
    if (mtls) return deny(failStatus, `${how}, but ${where ?? service.host} has no proxy to accept Istio mTLS`, dr?.id);
    return allow(`${where ?? `${service.namespace}/${service.name}`} has no proxy: no policy is enforced (${how})`, false);
  }
  if (server.mode === 'STRICT' && !mtls) {
    return deny(failStatus, `PeerAuthentication ${server.policy} requires mTLS (STRICT) on port ${targetPort} and ${how}`, server.policy);
  }
  if (server.mode === 'DISABLE' && mtls && dataplane === WorkloadDataplane.SIDECAR) {
    return deny(failStatus, `PeerAuthentication ${server.policy} sets DISABLE on port ${targetPort} but ${how}`, server.policy, undefined, true);
  }
  const proxyRequest = {
    ...proxyRequestOf(request, service, servicePort, port, targetPort, mtls ? caller.identity : undefined),
    sni: mtls ? `outbound_.${servicePort}_._.${service.host}` : undefined,
  };
  if (dataplane === WorkloadDataplane.AMBIENT) return ztunnelDecision(ctx, target, proxyRequest, mtls, deny, allow);

  // 2. The sidecar: JWT, then CUSTOM, DENY, ALLOW.
  const authz = policiesFor(ctx.inv, 'AuthorizationPolicy', target, root);
  const jwtPolicies = proxyRequest.http ? policiesFor(ctx.inv, 'RequestAuthentication', target, root) : [];
  return proxyDecision(ctx, authz, jwtPolicies, proxyRequest, request.jwt, mtls, failStatus, deny, allow);
}

type Deny = (status: number, reason: string, policy?: string, rule?: number, mtls?: boolean) => AccessResult;
type Allow = (reason: string, mtls: boolean, policy?: string, rule?: number) => AccessResult;

/**
 * An Envoy proxy's decision (a sidecar, or a waypoint for one Service): JWT validation by the
 * RequestAuthentications (401), then CUSTOM, DENY and ALLOW AuthorizationPolicies with full L7 semantics.
 */
function proxyDecision(
  ctx: ModelContext, authz: readonly ModelConfig[], jwtPolicies: readonly ModelConfig[], proxyRequest: ProxyRequest,
  token: AccessRequest['jwt'], mtls: boolean, failStatus: number, deny: Deny, allow: Allow,
): AccessResult {
  let req = proxyRequest;
  if (proxyRequest.http) {
    const jwt = validateJwtWith(jwtPolicies, token);
    if (jwt.status === 'invalid') return deny(401, `RequestAuthentication ${jwt.policy}: ${jwt.reason}`, jwt.policy, undefined, mtls);
    if (jwt.status === 'valid') req = { ...proxyRequest, claims: jwt.claims };
  }
  const policies = authz.filter((p) => !isDryRun(p));
  const ofAction = (action: RuleAction) => policies.filter((p) => (str(p.spec.action) || 'ALLOW') === action);
  for (const p of ofAction('CUSTOM')) {
    const rule = sidecarPolicyMatch(p.spec, req, 'CUSTOM', p.namespace);
    if (rule === undefined) continue;
    const provider = str(obj(p.spec.provider).name);
    const providers = ctx.inv.extensionProviders();
    if (providers && !providers.has(provider)) {
      // builder.go: a CUSTOM policy whose provider is not in the mesh config denies what it matches.
      return deny(403, `CUSTOM policy ${p.id} rule ${rule} names provider "${provider}", which the mesh config does not define: Istio denies the requests it matches`, p.id, rule, mtls);
    }
    if (req.headers[EXT_AUTHZ_ALLOW_HEADER] !== 'allow') {
      return deny(403, `CUSTOM policy ${p.id} rule ${rule} sends the request to provider "${provider}", which denies it`
        + ` (modelled as Istio's sample ext-authz server: only requests with "${EXT_AUTHZ_ALLOW_HEADER}: allow" pass)`, p.id, rule, mtls);
    }
  }
  const denied = firstMatch(ofAction('DENY'), req, 'DENY');
  if (denied) return deny(req.http ? 403 : failStatus, `DENY policy ${denied.policy.id} rule ${denied.rule} matches (${describe(req, mtls)})`, denied.policy.id, denied.rule, mtls);
  const allows = ofAction('ALLOW');
  if (allows.length === 0) return allow(`no ALLOW policy applies (${describe(req, mtls)})`, mtls);
  const allowed = firstMatch(allows, req, 'ALLOW');
  if (allowed) return allow(`ALLOW policy ${allowed.policy.id} rule ${allowed.rule} matches (${describe(req, mtls)})`, mtls, allowed.policy.id, allowed.rule);
  return deny(req.http ? 403 : failStatus, `no ALLOW policy matches (${describe(req, mtls)}); applicable: ${allows.map((p) => p.id).join(', ')}`,
    allows.length === 1 ? allows[0].id : undefined, undefined, mtls);
}

function ztunnelDecision(
  ctx: ModelContext, target: PolicyTarget, req: ProxyRequest, mtls: boolean,
  deny: (status: number, reason: string, policy?: string, rule?: number, mtls?: boolean) => AccessResult,
  allow: (reason: string, mtls: boolean, policy?: string, rule?: number) => AccessResult,
): AccessResult {
  const status = req.principal === undefined ? 0 : 503;
  const policies = policiesFor(ctx.inv, 'AuthorizationPolicy', target, ctx.settings.rootNamespace).filter((p) => !isDryRun(p));
  const ofAction = (action: string) => policies.filter((p) => (str(p.spec.action) || 'ALLOW') === action);
  for (const p of ofAction('DENY')) {
    const rule = ztunnelPolicyMatch(p.spec, req, 'DENY', p.namespace);
    if (rule !== undefined) return deny(status, `ztunnel: DENY policy ${p.id} rule ${rule} matches on its L4 attributes (${describe(req, mtls)})`, p.id, rule, mtls);
  }
  const allows = ofAction('ALLOW');
  if (allows.length === 0) return allow(`ztunnel: no ALLOW policy applies (${describe(req, mtls)})`, mtls);
  for (const p of allows) {
    const rule = ztunnelPolicyMatch(p.spec, req, 'ALLOW', p.namespace);
    if (rule !== undefined) return allow(`ztunnel: ALLOW policy ${p.id} rule ${rule} matches (${describe(req, mtls)})`, mtls, p.id, rule);
  }
  return deny(status, `ztunnel: no ALLOW policy matches on L4 attributes (rules with HTTP attributes are dropped in ambient mode without a waypoint); applicable: ${allows.map((p) => p.id).join(', ')}`,
    allows.length === 1 ? allows[0].id : undefined, undefined, mtls);
}

/**
 * The first matching policy and rule. Envoy's RBAC filter reports the first matching entry of its policy
 * map, whose keys are `ns[NS]-policy[NAME]-rule[I]`: sorted the same way here.
 */
function firstMatch(policies: readonly ModelConfig[], req: ProxyRequest, action: RuleAction): { policy: ModelConfig; rule: number } | undefined {
  const sorted = [...policies].sort((a, b) => key(a).localeCompare(key(b)));
  for (const policy of sorted) {
    const rule = sidecarPolicyMatch(policy.spec, req, action, policy.namespace);
    if (rule !== undefined) return { policy, rule };
  }
  return undefined;
}

function key(p: ModelConfig): string {
  return `ns[${p.namespace}]-policy[${p.name}]`;
}

function describe(req: ProxyRequest, mtls: boolean): string {
  const who = mtls && req.principal ? `peer ${req.principal}` : 'plaintext, no peer identity';
  const token = req.claims ? `, token ${str(req.claims.iss)}/${str(req.claims.sub)}` : '';
  return req.http ? `${who}${token}, ${req.method} ${req.path} on port ${req.port}` : `${who}, TCP port ${req.port}`;
}

/** The request as a proxy sees it on `receivedPort`, from a peer with `principal` (none: plaintext). */
function proxyRequestOf(
  request: AccessRequest, service: ModelService, servicePort: number, port: ModelServicePort | undefined,
  receivedPort: number, principal: string | undefined,
): ProxyRequest {
  const headers = lowerCaseKeys(request.headers ?? {});
  return {
    principal,
    sourceIp: request.sourceIp,
    // Without a Host header, what an HTTP client sends for the Service's name (the port unless 80).
    host: headers.host ?? headers[':authority'] ?? `${service.host}${servicePort === 80 ? '' : `:${servicePort}`}`,
    method: request.method ?? 'GET',
    path: request.path ?? '/',
    port: receivedPort,
    headers,
    http: isHttpPort(port),
  };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = String(v);
  return out;
}
