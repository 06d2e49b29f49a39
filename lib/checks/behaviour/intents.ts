import { acceptedTokens, assumeCallers, behaviourModel, gatewayAccounts, serviceTarget } from './behaviour-model';
import { Analyzer } from '../../analysis/analyzer';
import { AnalysisContext, GK, resourceRef } from '../../analysis/context';
import { formatMessage, messageType } from '../../analysis/messages';
import { IntentKind, IntentRequest, IntentSpec } from '../../core/mesh-intent';
import { AccessRequest, AccessResult, Decision, MeshModel, targetText } from '../../model';
import { Finding, RelatedObject, Severity } from '../../vocab/finding';

/** An intent to check, with where it was declared. */
export interface IntentInput {
  /** What it asks. */
  readonly intent: IntentSpec;
  /** The construct path of its MeshIntent. */
  readonly constructPath: string;
}

const CODE = 'CIS5017';

/** Why an intent does not hold: one request, and the answer that contradicts the intent. */
interface Violation {
  readonly what: string;
  readonly example: string;
  readonly policy?: string;
  readonly virtualService?: string;
}

/**
 * CIS5017: an intent (MeshIntent, declared by the app or by a pattern) that the objects contradict, an error on the
 * intent's construct path naming the request tried and the deciding policy (or route). Intents live on the
 * construct tree, not in the objects, so this runs at synth only; findings go to `sink`, as they are about no object.
 * Run it before the other behaviour checks: it registers the callers intents name with the shared model.
 */
export function intentAnalyzer(intents: readonly IntentInput[], sink: Finding[]): Analyzer {
  return {
    name: 'cdk8s-istio.IntentAnalyzer',
    description: 'Checks that the mesh does what the app\'s intents promise',
    codes: [CODE],
    analyze(ctx: AnalysisContext): void {
      if (intents.length === 0) return;
      assumeCallers(ctx, intents.filter((i) => i.intent.kind !== IntentKind.REACHABLE).map((i) => i.intent.from));
      const model = behaviourModel(ctx);
      const tokens = acceptedTokens(ctx);
      for (const input of intents) {
        const violation = input.intent.kind === IntentKind.REACHABLE
          ? reachableViolation(ctx, model, input.intent, tokens) : accessViolation(model, input.intent, tokens);
        if (violation) sink.push(finding(ctx, input, violation));
      }
    },
  };
}

function finding(ctx: AnalysisContext, input: IntentInput, v: Violation): Finding {
  const related: RelatedObject[] = [];
  const add = (gk: string, id: string | undefined) => {
    const [namespace, name] = id?.split('/') ?? [];
    const r = namespace && name ? ctx.find(gk, namespace, name) : undefined;
    if (r) related.push({ resource: resourceRef(r) });
  };
  add(GK.AuthorizationPolicy, v.policy);
  if (!related.length) add(GK.PeerAuthentication, v.policy);
  if (!related.length) add(GK.RequestAuthentication, v.policy);
  add(GK.VirtualService, v.virtualService);
  return {
    severity: Severity.ERROR,
    code: CODE,
    path: '',
    message: formatMessage(messageType(CODE).template, [describe(input.intent), v.what]),
    constructPath: input.constructPath,
    hint: input.intent.kind === IntentKind.REACHABLE
      ? 'Route the host on the gateway to the workload and allow the gateway\'s identity there, or change the intent.'
      : `Change the deciding policy so the request is ${input.intent.kind === IntentKind.ALLOW ? 'allowed' : 'denied'}, or change the intent.`,
    ...(related.length ? { related } : {}),
    example: v.example,
  };
}

/** `allow shop/frontend -> shop/orders:8080`, `reachable shop.example.com:80 from gateway:shop/shop`. */
function describe(intent: IntentSpec): string {
  return intent.kind === IntentKind.REACHABLE
    ? `"reachable ${intent.host}:${intent.port} from ${intent.from}"`
    : `"${intent.kind} ${intent.from} -> ${targetText(intent.to!)}"`;
}

function requestText(r: IntentRequest, jwt: AccessRequest['jwt']): string {
  return `${r.method} ${r.path}${jwt ? ` with a token of ${jwt.iss}` : ''}`;
}

/** The token variants of an intent: its token, or none and each token the set accepts. */
function variants(intent: IntentSpec, accepted: ReadonlyArray<AccessRequest['jwt']>): Array<AccessRequest['jwt']> {
  if (intent.token.anyAccepted) return [...accepted];
  const c = intent.token.claims;
  return [c ? { iss: c.iss, sub: c.sub, aud: c.aud, claims: c.claims } : undefined];
}

