import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioKind, IstioResource } from '../core/resource';
import type { Wire } from '../core/wire';

/** Props of a platform-owned Istio object; `L1Spec` is the kind's generated spec type. */
export interface IstioObjectProps<L1Spec> {
  /** Name, namespace, labels. */
  readonly metadata: ApiObjectMetadata;
  /** Produces the spec at synth. */
  readonly spec: () => Wire<L1Spec>;
}

/**
 * An Istio object whose spec the platform constructs compute (Gateway, VirtualService, Telemetry).
 * It is an IstioResource, so it emits the API version the app's IstioSettings choose and gets the
 * same synth-time checks as every L2 construct. Not exported: the L2 constructs are the public API.
 */
export class IstioObject<L1Spec> extends IstioResource<L1Spec> {
  private readonly produce: () => Wire<L1Spec>;

  public constructor(scope: Construct, id: string, type: IstioKind, props: IstioObjectProps<L1Spec>) {
    super(scope, id, type, { metadata: props.metadata });
    this.produce = props.spec;
  }

  protected renderSpec(): Wire<L1Spec> {
    return this.produce();
  }
}
