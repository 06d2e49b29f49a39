import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AllowedCallers } from './allow-traffic';
import { pathMatches } from './pattern-intents';
import { patternName, suppressing } from './pattern-util';
import { IWaypoint, WaypointTraffic } from '../ambient/waypoint';
import { Dataplane } from '../core/dataplane';
import { configError } from '../core/errors';
import { IntentToken, MeshIntent } from '../core/mesh-intent';
import { dataplaneOf, definesNamespace } from '../core/namespace-dataplane';
import { INamedResource, PolicyTarget } from '../core/policy-target';
import { WorkloadSelector } from '../core/workload-selector';
import { AuthorizationAction, AuthorizationPolicy, JwtRequirement } from '../security/authorization-policy';
import { AuthorizationOperation, AuthorizationRule, AuthorizationSource } from '../security/authorization-rule';
import { Condition } from '../security/condition';
import { JwtRule } from '../security/jwt-rule';
import { Principal } from '../security/principal';
import { RequestAuthentication } from '../security/request-authentication';

/** Access for tokens carrying a claim value, optionally limited to some paths and methods (e.g. admins may DELETE). */
export interface JwtClaimRule {
  /** The claim, e.g. `roles`; a nested claim as `['realm_access', 'roles']`. List claims match when any element matches. */
  readonly claim: string | string[];
  /** The claim values that grant access (exact, `abc*`, `*abc`). */
  readonly values: string[];
  /**
   * Paths the rule grants, absolute (`/admin`, `/admin/*`).
   * @default - every path
   */
  readonly paths?: string[];
  /**
   * HTTP methods the rule grants.
   * @default - every method
   */
  readonly methods?: string[];
}

/** Requests reachable without a token: some methods, some paths, or some methods on some paths. */
export interface JwtPublicAccess {
  /**
   * HTTP methods, e.g. `['OPTIONS']` for CORS preflight.
   * @default - every method (give paths)
   */
  readonly methods?: string[];
  /**
   * Absolute paths: exact (`/docs`) or prefix (`/docs/*`).
   * @default - every path (give methods)
   */
  readonly paths?: string[];
}

/** Which callers a valid token admits. */
export class JwtCallers {
  /** Any caller with a valid token (the ALLOW names no caller). Istio ORs it with your own ALLOW policies on the workload. */
  public static anyCaller(): JwtCallers {
    return new JwtCallers('any');
  }

  /** Only these callers (service accounts, namespaces; by mTLS identity), with a valid token. */
  public static only(callers: AllowedCallers): JwtCallers {
    return new JwtCallers('only', callers);
  }

  /**
   * The callers your own ALLOW policies allow: the pattern writes no ALLOW policy (a valid token is still required,
   * by the DENY policy, outside the public access), so it composes with an ALLOW such as "only frontend, GET and
   * POST" instead of widening it. The public access is then exempt from the token only: allow it in your policies.
   * Without any ALLOW policy on the workload every caller with a token is allowed.
   */
  public static fromAllowPolicies(): JwtCallers {
    return new JwtCallers('policies');
  }

  private constructor(
    /** How callers are chosen. @internal */
    public readonly _mode: 'any' | 'only' | 'policies',
    /** The named callers. @internal */
    public readonly _callers?: AllowedCallers,
  ) {}
}

