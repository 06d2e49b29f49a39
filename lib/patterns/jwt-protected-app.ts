import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { patternName, suppressing } from './pattern-util';
import { IWaypoint, WaypointTraffic } from '../ambient/waypoint';
import { Dataplane } from '../core/dataplane';
import { configError } from '../core/errors';
import { dataplaneOf } from '../core/namespace-dataplane';
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
  /** The ALLOW policy granting valid tokens and the public paths. */
  public readonly allowPolicy: AuthorizationPolicy;
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
    props.claimRules?.forEach((rule, i) => {
      if (rule.values.length === 0) throw configError(this, `claimRules[${i}].values is empty, so the rule grants nothing. List the claim values.`);
      checkAbsolutePaths(this, `claimRules[${i}].paths`, rule.paths ?? []);
    });

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
    const on = (op: { paths?: string[]; notPaths?: string[]; methods?: string[] }): AuthorizationOperation[] | undefined =>
      (ports || op.paths || op.notPaths || op.methods ? [{ ports, ...op }] : undefined);
    const tokenless: AuthorizationRule = byIssuerClaim
      ? { when: [Condition.requestClaim('iss', undefined, issuers)] }
      : { from: [{ notRequestPrincipals: principals }] };
    const deny = scopeProps('-require-jwt');
    this.requireJwtPolicy = new AuthorizationPolicy(this, 'RequireJwt', {
      ...deny,
      // Without `ports`, denying plain TCP to the workload is the documented default, not the accident CIS2030 warns of.
      metadata: ports ? deny.metadata : { ...deny.metadata, ...suppressing(['CIS2030']) },
      action: AuthorizationAction.DENY,
      rules: [withTo(tokenless, on({ notPaths: publicPaths.length > 0 ? publicPaths : undefined }))],
    });

    const from: AuthorizationSource[] | undefined = byIssuerClaim ? undefined : [{ requestPrincipals: principals }];
    const issuerCondition = byIssuerClaim ? [Condition.requestClaim('iss', issuers)] : [];
    const claimRules = props.claimRules ?? [];
    const tokenRules: AuthorizationRule[] = claimRules.length === 0
      ? [withTo({ from, ...(byIssuerClaim ? { when: issuerCondition } : {}) }, on({}))]
      : claimRules.map((rule) => withTo({ from, when: [...issuerCondition, Condition.requestClaim(rule.claim, rule.values)] },
        on({ paths: rule.paths, methods: rule.methods })));
    this.allowPolicy = new AuthorizationPolicy(this, 'Allow', {
      ...scopeProps('-allow'),
      rules: [...tokenRules, ...(publicPaths.length > 0 ? [{ to: on({ paths: publicPaths }) }] : [])],
    });
    if (ambient && props.onlyViaWaypoint !== false) {
      const waypointPrincipal = Principal.fromServiceAccount(props.waypoint!.serviceAccount);
      this.viaWaypointPolicy = new AuthorizationPolicy(this, 'ViaWaypoint', {
        metadata: { name: `${name}-via-waypoint`, namespace: props.namespace },
        selector: props.selector,
        rules: [{ from: [{ principals: [waypointPrincipal] }] }],
      });
    }
  }
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

/** A rule with `to` set when there is an operation. */
function withTo(rule: AuthorizationRule, to: AuthorizationOperation[] | undefined): AuthorizationRule {
  return to ? { ...rule, to } : rule;
}

function checkAbsolutePaths(scope: Construct, what: string, paths: readonly string[]): void {
  paths.forEach((p, i) => {
    if (!p.startsWith('/')) throw configError(scope, `${what}[${i}] '${p}' is not an absolute path. Start it with '/', e.g. '/healthz' or '/public/*'.`);
  });
}
