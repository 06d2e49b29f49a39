import { evaluateAuthorization } from '../patterns/authz-evaluator';
import { KubeObject } from '../vocab/object';

/** A workload the graph asks about. */
export interface AccessTarget {
  /** The workload's namespace. */
  readonly namespace: string;
  /** The workload's pod labels. */
  readonly labels: Readonly<Record<string, string>>;
  /** The port the call is made to (the workload's port), when known. */
  readonly port?: number;
}

/** The access model's answer: allowed or not, or why it cannot say. */
export type AccessAnswer = boolean | { readonly unknown: string };

/**
 * The one question the graph asks the behaviour model: may a caller make a plain `GET /` to a
 * workload? `principal` is the caller's mesh identity (`cluster.local/ns/NS/sa/SA`); undefined for a
 * plaintext caller without one.
 */
export interface AccessOracle {
  /** Answers the question for one caller and workload. */
  mayCall(principal: string | undefined, target: AccessTarget): AccessAnswer;
}

type Spec = Record<string, any>;

/** The mTLS mode of a PeerAuthentication's spec (`UNSET` inherits). */
function modeOf(spec: Spec): string {
  const mode = spec?.mtls?.mode;
  return typeof mode === 'string' && mode !== '' ? mode : 'UNSET';
}

function selectorOf(policy: KubeObject): Record<string, string> {
  return (policy.spec as Spec | undefined)?.selector?.matchLabels ?? {};
}

/**
 * The access oracle the graph uses on its own: PeerAuthentication (STRICT refuses plaintext
 * callers) and AuthorizationPolicy through `evaluateAuthorization`. Policies are indexed by
 * namespace once, so each question reads only those that can apply.
 */
export class PolicyAccessOracle implements AccessOracle {
  private readonly policies = new Map<string, KubeObject[]>();
  private readonly peerAuthentications = new Map<string, KubeObject[]>();

  /**
   * @param objects the mesh's objects
   * @param rootNamespace Istio's root namespace, whose policies apply mesh-wide
   */
  public constructor(objects: readonly KubeObject[], private readonly rootNamespace = 'istio-system') {
    for (const o of objects) {
      const map = o.kind === 'AuthorizationPolicy' ? this.policies : o.kind === 'PeerAuthentication' ? this.peerAuthentications : undefined;
      if (!map || !/^security\.istio\.io\//.test(o.apiVersion)) continue;
      const ns = o.metadata?.namespace ?? 'default';
      map.set(ns, [...(map.get(ns) ?? []), o]);
    }
  }

  /** The mTLS mode a namespace's workloads accept without a policy of their own, and the PeerAuthentication setting it. */
  public namespaceMtls(namespace: string): { mode: string; policy?: string } {
    for (const ns of namespace === this.rootNamespace ? [namespace] : [namespace, this.rootNamespace]) {
      const policy = (this.peerAuthentications.get(ns) ?? []).find((p) => Object.keys(selectorOf(p)).length === 0 && modeOf(p.spec as Spec) !== 'UNSET');
      if (policy) return { mode: modeOf(policy.spec as Spec), policy: `${ns}/${policy.metadata?.name ?? ''}` };
    }
    return { mode: 'PERMISSIVE' };
  }

  /** The effective mTLS mode for a workload: its own policy (its port's first), else its namespace's, else the mesh's, else PERMISSIVE. */
  public mtlsMode(target: AccessTarget): string {
    const own = (this.peerAuthentications.get(target.namespace) ?? []).filter((p) => {
      const selector = selectorOf(p);
      return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => target.labels[k] === v);
    });
    for (const p of own) {
      const spec = p.spec as Spec;
      const port = target.port === undefined ? undefined : spec?.portLevelMtls?.[String(target.port)];
      const mode = port ? modeOf({ mtls: port }) : modeOf(spec);
      if (mode !== 'UNSET') return mode;
    }
    return this.namespaceMtls(target.namespace).mode;
  }

  public mayCall(principal: string | undefined, target: AccessTarget): AccessAnswer {
    if (principal === undefined && this.mtlsMode(target) === 'STRICT') return false;
    const mesh = target.namespace === this.rootNamespace ? [] : this.policies.get(this.rootNamespace) ?? [];
    const policies = [...(this.policies.get(target.namespace) ?? []), ...mesh];
    if (policies.length === 0) return true;
    try {
      return evaluateAuthorization(policies, { namespace: target.namespace, labels: target.labels }, {
        ...(principal !== undefined ? { sourcePrincipal: principal } : {}),
        ...(target.port !== undefined ? { port: target.port } : {}),
        method: 'GET',
        path: '/',
      }, { rootNamespace: this.rootNamespace }).allowed;
    } catch (e) {
      return { unknown: (e as Error).message };
    }
  }
}