/** Props of a JwtProtectedApp. */
export interface JwtProtectedAppProps {
  /** The workload to protect, e.g. `WorkloadSelector.labels({ app: 'orders' })` or `WorkloadSelector.workload(deployment)`. */
  readonly selector: WorkloadSelector;
  /**
   * Namespace of the generated policies.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Base name of the generated objects: `<name>` (RequestAuthentication), `<name>-require-jwt` (DENY), `<name>-allow` (ALLOW).
   * @default - the selector's `app` label, else the construct's id
   */
  readonly name?: string;
  /** The accepted token issuers (at least one), each with its `issuer`, keys and audiences. */
  readonly issuers: JwtRule[];
  /**
   * Paths reachable without a token, absolute: exact (`/healthz`) or prefix (`/public/*`).
   * @default - none: every path needs a token
   */
  readonly publicPaths?: string[];
  /**
   * Requests reachable without a token, by method and path: e.g. `{ methods: ['OPTIONS'] }` (CORS preflight) and
   * `{ methods: ['GET'], paths: ['/docs', '/docs/*'] }`. Added to `publicPaths`.
   * @default - none
   */
  readonly publicAccess?: JwtPublicAccess[];
  /**
   * Which callers a valid token admits. `JwtCallers.only({ serviceAccounts })` narrows the ALLOW to them;
   * `JwtCallers.fromAllowPolicies()` leaves who may call to your own ALLOW policies (no widening, CIS5011).
   * @default JwtCallers.anyCaller()
   */
  readonly callers?: JwtCallers;
  /**
   * How a valid token is recognised. `REQUEST_PRINCIPAL` (`requestPrincipals: ['<issuer>/*']`) only matches tokens with a
   * non-empty `sub` claim, so machine tokens without `sub` are denied; `ISSUER_CLAIM` (`request.auth.claims[iss]`) accepts
   * any verified token of the issuers.
   * @default JwtRequirement.REQUEST_PRINCIPAL
   */
  readonly requirement?: JwtRequirement;
  /**
   * Claim-based access. With rules, a token grants only what a rule grants; without, any valid token grants everything.
   * Other ALLOW policies selecting the same workload add to what is allowed (Istio ORs ALLOW policies).
   * @default - any valid token is allowed everywhere
   */
  readonly claimRules?: JwtClaimRule[];
  /**
   * The workload's HTTP ports the policies cover. Tokens exist only on HTTP, so a DENY rule made of HTTP attributes
   * denies every TCP connection on the ports it covers. With `ports`, both policies cover only these ports: open the
   * others (e.g. a metrics port) with an ALLOW policy of your own.
   * @default - every port: plain TCP traffic to the workload is denied
   */
  readonly ports?: number[];
  /**
   * The data plane of the workload's namespace. In AMBIENT, ztunnel enforces no RequestAuthentication and drops the
   * HTTP rules of selector policies, so the policies target the Service on its waypoint (`targetRefs`) instead.
   * @default - the namespace's: its MeshNamespace in the app, else `IstioSettings` (`namespaceDataplanes`, `dataplane`)
   */
  readonly dataplane?: Dataplane;
  /**
   * AMBIENT only: the waypoint that serves `service` (required there). Make the Service use it with `useWaypoint()`.
   * @default - none (an error in ambient)
   */
  readonly waypoint?: IWaypoint;
  /**
   * AMBIENT only: the Service the policies target on the waypoint.
   * @default - the Service named after the selector's `app` label
   */
  readonly service?: string | INamedResource;
  /**
   * AMBIENT only: also emit `<name>-via-waypoint`, an L4 ALLOW (ztunnel) on the workload admitting only the waypoint's
   * identity, so callers cannot skip the token check by calling the pod directly, and the waypoint's requests pass a
   * deny-by-default namespace.
   * @default true
   */
  readonly onlyViaWaypoint?: boolean;
}

/**
 * A workload that requires a valid JWT: a RequestAuthentication (which only rejects INVALID tokens), a DENY policy
 * rejecting requests without a token except on public paths (no other ALLOW policy can override it), and an ALLOW
 * policy granting valid tokens (optionally by claim) and the public paths, so it works in a deny-by-default namespace.
 *
 * @example
 * new JwtProtectedApp(chart, 'orders', {
 *   selector: WorkloadSelector.labels({ app: 'orders' }),
 *   issuers: [{ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }],
 *   publicPaths: ['/healthz'],
 * });
 */
