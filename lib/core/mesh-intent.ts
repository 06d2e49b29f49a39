import { Construct, IConstruct } from 'constructs';
import { fieldError } from './errors';
import { istioResourceCreated } from './synth-pass';
import { WorkloadSelector } from './workload-selector';

/** What an intent promises about the mesh's behaviour. */
export enum IntentKind {
  /** Every request of the intent is allowed. */
  ALLOW = 'allow',
  /** Every request of the intent is denied (by a policy, a token check, or mTLS). */
  DENY = 'deny',
  /** Every request of the intent, sent to a gateway, is routed to a workload that allows it. */
  REACHABLE = 'reachable',
}

/** The claims of a JWT an intent's requests carry. */
export interface IntentTokenClaims {
  /** The `iss` claim. */
  readonly iss: string;
  /**
   * The `sub` claim.
   * @default 'intent'
   */
  readonly sub?: string;
  /**
   * The `aud` claim.
   * @default - none
   */
  readonly aud?: string | string[];
  /**
   * Other claims (nested objects and lists allowed), e.g. `{ groups: ['admin'] }`.
   * @default - none
   */
  readonly claims?: { readonly [claim: string]: unknown };
}

/** Which token an intent's requests carry. */
export class IntentToken {
  /** No token. */
  public static none(): IntentToken {
    return new IntentToken(false);
  }

  /** A valid token with these claims (valid when a RequestAuthentication accepts its issuer and audience). */
  public static of(claims: IntentTokenClaims): IntentToken {
    if (!claims.iss) throw fieldError('IntentToken.of iss', 'is missing', 'Give the token\'s issuer (iss).');
    return new IntentToken(false, { ...claims, sub: claims.sub ?? 'intent' });
  }

  /**
   * Whichever token the destination accepts, or none: the intent holds when one of them works. For callers that
   * present the token the app expects, e.g. the users behind an ingress gateway or a caller that an identity
   * policy allows and a JwtProtectedApp asks for a token.
   */
  public static anyAccepted(): IntentToken {
    return new IntentToken(true);
  }

  private constructor(
    /** Whether any accepted token (or none) will do. */
    public readonly anyAccepted: boolean,
    /** The token's claims. @default - no token */
    public readonly claims?: IntentTokenClaims,
  ) {}
}

/** Workloads an access intent is about, by namespace and pod labels (for constructs that know only a selector). */
export interface IntentWorkloads {
  /** The workloads' namespace. */
  readonly namespace: string;
  /**
   * The workloads' pods.
   * @default - every workload of the namespace
   */
  readonly selector?: WorkloadSelector;
  /**
   * The workload (container) port.
   * @default - the first port of the Service that selects the pods, else their first container port, else 80
   */
  readonly port?: number;
}

/** The requests of an intent: each method with each path. */
export interface IntentRequestProps {
  /**
   * HTTP methods.
   * @default ['GET']
   */
  readonly methods?: string[];
  /**
   * Paths, absolute: exact (`/api/orders`), or Istio's path patterns (`/api/*`, `*.png`), tried as one request each.
   * @default ['/']
   */
  readonly paths?: string[];
  /**
   * Request headers.
   * @default - none
   */
  readonly headers?: { readonly [name: string]: string };
  /**
   * The token the requests carry.
   * @default - IntentToken.none() for allow and deny, IntentToken.anyAccepted() for reachable
   */
  readonly token?: IntentToken;
  /**
   * The intent's construct id (findings name its construct path).
   * @default - `allow-1`, `deny-1`, `reachable-1`, ... in the scope
   */
  readonly name?: string;
}

/** Props of `MeshIntent.allow()` and `MeshIntent.deny()`. */
export interface AccessIntentProps extends IntentRequestProps {
  /** The caller: `NAMESPACE/SERVICEACCOUNT`, or `anonymous` (a plaintext caller with no mesh identity). */
  readonly from: string;
  /** The destination: `NAMESPACE/SERVICE:PORT` (the Service port), or workloads by namespace and selector. */
  readonly to: string | IntentWorkloads;
}

/** Props of `MeshIntent.reachable()`. */
export interface ReachableIntentProps extends IntentRequestProps {
  /** The gateway the requests come in through: `gateway:NAMESPACE/NAME` or `NAMESPACE/NAME` of its Gateway object. */
  readonly from: string;
  /** The host the users address, e.g. `shop.example.com`. */
  readonly host: string;
  /**
   * The gateway port.
   * @default 80
   */
  readonly port?: number;
}

/** One request of an intent. */
export interface IntentRequest {
  /** The method. */
  readonly method: string;
  /** The path. */
  readonly path: string;
  /** The headers. */
  readonly headers: { readonly [name: string]: string };
}

/** An intent's destination, with its selector read. */
export interface IntentTarget {
  /** The namespace. */
  readonly namespace: string;
  /** The pod labels. @default - every workload of the namespace */
  readonly labels?: { readonly [key: string]: string };
  /** The workload port. @default - the first port of the Service that selects the pods, else their first container port, else 80 */
  readonly port?: number;
}

