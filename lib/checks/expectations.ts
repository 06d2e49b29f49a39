import { IConstruct } from 'constructs';
import { AccessRequest, AccessResult, Decision, JwtToken, MeshModel, RoutedDestination, RouteRequest, RouteResult, targetText, WorkloadTarget } from '../model';

/**
 * A request to ask an app's behaviour model about, built step by step:
 * `expectAccess(app).from('shop/frontend').to('shop/orders:8080').get('/api/orders').toBeAllowed()`.
 * A failed expectation throws an error naming the decision, the deciding policy and rule, and why.
 */
export class AccessExpectation {
  private request: { -readonly [K in keyof AccessRequest]?: AccessRequest[K] } = {};

  public constructor(private readonly model: MeshModel) {}

  /** The caller: `NAMESPACE/SERVICEACCOUNT` or `anonymous`. */
  public from(caller: string): this {
    this.request.from = caller;
    return this;
  }

  /** The destination: `NAMESPACE/SERVICE:PORT` (the Service port), or workloads `{ namespace, labels, port }`. */
  public to(service: string | WorkloadTarget): this {
    this.request.to = service;
    return this;
  }

  /** The method and path. */
  public method(method: string, path = '/'): this {
    this.request.method = method;
    this.request.path = path;
    return this;
  }

  /** A GET of a path. */
  public get(path = '/'): this {
    return this.method('GET', path);
  }

  /** A POST to a path. */
  public post(path = '/'): this {
    return this.method('POST', path);
  }

  /** A PUT to a path. */
  public put(path = '/'): this {
    return this.method('PUT', path);
  }

  /** A DELETE of a path. */
  public delete(path = '/'): this {
    return this.method('DELETE', path);
  }

  /** A request header. */
  public withHeader(name: string, value: string): this {
    this.request.headers = { ...this.request.headers, [name]: value };
    return this;
  }

  /** A JWT the request carries. */
  public withJwt(token: JwtToken): this {
    this.request.jwt = token;
    return this;
  }

  /** The model's answer. */
  public result(): AccessResult {
    if (!this.request.from || !this.request.to) throw new Error('expectAccess: say .from(NS/SA) and .to(NS/SERVICE:PORT) first');
    return this.model.access(this.request as AccessRequest);
  }

  /** Throws unless the request is allowed. */
  public toBeAllowed(): AccessResult {
    return this.expect(Decision.ALLOW);
  }

  /** Throws unless the request is denied. */
  public toBeDenied(): AccessResult {
    return this.expect(Decision.DENY);
  }

  private expect(decision: Decision): AccessResult {
    const r = this.result();
    if (r.decision !== decision) {
      const q = this.request;
      const by = r.policy ? ` by ${r.policy}${r.rule !== undefined ? ` rule ${r.rule}` : ''}` : '';
      throw new Error(`expected ${q.from} -> ${targetText(q.to!)} ${q.method ?? 'GET'} ${q.path ?? '/'} to be ${decision === Decision.ALLOW ? 'allowed' : 'denied'}, `
        + `but it is ${r.decision === Decision.ALLOW ? 'allowed' : 'denied'}${by} (${r.status}): ${r.reason}`);
    }
    return r;
  }
}

/** A routing question, built step by step: `expectRoute(app).from('shop/frontend').to('reviews').get('/').toRouteTo(...)`. */
export class RouteExpectation {
  private request: { -readonly [K in keyof RouteRequest]?: RouteRequest[K] } = {};

  public constructor(private readonly model: MeshModel) {}

  /** The caller: `NAMESPACE/SERVICEACCOUNT`, `anonymous` or `gateway:NAMESPACE/NAME`. */
  public from(caller: string): this {
    this.request.from = caller;
    return this;
  }

  /** The host (and port) the caller addresses. */
  public to(host: string, port?: number): this {
    this.request.host = host;
    this.request.port = port;
    return this;
  }

  /** A GET of a path. */
  public get(path = '/'): this {
    this.request.method = 'GET';
    this.request.path = path;
    return this;
  }

  /** A request header. */
  public withHeader(name: string, value: string): this {
    this.request.headers = { ...this.request.headers, [name]: value };
    return this;
  }

  /** The model's answer. */
  public result(): RouteResult {
    if (!this.request.from || !this.request.host) throw new Error('expectRoute: say .from(caller) and .to(host) first');
    return this.model.route(this.request as RouteRequest);
  }

  /**
   * Throws unless the request goes to exactly these destinations (a host alone means one destination with all
   * the traffic; unset fields of a destination are not compared).
   */
  public toRouteTo(...destinations: Array<string | Partial<RoutedDestination>>): RouteResult {
    const r = this.result();
    const wanted = destinations.map((d) => (typeof d === 'string' ? { host: d, weight: destinations.length === 1 ? 100 : undefined } : d));
    const actual: RoutedDestination[] = r.destinations.length > 0 ? r.destinations : r.service ? [{ host: r.service.host, weight: 100 }] : [];
    const fieldsMatch = (w: Partial<RoutedDestination>, a: RoutedDestination) =>
      Object.entries(w).every(([k, v]) => v === undefined || a[k as keyof RoutedDestination] === v);
    const same = wanted.length === actual.length && wanted.every((w, i) => fieldsMatch(w, actual[i]));
    if (!same) {
      throw new Error(`expected ${this.request.from} -> ${this.request.host} ${this.request.path ?? '/'} to go to ${JSON.stringify(wanted)}, `
        + `but it goes to ${JSON.stringify(actual)}${r.virtualService ? ` (VirtualService ${r.virtualService}${r.rule !== undefined ? ` rule ${r.rule}` : ''})` : ''}: ${r.reason}`);
    }
    return r;
  }
}

/** Access questions about the app `scope` belongs to (its objects as synthesized). */
export function expectAccess(scope: IConstruct): AccessExpectation {
  return new AccessExpectation(MeshModel.fromApp(scope));
}

/** Routing questions about the app `scope` belongs to (its objects as synthesized). */
export function expectRoute(scope: IConstruct): RouteExpectation {
  return new RouteExpectation(MeshModel.fromApp(scope));
}