/** Asks the model; a question naming what the app does not define is an answer too (the intent cannot hold). */
function ask(model: MeshModel, request: AccessRequest): AccessResult | string {
  try {
    return model.access(request);
  } catch (e) {
    return (e as Error).message;
  }
}

function accessViolation(model: MeshModel, intent: IntentSpec, accepted: ReadonlyArray<AccessRequest['jwt']>): Violation | undefined {
  const want = intent.kind === IntentKind.ALLOW ? Decision.ALLOW : Decision.DENY;
  const to = targetText(intent.to!);
  for (const r of intent.requests) {
    // With several tokens: an ALLOW intent holds when one of them is allowed, a DENY intent when all are denied.
    const answers: Array<{ result: AccessResult; jwt: AccessRequest['jwt'] }> = [];
    for (const jwt of variants(intent, accepted)) {
      const result = ask(model, { from: intent.from, to: intent.to!, method: r.method, path: r.path, headers: r.headers, ...(jwt ? { jwt } : {}) });
      if (typeof result === 'string') return { what: `the request cannot be asked: ${result}`, example: `${requestText(r, jwt)} from ${intent.from} to ${to}` };
      answers.push({ result, jwt });
    }
    const contradiction = want === Decision.ALLOW
      ? (answers.some((a) => a.result.decision === Decision.ALLOW) ? undefined : answers[0])
      : answers.find((a) => a.result.decision === Decision.ALLOW);
    if (contradiction) {
      const { result, jwt } = contradiction;
      const by = result.policy ? ` by ${result.policy}${result.rule !== undefined ? ` rule ${result.rule}` : ''}` : '';
      return {
        what: `${requestText(r, jwt)} is ${result.decision === Decision.ALLOW ? 'allowed' : 'denied'}${by} (${result.reason})`,
        example: `${requestText(r, jwt)} from ${intent.from} to ${to} is answered ${result.status}`,
        policy: result.policy,
      };
    }
  }
  return undefined;
}

function reachableViolation(ctx: AnalysisContext, model: MeshModel, intent: IntentSpec, accepted: ReadonlyArray<AccessRequest['jwt']>): Violation | undefined {
  const gatewayRef = intent.from.slice('gateway:'.length);
  const [gwNamespace, gwName] = gatewayRef.split('/');
  const gateway = gwNamespace && gwName ? ctx.find(GK.Gateway, gwNamespace, gwName) : undefined;
  for (const r of intent.requests) {
    const request = `${r.method} http://${intent.host}:${intent.port}${r.path}`;
    let route;
    try {
      route = model.route({ from: intent.from, host: intent.host!, port: intent.port, method: r.method, path: r.path, headers: r.headers });
    } catch (e) {
      return { what: `${request} cannot be asked: ${(e as Error).message}`, example: `${request} through ${intent.from}` };
    }
    const answered = route.redirect ? 'a redirect' : route.directResponse ? 'a direct response' : undefined;
    if (route.destinations.length === 0) {
      const why = !route.virtualService ? 'no VirtualService routes it on the gateway (404)'
        : answered ? `VirtualService ${route.virtualService} answers it with ${answered}` : `no rule of VirtualService ${route.virtualService} matches it (404)`;
      return { what: `${request} is not routed: ${why}`, example: `${request} through ${intent.from} is answered ${answered ? 'by the gateway' : 404}`, virtualService: route.virtualService };
    }
    const callers = gateway ? gatewayAccounts(ctx, gateway) : [];
    for (const d of route.destinations.filter((x) => x.weight > 0)) {
      const target = serviceTarget(ctx, gwNamespace, d.host, d.port);
      if (!target) continue;
      for (const from of callers) {
        let denial: AccessResult | undefined;
        for (const jwt of variants(intent, accepted)) {
          const result = ask(model, { from, to: target.to, method: r.method, path: r.path, headers: r.headers, ...(jwt ? { jwt } : {}) });
          if (typeof result === 'string') break; // a host outside the set: nothing to ask
          if (result.decision === Decision.ALLOW) {
            denial = undefined;
            break;
          }
          denial ??= result;
        }
        if (denial) {
          const by = denial.policy ? ` by ${denial.policy}${denial.rule !== undefined ? ` rule ${denial.rule}` : ''}` : '';
          return {
            what: `${request} is routed by ${route.virtualService ?? 'the Service'} to ${target.to}, which denies it from the gateway's identity ${from}${by} (${denial.reason})`,
            example: `${request} through ${intent.from} is answered ${denial.status}`,
            policy: denial.policy,
            virtualService: route.virtualService,
          };
        }
      }
    }
  }
  return undefined;
}
