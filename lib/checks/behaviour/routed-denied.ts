import { Analyzer } from '../../analysis/analyzer';
import { serviceAccountOf } from '../../analysis/analyzers/principals';
import { AnalysisContext, GK, hostToFqdn, Resource } from '../../analysis/context';
import { shortOrFullName } from '../../analysis/hosts';
import { AccessRequest, AccessResult, Decision, MeshModel } from '../../model';
import { Severity } from '../../vocab/finding';
import { JsonObject, obj, objs, str, strMap, strs } from '../../vocab/json';
import { KubeObject } from '../../vocab/object';

/** The default ingress gateway's identity (Istio's gateway chart): what `istio: ingressgateway` Gateways run as. */
const INGRESS_ACCOUNT = 'istio-ingressgateway-service-account';
const MESH = 'mesh';

/** One request a route rule sends, from its first match block (or `GET /`). */
function ruleRequests(rule: JsonObject): Array<Pick<AccessRequest, 'method' | 'path' | 'headers'>> {
  const blocks = objs(rule.match).map(([m]) => m);
  if (blocks.length === 0) return [{ method: 'GET', path: '/' }];
  return blocks.map((m) => {
    const uri = obj(m.uri);
    const path = str(uri.exact) || str(uri.prefix) || '/';
    const method = str(obj(m.method).exact) || 'GET';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(m.headers))) if (str(obj(v).exact)) headers[k] = str(obj(v).exact);
    return { method, path, headers };
  });
}

/** Tokens a caller may present: none, or one each RequestAuthentication of the set accepts. */
function tokens(ctx: AnalysisContext): Array<AccessRequest['jwt']> {
  const result: Array<AccessRequest['jwt']> = [undefined];
  const claims: Record<string, unknown> = {};
  for (const ap of ctx.list(GK.AuthorizationPolicy)) {
    for (const [rule] of objs(ap.spec.rules)) {
      for (const [w] of objs(rule.when)) {
        const m = /^request\.auth\.claims\[([^\]]+)\]$/.exec(str(w.key));
        const value = strs(w.values)[0];
        if (m && value) claims[m[1]] = [value];
      }
    }
  }
  for (const ra of ctx.list(GK.RequestAuthentication)) {
    for (const [rule] of objs(ra.spec.jwtRules)) {
      const iss = str(rule.issuer);
      if (iss) result.push({ iss, sub: 'cdk8s-istio-probe', aud: strs(rule.audiences)[0], claims });
    }
  }
  return result;
}

/** The identities of a gateway's pods: the set's pods its selector matches, or the default ingress gateway's. */
function gatewayAccounts(ctx: AnalysisContext, gateway: Resource): string[] {
  const selector = strMap(gateway.spec.selector);
  const pods = ctx.podsMatching(selector).filter((p) => !p.source.synthetic);
  if (pods.length > 0) return [...new Set(pods.map((p) => `${p.namespace}/${serviceAccountOf(p.spec)}`))];
  return selector.istio === 'ingressgateway' ? [`${ctx.rootNamespace}/${INGRESS_ACCOUNT}`] : [];
}

/** A Service for each destination host the set routes to without defining it: its pods taken as `app: <name>`. */
function assumedServices(ctx: AnalysisContext): KubeObject[] {
  const result = new Map<string, KubeObject>();
  for (const vs of ctx.list(GK.VirtualService)) {
    for (const [rule] of objs(vs.spec.http)) {
      for (const [route] of objs(rule.route)) {
        const d = obj(route.destination);
        const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(hostToFqdn(vs.namespace, str(d.host)));
        if (!m || ctx.find(GK.Service, m[2], m[1]) || result.has(`${m[2]}/${m[1]}`)) continue;
        const port = Number(obj(d.port).number) || 80;
        result.set(`${m[2]}/${m[1]}`, {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: m[1], namespace: m[2] },
          spec: { selector: { app: m[1] }, ports: [{ name: 'http', port }] },
        });
      }
    }
  }
  return [...result.values()];
}

/** The first access result that allows, or the last denial when every request is denied. */
function firstAllowed(model: MeshModel, from: string, to: string, requests: ReadonlyArray<Omit<AccessRequest, 'from' | 'to'>>): AccessResult | undefined {
  let last: AccessResult | undefined;
  for (const r of requests) {
    try {
      last = model.access({ ...r, from, to });
    } catch {
      return undefined;
    }
    if (last.decision === Decision.ALLOW) return last;
  }
  return last;
}