export class JwtProtectedApp extends Construct {
  /** The RequestAuthentication verifying tokens. */
  public readonly requestAuthentication: RequestAuthentication;
  /** The DENY policy rejecting requests without a valid token outside the public paths. */
  public readonly requireJwtPolicy: AuthorizationPolicy;
  /** The ALLOW policy granting valid tokens and the public access; none with `JwtCallers.fromAllowPolicies()`. */
  public readonly allowPolicy?: AuthorizationPolicy;
  /** The data plane the policies are written for. */
  public readonly dataplane: Dataplane;
  /** AMBIENT: the L4 ALLOW admitting only the waypoint to the workload (unless `onlyViaWaypoint: false`). */
  public readonly viaWaypointPolicy?: AuthorizationPolicy;

  public constructor(scope: Construct, id: string, props: JwtProtectedAppProps) {
    super(scope, id);
    const issuers = props.issuers.map((rule) => rule.issuer ?? '');
    if (issuers.length === 0) throw configError(this, 'issuers is empty: a JwtProtectedApp needs at least one issuer. Add { issuer, jwks }.');
    issuers.forEach((iss, i) => {
      if (!iss) throw configError(this, `issuers[${i}] has no issuer: the policies need it to accept the token. Set issuer.`);
    });
    const publicPaths = props.publicPaths ?? [];
    checkAbsolutePaths(this, 'publicPaths', publicPaths);
    props.publicAccess?.forEach((access, i) => {
      if (!access.methods?.length && !access.paths?.length) throw configError(this, `publicAccess[${i}] names no method and no path. Give methods, paths or both.`);
      checkAbsolutePaths(this, `publicAccess[${i}].paths`, access.paths ?? []);
    });
    const publicAccess: JwtPublicAccess[] = [...(publicPaths.length > 0 ? [{ paths: publicPaths }] : []), ...props.publicAccess ?? []];
    props.claimRules?.forEach((rule, i) => {
      if (rule.values.length === 0) throw configError(this, `claimRules[${i}].values is empty, so the rule grants nothing. List the claim values.`);
      checkAbsolutePaths(this, `claimRules[${i}].paths`, rule.paths ?? []);
    });
    const callers = props.callers ?? JwtCallers.anyCaller();
    const named = callers._callers ?? {};
    if (callers._mode === 'only' && !named.serviceAccounts?.length && !named.namespaces?.length) {
      throw configError(this, 'callers: JwtCallers.only() names no service account or namespace. Name the callers, or use JwtCallers.anyCaller().');
    }

    if (callers._mode === 'policies' && props.claimRules?.length) {
      throw configError(this, 'claimRules need the pattern\'s ALLOW policy, which JwtCallers.fromAllowPolicies() does not write. '
        + 'Use JwtCallers.only(...) with claimRules, or put the claim conditions in your own ALLOW policies.');
    }

    const name = patternName(this, props.name ?? props.selector.labels.app);
    const namespace = props.namespace ?? Chart.of(this).namespace;
    this.dataplane = props.dataplane ?? dataplaneOf(this, namespace);
    const ambient = this.dataplane === Dataplane.AMBIENT;
    if (!ambient && (props.waypoint || props.service)) {
      throw configError(this, 'waypoint and service are for an ambient namespace, this one is sidecar. Remove them, or set dataplane: Dataplane.AMBIENT.');
    }
    // Ambient (pilot/pkg/model/policyattachment.go): waypoints apply policies whose targetRefs name the Service they serve.
    const target = ambient ? ambientTarget(this, props) : undefined;
    const scopeProps = (suffix: string) => ({
      metadata: { name: `${name}${suffix}`, namespace: props.namespace },
      ...(target ? { targetRefs: [target] } : { selector: props.selector }),
    });
    const byIssuerClaim = props.requirement === JwtRequirement.ISSUER_CLAIM;
    const principals = issuers.map((iss) => `${iss}/*`);

    const ra = scopeProps('');
    // The analysis' CIS5001 only recognises request principals as "token required"; the issuer-claim DENY is one too.
    const metadata = byIssuerClaim ? { ...ra.metadata, ...suppressing(['CIS5001']) } : ra.metadata;
    this.requestAuthentication = new RequestAuthentication(this, 'RequestAuthentication', { ...ra, metadata, jwtRules: props.issuers });

    const ports = props.ports;
    // An operation limited to the protected ports (if given), or undefined when it would be empty.
    const on = (op: Omit<AuthorizationOperation, 'ports'>): AuthorizationOperation[] | undefined =>
      (ports || Object.keys(op).length > 0 ? [{ ports, ...op }] : undefined);
    const tokenless: AuthorizationRule = byIssuerClaim
      ? { when: [Condition.requestClaim('iss', undefined, issuers)] }
      : { from: [{ notRequestPrincipals: principals }] };
    const deny = scopeProps('-require-jwt');
    const exempt = notPublic(this, publicAccess).map((op) => ({ ports, ...op }));
    this.requireJwtPolicy = new AuthorizationPolicy(this, 'RequireJwt', {
      ...deny,
      // Without `ports`, denying plain TCP to the workload is the documented default, not the accident CIS2030 warns of.
      metadata: ports ? deny.metadata : { ...deny.metadata, ...suppressing(['CIS2030']) },
      action: AuthorizationAction.DENY,
      rules: [withTo(tokenless, exempt.length > 0 ? exempt : on({}))],
    });

    if (callers._mode !== 'policies') {
      const peers: AuthorizationSource[] = callers._mode === 'any' ? [{}] : [
        ...(named.serviceAccounts?.length
          ? [{ principals: named.serviceAccounts.map((sa) => Principal.fromServiceAccount(sa, { namespace })) }] : []),
        ...(named.namespaces?.length ? [{ namespaces: named.namespaces }] : []),
      ];
      const sources = peers.map((peer) => (byIssuerClaim ? peer : { ...peer, requestPrincipals: principals }))
        .filter((src) => Object.keys(src).length > 0);
      const from: AuthorizationSource[] | undefined = sources.length > 0 ? sources : undefined;
      const issuerCondition = byIssuerClaim ? [Condition.requestClaim('iss', issuers)] : [];
      const claimRules = props.claimRules ?? [];
      const tokenRules: AuthorizationRule[] = claimRules.length === 0
        ? [withTo({ from, ...(byIssuerClaim ? { when: issuerCondition } : {}) }, on({}))]
        : claimRules.map((rule) => withTo({ from, when: [...issuerCondition, Condition.requestClaim(rule.claim, rule.values)] },
          on({ paths: rule.paths, methods: rule.methods })));
      const publicOps = publicAccess.map((a) => ({ ports, ...(a.methods ? { methods: a.methods } : {}), ...(a.paths ? { paths: a.paths } : {}) }));
      const publicRule = publicOps.length > 0 ? [{ to: publicOps }] : [];
      this.allowPolicy = new AuthorizationPolicy(this, 'Allow', { ...scopeProps('-allow'), rules: [...tokenRules, ...publicRule] });
    }
    // In ambient the promises hold through the Service's waypoint: asked when the app defines the namespace and,
    // before this pattern, the Service (a call to the pods without it skips a service waypoint and is denied).
    if (!ambient || (definesNamespace(this, namespace) && definesService(this, namespace, props))) {
      this.declareIntents(props, namespace ?? 'default', publicAccess, callers);
    }
    if (ambient && props.onlyViaWaypoint !== false) {
      const waypointPrincipal = Principal.fromServiceAccount(props.waypoint!.serviceAccount);
      this.viaWaypointPolicy = new AuthorizationPolicy(this, 'ViaWaypoint', {
        metadata: { name: `${name}-via-waypoint`, namespace: props.namespace },
        selector: props.selector,
        rules: [{ from: [{ principals: [waypointPrincipal] }] }],
      });
    }
  }