/** What an intent asks, as plain data (read at synth, when selectors are final). */
export interface IntentSpec {
  /** What it promises. */
  readonly kind: IntentKind;
  /** The caller, or for REACHABLE the gateway (`gateway:NAMESPACE/NAME`). */
  readonly from: string;
  /** ALLOW and DENY: the destination. @default - none (REACHABLE) */
  readonly to?: string | IntentTarget;
  /** REACHABLE: the host. @default - none */
  readonly host?: string;
  /** REACHABLE: the gateway port. @default - none */
  readonly port?: number;
  /** The requests tried. */
  readonly requests: readonly IntentRequest[];
  /** The token they carry. */
  readonly token: IntentToken;
}

/**
 * What the app promises about the mesh's behaviour: who may call whom, who may not, and what users reach through
 * a gateway. At synth, the checks answer each intent with the behaviour model of the whole app and fail the synth
 * (CIS5017, naming the intent's construct path, the request and the deciding policy) when the objects contradict it.
 * Patterns declare the intents they promise; declare your own for the promises of your app.
 *
 * @example
 * MeshIntent.allow(chart, { from: 'shop/frontend', to: 'shop/orders:8080', methods: ['GET', 'POST'], paths: ['/api/orders'] });
 * MeshIntent.deny(chart, { from: 'shop/reviews', to: 'shop/orders:8080', methods: ['DELETE'], paths: ['/api/orders'] });
 * MeshIntent.reachable(chart, { from: 'gateway:shop/shop', host: 'shop.example.com', paths: ['/'] });
 */
export class MeshIntent extends Construct {
  /** Every request must be allowed. */
  public static allow(scope: Construct, props: AccessIntentProps): MeshIntent {
    return new MeshIntent(scope, IntentKind.ALLOW, props);
  }

  /** Every request must be denied. */
  public static deny(scope: Construct, props: AccessIntentProps): MeshIntent {
    return new MeshIntent(scope, IntentKind.DENY, props);
  }

  /** Every request sent to the gateway must be routed to a workload that allows it from the gateway. */
  public static reachable(scope: Construct, props: ReachableIntentProps): MeshIntent {
    return new MeshIntent(scope, IntentKind.REACHABLE, props);
  }

  /** Every intent of the app `scope` belongs to, in construct order. */
  public static of(scope: IConstruct): MeshIntent[] {
    return scope.node.root.node.findAll().filter((c): c is MeshIntent => c instanceof MeshIntent);
  }

  /** What the intent promises. */
  public readonly kind: IntentKind;
  private readonly props: AccessIntentProps | ReachableIntentProps;

  private constructor(scope: Construct, kind: IntentKind, props: AccessIntentProps | ReachableIntentProps) {
    super(scope, props.name ?? nextName(scope, kind));
    this.kind = kind;
    this.props = props;
    const fail = (what: string) => new Error(`${this.node.path}: MeshIntent.${kind}: ${what}`);
    if (!props.from) throw fail('from is empty. Name the caller (NAMESPACE/SERVICEACCOUNT or anonymous), or the gateway.');
    if (props.methods?.length === 0) throw fail('methods is empty, so the intent asks nothing. Remove it (GET) or list methods.');
    if (props.paths?.length === 0) throw fail('paths is empty, so the intent asks nothing. Remove it (/) or list paths.');
    props.paths?.forEach((p, i) => {
      if (!p.startsWith('/') && !p.startsWith('*')) throw fail(`paths[${i}] '${p}' is not an absolute path. Start it with '/'.`);
    });
    if (kind === IntentKind.REACHABLE && !(props as ReachableIntentProps).host) throw fail('host is empty. Give the host users address.');
    // An intent is checked at synth like an Istio object: it turns the checks on for its app.
    istioResourceCreated(this);
  }

  /** The intent as plain data, selectors read. */
  public get spec(): IntentSpec {
    const p = this.props;
    const requests: IntentRequest[] = [];
    for (const method of p.methods ?? ['GET']) {
      for (const path of p.paths ?? ['/']) requests.push({ method: method.toUpperCase(), path: examplePath(path), headers: { ...p.headers } });
    }
    if (this.kind === IntentKind.REACHABLE) {
      const r = p as ReachableIntentProps;
      const from = r.from.startsWith('gateway:') ? r.from : `gateway:${r.from}`;
      return { kind: this.kind, from, host: r.host, port: r.port ?? 80, requests, token: p.token ?? IntentToken.anyAccepted() };
    }
    const a = p as AccessIntentProps;
    const to = typeof a.to === 'string' ? a.to : {
      namespace: a.to.namespace,
      ...(a.to.selector ? { labels: a.to.selector.labels } : {}),
      ...(a.to.port !== undefined ? { port: a.to.port } : {}),
    };
    return { kind: this.kind, from: a.from, to, requests, token: p.token ?? IntentToken.none() };
  }
}

/** `allow-1`, `allow-2`, ...: the first id of the kind not taken in the scope. */
function nextName(scope: Construct, kind: IntentKind): string {
  for (let i = 1; ; i++) {
    if (!scope.node.tryFindChild(`${kind}-${i}`)) return `${kind}-${i}`;
  }
}

/**
 * A path a request may use for an Istio path value: the value itself when exact, `/api/x` for `/api/*`,
 * `/x.png` for `*.png`, `/` for `*`.
 */
export function examplePath(pattern: string): string {
  if (pattern === '*') return '/';
  if (pattern.endsWith('*')) return `${pattern.slice(0, -1)}x`;
  if (pattern.startsWith('*')) return `/x${pattern.slice(1)}`;
  return pattern;
}
