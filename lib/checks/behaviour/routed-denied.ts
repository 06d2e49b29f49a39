import { acceptedTokens, behaviourModel, gatewayAccounts, serviceTarget } from './behaviour-model';
import { Analyzer } from '../../analysis/analyzer';
import { serviceAccountOf } from '../../analysis/analyzers/principals';
import { AnalysisContext, GK } from '../../analysis/context';
import { shortOrFullName } from '../../analysis/hosts';
import { AccessRequest, AccessResult, Decision, MeshModel } from '../../model';
import { Severity } from '../../vocab/finding';
import { JsonObject, obj, objs, str, strMap, strs } from '../../vocab/json';

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
    const model = (): MeshModel => behaviourModel(ctx);
    const variants = acceptedTokens(ctx);
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
          const target = serviceTarget(ctx, vs.namespace, str(d.host), Number(obj(d.port).number));
          if (!target) continue;
          const { to, service } = target;
          for (const source of sources) {
            // Denied for every caller and request: stop at the first allowed one.
            // The destination's own workloads are not its callers.
            const own = new Set(ctx.podsMatching(service ? strMap(service.spec.selector) : { app: target.name }, target.namespace)
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