  /**
   * The promises, checked at synth (CIS5017): a request without a token outside the public access is denied; unless
   * callers come from your policies, a valid token (with each claim rule's claim) from an admitted caller is allowed,
   * and so is each public access without one; with `JwtCallers.only`, another caller's valid token is denied.
   */
  private declareIntents(props: JwtProtectedAppProps, namespace: string, publicAccess: readonly JwtPublicAccess[], callers: JwtCallers): void {
    const to = { namespace, selector: props.selector, ...(props.ports ? { port: props.ports[0] } : {}) };
    const named = callers._callers ?? {};
    const sa = named.serviceAccounts?.[0];
    const caller = sa ? `${sa.metadata.namespace ?? namespace}/${sa.name}` : named.namespaces?.[0] ? `${named.namespaces[0]}/default` : `${namespace}/default`;
    const isPublic = (method: string, path: string) => publicAccess.some((a) =>
      (!a.methods?.length || a.methods.includes(method)) && (!a.paths?.length || a.paths.some((p) => pathMatches(p, path))));
    const guarded = PROBES.find(([m, p]) => !isPublic(m, p));
    const first = props.issuers[0];
    const token = (claims?: { [claim: string]: unknown }) =>
      IntentToken.of({ iss: first.issuer!, ...(first.audiences?.length ? { aud: first.audiences[0] } : {}), claims });
    if (guarded) MeshIntent.deny(this, { name: 'no-token-denied-intent', from: caller, to, methods: [guarded[0]], paths: [guarded[1]] });
    if (callers._mode === 'policies') return;
    const claimRules = props.claimRules ?? [];
    if (claimRules.length === 0) MeshIntent.allow(this, { name: 'token-allowed-intent', from: caller, to, token: token() });
    claimRules.forEach((rule, i) => MeshIntent.allow(this, {
      name: `claim-rule-${i + 1}-allowed-intent`,
      from: caller,
      to,
      methods: [rule.methods?.[0] ?? 'GET'],
      paths: [rule.paths?.[0] ?? '/'],
      token: token(claimsWith(rule.claim, concreteValue(rule.values[0]))),
    }));
    publicAccess.forEach((a, i) => MeshIntent.allow(this, {
      name: `public-${i + 1}-allowed-intent`, from: caller, to, methods: [a.methods?.[0] ?? 'GET'], paths: [a.paths?.[0] ?? '/'],
    }));
    if (callers._mode === 'only' && guarded && claimRules.length === 0) {
      MeshIntent.deny(this, { name: 'other-caller-denied-intent', from: STRANGER, to, methods: [guarded[0]], paths: [guarded[1]], token: token() });
    }
  }
}

