import { serviceAccountOf } from '../../analysis/analyzers/principals';
import { AnalysisContext, GK, hostToFqdn, Resource } from '../../analysis/context';
import { AccessRequest, MeshModel } from '../../model';
import { obj, objs, str, strMap, strs } from '../../vocab/json';
import { KubeObject } from '../../vocab/object';

/** The default ingress gateway's identity (Istio's gateway chart): what `istio: ingressgateway` Gateways run as. */
const INGRESS_ACCOUNT = 'istio-ingressgateway-service-account';

const MODELS = new WeakMap<AnalysisContext, MeshModel>();
const CALLERS = new WeakMap<AnalysisContext, Set<string>>();

/**
 * The behaviour model of an analyzed set, built once for all the behaviour checks of the run: the set's objects,
 * a Service for each routed host the set does not define (its pods taken as `app: <name>`), and a ServiceAccount
 * for each caller `assumeCallers` registered before the first call.
 */
export function behaviourModel(ctx: AnalysisContext): MeshModel {
  let model = MODELS.get(ctx);
  if (!model) {
    const accounts = [...CALLERS.get(ctx) ?? []].map((ref): KubeObject => {
      const [namespace, name] = ref.split('/');
      return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
    });
    model = MeshModel.fromObjects([...ctx.resources.filter((r) => !r.synthetic).map((r) => r.object), ...assumedServices(ctx), ...accounts],
      { skipInvalid: false, rootNamespace: ctx.rootNamespace });
    MODELS.set(ctx, model);
  }
  return model;
}

/** Callers (`NS/SA`) to take as defined, e.g. those intents name: a pattern's output alone defines no pods. Before `behaviourModel`. */
export function assumeCallers(ctx: AnalysisContext, callers: Iterable<string>): void {
  const set = CALLERS.get(ctx) ?? new Set<string>();
  for (const c of callers) if (/^[^/\s]+\/[^/\s]+$/.test(c)) set.add(c);
  CALLERS.set(ctx, set);
}

/** Tokens a caller may present: none, or one per issuer and audience the set's RequestAuthentications accept (with the claims policies ask for). */
export function acceptedTokens(ctx: AnalysisContext): Array<AccessRequest['jwt']> {
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
  // One token per issuer and audience: meshes often repeat one identity provider in every namespace, and each
  // token is asked about every request.
  const seen = new Set<string>();
  for (const ra of ctx.list(GK.RequestAuthentication)) {
    for (const [rule] of objs(ra.spec.jwtRules)) {
      const iss = str(rule.issuer);
      const aud = strs(rule.audiences)[0];
      const key = JSON.stringify([iss, aud]);
      if (!iss || seen.has(key)) continue;
      seen.add(key);
      result.push({ iss, sub: 'cdk8s-istio-probe', aud, claims });
    }
  }
  return result;
}

/** The identities of a gateway's pods: the set's pods its selector matches, or the default ingress gateway's. */
export function gatewayAccounts(ctx: AnalysisContext, gateway: Resource): string[] {
  const selector = strMap(gateway.spec.selector);
  const pods = ctx.podsMatching(selector).filter((p) => !p.source.synthetic);
  if (pods.length > 0) return [...new Set(pods.map((p) => `${p.namespace}/${serviceAccountOf(p.spec)}`))];
  return selector.istio === 'ingressgateway' ? [`${ctx.rootNamespace}/${INGRESS_ACCOUNT}`] : [];
}

/** A routed destination as the model's access target. */
export interface ServiceTarget {
  /** `NS/NAME:PORT`. */
  readonly to: string;
  /** The Service's namespace. */
  readonly namespace: string;
  /** The Service's name. */
  readonly name: string;
  /** The Service, when the set defines it. */
  readonly service?: Resource;
}

/** `NS/NAME:PORT` of the Service behind a routed destination host, with its port, when it is a Service host. */
export function serviceTarget(ctx: AnalysisContext, fromNamespace: string, host: string, port: number | undefined): ServiceTarget | undefined {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(hostToFqdn(fromNamespace, host));
  if (!m) return undefined;
  const service = ctx.find(GK.Service, m[2], m[1]);
  const p = port || Number(obj(objs(service?.spec.ports)[0]?.[0]).port) || 80;
  return { to: `${m[2]}/${m[1]}:${p}`, namespace: m[2], name: m[1], service };
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
