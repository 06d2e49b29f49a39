import { MeshModel } from '../model/mesh-model';
import { Decision } from '../model/requests';
import { identityAccount } from '../vocab/identity';

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

/**
 * The graph's questions answered by the behaviour model (`MeshModel.access`), so the picture says what
 * `cdk8s-istio explain` and the behaviour checks say: sidecar, ambient (ztunnel) and waypoint
 * enforcement, mTLS modes, DENY before ALLOW. An identity the objects do not define (e.g. "any identity
 * of namespace X") is asked about as a workload of its namespace's data plane.
 */
export class ModelAccessOracle implements AccessOracle {
  public constructor(private readonly model: MeshModel) {}

  public mayCall(principal: string | undefined, target: AccessTarget): AccessAnswer {
    const account = principal === undefined ? 'anonymous' : identityAccount(principal);
    if (account === undefined) return { unknown: `"${principal}" is not a mesh identity (TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICEACCOUNT)` };
    const from = typeof account === 'string' ? account : `${account.namespace}/${account.serviceAccount}`;
    try {
      const to = { namespace: target.namespace, labels: target.labels, ...(target.port !== undefined ? { port: target.port } : {}) };
      return this.model.access({ from, to, method: 'GET', path: '/', assumeCaller: true }).decision === Decision.ALLOW;
    } catch (e) {
      return { unknown: (e as Error).message };
    }
  }
}