/** Requests tried for "no token is denied": the first one no public access covers. */
const PROBES: ReadonlyArray<[string, string]> = [['GET', '/'], ['POST', '/'], ['GET', '/cdk8s-istio-intent'], ['DELETE', '/cdk8s-istio-intent']];
/** A caller no JwtCallers.only names. */
const STRANGER = 'cdk8s-istio-intent/stranger';
/** At most this many operations in the DENY rule (one per way of being outside every public access). */
const MAX_EXEMPT_OPERATIONS = 64;

/**
 * The operations of the DENY rule: outside every public access. A request is outside `{ methods, paths }` when its
 * method is not one of them or its path is not one of them; `to` ORs operations and each operation ANDs its fields,
 * so "outside all of them" is one operation per choice (method or path) in each access.
 */
function notPublic(scope: Construct, publicAccess: readonly JwtPublicAccess[]): Array<{ notMethods?: string[]; notPaths?: string[] }> {
  let ops: Array<{ notMethods?: string[]; notPaths?: string[] }> = publicAccess.length > 0 ? [{}] : [];
  for (const a of publicAccess) {
    const choices = [...(a.methods?.length ? [{ notMethods: a.methods }] : []), ...(a.paths?.length ? [{ notPaths: a.paths }] : [])];
    ops = ops.flatMap((op) => choices.map((c) => ({
      ...(op.notMethods || c.notMethods ? { notMethods: [...new Set([...op.notMethods ?? [], ...c.notMethods ?? []])] } : {}),
      ...(op.notPaths || c.notPaths ? { notPaths: [...new Set([...op.notPaths ?? [], ...c.notPaths ?? []])] } : {}),
    })));
    if (ops.length > MAX_EXEMPT_OPERATIONS) {
      throw configError(scope, `publicAccess: ${publicAccess.length} entries with both methods and paths need more than ${MAX_EXEMPT_OPERATIONS} operations in the DENY rule. Merge entries.`);
    }
  }
  const seen = new Set<string>();
  return ops.filter((op) => !seen.has(JSON.stringify(op)) && !!seen.add(JSON.stringify(op)));
}

