import { fieldError } from '../core/errors';
import { workloadIdentity } from '../vocab/identity';

/**
 * The shape of a cdk8s-plus ServiceAccount (or any construct with a name and namespace) that principals are built from,
 * so cdk8s-plus need not be a dependency.
 */
export interface IServiceAccountIdentity {
  /** The service account's name. */
  readonly name: string;
  /** Its metadata; `namespace` is the chart's namespace when not set on the object. */
  readonly metadata: { readonly namespace?: string };
}

/** Options of a SPIFFE principal. */
export interface PrincipalOptions {
  /**
   * The mesh's trust domain (MeshConfig `trustDomain`).
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Namespace of a service account whose metadata has none.
   * @default - required when the service account has no namespace
   */
  readonly namespace?: string;
}

/** Builds the workload principals AuthorizationPolicy matches: `<trustDomain>/ns/<namespace>/sa/<serviceAccount>`. */
export class Principal {
  /**
   * The principal of a service account construct (e.g. cdk8s-plus `ServiceAccount`).
   * @throws when neither the service account nor the options give a namespace
   */
  public static fromServiceAccount(serviceAccount: IServiceAccountIdentity, options: PrincipalOptions = {}): string {
    const namespace = serviceAccount.metadata.namespace ?? options.namespace;
    if (!namespace) {
      throw fieldError('Principal.fromServiceAccount', `ServiceAccount '${serviceAccount.name}' has no namespace, so its principal is unknown`,
        'Set metadata.namespace on it (or its chart), or pass { namespace } to Principal.fromServiceAccount().');
    }
    return Principal.of(namespace, serviceAccount.name, options.trustDomain);
  }

  /** The principal of a service account given by namespace and name. */
  public static of(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
    for (const [what, value] of [['namespace', namespace], ['service account', serviceAccount], ['trust domain', trustDomain]]) {
      if (!value || value.includes('/')) throw fieldError(`Principal.of ${what}`, `'${value}' must be non-empty and contain no '/'`, `Give the ${what} alone.`);
    }
    return workloadIdentity(trustDomain, namespace, serviceAccount);
  }

  private constructor() {}
}