/**
 * CIS5010: a route sends traffic from its source to workloads whose policies deny every such request (the site
 * answers 403). Sources: the gateway's workload identity for gateway-bound routes (`istio: ingressgateway` is
 * `istio-system/istio-ingressgateway-service-account`), the set's workloads for `mesh`-bound routes (the route is
 * reported when none of them may call). Requests: each rule's match blocks, without a token and with one each
 * RequestAuthentication accepts. A warning, an error with `assumeCompleteMesh`.
 */
export const routedButDeniedAnalyzer: Analyzer = {
  name: 'cdk8s-istio.RoutedButDeniedAnalyzer',
  description: 'Checks that the workloads a route sends traffic to allow its sources',
  codes: ['CIS5010'],
  analyze(ctx: AnalysisContext): void {
    if (ctx.list(GK.AuthorizationPolicy).length === 0 || ctx.list(GK.VirtualService).length === 0) return;
    // Built on first use: most sets have no route with a source to ask about.
    let built: MeshModel | undefined;
    const model = (): MeshModel => built ??= MeshModel.fromObjects(
      [...ctx.resources.filter((r) => !r.synthetic).map((r) => r.object), ...assumedServices(ctx)],
      { skipInvalid: false, rootNamespace: ctx.rootNamespace });
    const variants = tokens(ctx);
    const meshCallers = [...new Set(ctx.pods.filter((p) => !p.source.synthetic).map((p) => `${p.namespace}/${serviceAccountOf(p.spec)}`))];
    const severity = ctx.assumeCompleteMesh ? Severity.ERROR : Severity.WARNING;
    for (const vs of ctx.list(GK.VirtualService)) {
      const gateways = strs(vs.spec.gateways);
      const sources: Array<{ label: string; accounts: string[] }> = [];
      for (const ref of gateways.length === 0 ? [MESH] : gateways) {
        if (ref === MESH) {
          if (meshCallers.length > 0) sources.push({ label: 'the workloads of the set', accounts: meshCallers });
          continue;
        }
        const name = shortOrFullName(vs.namespace, ref);
        const gateway = ctx.find(GK.Gateway, name.namespace, name.name);
        if (gateway) for (const a of gatewayAccounts(ctx, gateway)) sources.push({ label: `Gateway ${gateway.fullName} (${a})`, accounts: [a] });
      }
      if (sources.length === 0) continue;
      for (const [rule, i] of objs(vs.spec.http)) {
        const requests = ruleRequests(rule).flatMap((r) => variants.map((jwt) => ({ ...r, ...(jwt ? { jwt } : {}) })));
        for (const [route, j] of objs(rule.route)) {
          const d = obj(route.destination);
          const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(hostToFqdn(vs.namespace, str(d.host)));
          if (!m) continue;
          const service = ctx.find(GK.Service, m[2], m[1]);
          const port = Number(obj(d.port).number) || Number(obj(objs(service?.spec.ports)[0]?.[0]).port) || 80;
          const to = `${m[2]}/${m[1]}:${port}`;
          for (const source of sources) {
            // Denied for every caller and request: stop at the first allowed one.
            // The destination's own workloads are not its callers.
            const own = new Set(ctx.podsMatching(service ? strMap(service.spec.selector) : { app: m[1] }, m[2])
              .filter((p) => !p.source.synthetic).map((p) => `${p.namespace}/${serviceAccountOf(p.spec)}`));
            const callers = source.accounts.filter((a) => !own.has(a));
            if (callers.length === 0) continue;
            let denial: { from: string; result: AccessResult } | undefined;
            for (const from of callers) {
              const result = firstAllowed(model(), from, to, requests);
              if (!result || result.decision === Decision.ALLOW) {
                denial = undefined;
                break;
              }
              denial ??= { from, result };
            }
            if (!denial) continue;
            const policy = denial.result.policy ? ctx.find(GK.AuthorizationPolicy, ...denial.result.policy.split('/') as [string, string]) : undefined;
            const first = requests[0];
            ctx.report(vs, 'CIS5010', [`VirtualService ${vs.fullName}`, `from ${source.label}`, to, denial.result.reason],
              `spec.http[${i}].route[${j}].destination`,
              'Allow the route\'s source in the destination\'s policies (e.g. an ALLOW for the gateway\'s service account), or stop routing to it.',
              severity, {
                ...(policy ? { related: [policy] } : {}),
                example: `${first.method} ${first.path} from ${denial.from} to ${to} is answered ${denial.result.status}`,
              });
          }
        }
      }
    }
  },
};
