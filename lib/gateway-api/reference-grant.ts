import { Construct } from 'constructs';
import type { ReferenceGrantV1Beta1Spec, ReferenceGrantV1Beta1SpecFrom, ReferenceGrantV1Beta1SpecTo } from '../../imports/gateway.networking.k8s.io';
import { detachOnError, ConfigProblem, throwIfProblems } from '../core/errors';
import { GATEWAY_API, GATEWAY_API_GROUP } from '../core/gateway-api';
import { IstioResource, IstioResourceProps } from '../core/resource';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Who may refer: objects of a kind in a namespace. */
export interface ReferenceGrantFrom {
  /**
   * Their API group.
   * @default 'gateway.networking.k8s.io'
   */
  readonly group?: string;
  /** Their kind, e.g. `HTTPRoute` or `Gateway`. */
  readonly kind: string;
  /** Their namespace. */
  readonly namespace: string;
}

/** What may be referred to, in the grant's namespace. */
export interface ReferenceGrantTo {
  /**
   * Its API group.
   * @default '' (core: Service, Secret)
   */
  readonly group?: string;
  /** Its kind, e.g. `Service` or `Secret`. */
  readonly kind: string;
  /**
   * One object by name.
   * @default - every object of the kind
   */
  readonly name?: string;
}

/** Props of a ReferenceGrant. */
export interface ReferenceGrantProps extends IstioResourceProps {
  /** Who may refer (at least one). */
  readonly from: ReferenceGrantFrom[];
  /** What they may refer to (at least one). */
  readonly to: ReferenceGrantTo[];
}

/**
 * A Kubernetes Gateway API ReferenceGrant (`gateway.networking.k8s.io/v1beta1`, the version the
 * standard channel stores): lets routes or Gateways of other namespaces refer to Services or Secrets
 * of this one. Without it, Istio refuses the reference (`RefNotPermitted`).
 *
 * @example
 * new ReferenceGrant(chart, 'shop-to-backends', { metadata: { namespace: 'backends' },
 *   from: [{ kind: 'HTTPRoute', namespace: 'shop' }], to: [{ kind: 'Service' }] });
 */
export class ReferenceGrant extends IstioResource<ReferenceGrantV1Beta1Spec> {
  private readonly from: ReferenceGrantFrom[];
  private readonly to: ReferenceGrantTo[];

  /** @throws when from or to is empty or has more than 16 entries */
  public constructor(scope: Construct, id: string, props: ReferenceGrantProps) {
    super(scope, id, { api: { ...GATEWAY_API, defaultVersion: 'v1beta1' }, kind: 'ReferenceGrant' }, props);
    this.from = [...props.from];
    this.to = [...props.to];
    detachOnError(this, () => {
      const problems: ConfigProblem[] = [];
      for (const [field, list] of [['spec.from', this.from], ['spec.to', this.to]] as const) {
        if (list.length === 0) problems.push({ field, problem: 'empty', fix: 'Give at least one entry.' });
        if (list.length > 16) problems.push({ field, problem: `${list.length} entries, the API allows 16`, fix: 'Split the grant.' });
      }
      throwIfProblems(this, problems);
    });
  }

  protected renderSpec(): Wire<ReferenceGrantV1Beta1Spec> {
    return {
      from: this.from.map((f): Wire<ReferenceGrantV1Beta1SpecFrom> => ({
        group: f.group ?? GATEWAY_API_GROUP, kind: f.kind, namespace: f.namespace,
      })),
      to: this.to.map((t) => dropUndefined<Wire<ReferenceGrantV1Beta1SpecTo>>({ group: t.group ?? '', kind: t.kind, name: t.name })),
    };
  }
}