/** A claim value an Istio claim pattern (`abc*`, `*abc`) matches. */
function concreteValue(pattern: string): string {
  if (pattern.endsWith('*')) return `${pattern.slice(0, -1)}x`;
  if (pattern.startsWith('*')) return `x${pattern.slice(1)}`;
  return pattern;
}

/** Claims with one (possibly nested) claim set to a list holding the value. */
function claimsWith(claim: string | string[], value: string): { [claim: string]: unknown } {
  const path = typeof claim === 'string' ? [claim] : claim;
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), [value]) as { [claim: string]: unknown };
}

/** The Service the ambient policies target; the waypoint must be given and take service traffic. */
function ambientTarget(scope: Construct, props: JwtProtectedAppProps) {
  if (!props.waypoint) {
    throw configError(scope, 'the namespace is ambient: ztunnel does not verify JWTs and drops HTTP rules, so a waypoint must enforce them. '
      + 'Pass waypoint (e.g. new Waypoint(...)) and make the Service use it with useWaypoint(service, waypoint).');
  }
  if (props.waypoint.traffic !== WaypointTraffic.SERVICE && props.waypoint.traffic !== WaypointTraffic.ALL) {
    throw configError(scope, `waypoint ${props.waypoint.namespace}/${props.waypoint.name} takes ${props.waypoint.traffic} traffic; `
      + 'the policies target the Service, so it must take service (or all) traffic.');
  }
  if (props.ports) {
    throw configError(scope, 'ports (workload ports) is for sidecars: in ambient the policies are on the waypoint. '
      + 'Remove ports, and write your own policy for ports that must not need a token.');
  }
  const service = props.service ?? props.selector.labels.app;
  if (!service) throw configError(scope, 'the namespace is ambient and the selector has no app label: name the Service the waypoint serves with service.');
  return PolicyTarget.service(service);
}

/** Whether the app defines, so far, the Service the policies target in ambient (`service`, else the selector's app). */
function definesService(scope: Construct, namespace: string | undefined, props: JwtProtectedAppProps): boolean {
  const name = typeof props.service === 'string' ? props.service : props.service?.name ?? props.selector.labels.app;
  return scope.node.root.node.findAll().some((c) => ApiObject.isApiObject(c) && c.kind === 'Service' && c.name === name
    && (c.metadata.namespace ?? Chart.of(c).namespace) === namespace);
}

/** A rule with `to` set when there is an operation. */
function withTo(rule: AuthorizationRule, to: AuthorizationOperation[] | undefined): AuthorizationRule {
  return to ? { ...rule, to } : rule;
}

function checkAbsolutePaths(scope: Construct, what: string, paths: readonly string[]): void {
  paths.forEach((p, i) => {
    if (!p.startsWith('/')) throw configError(scope, `${what}[${i}] '${p}' is not an absolute path. Start it with '/', e.g. '/healthz' or '/public/*'.`);
  });
}
