import { ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioKind, IstioResource } from '../core/resource';

/** Props of a platform-owned Istio object. */
export interface IstioObjectProps {
  /** Name, namespace, labels. */
  readonly metadata: ApiObjectMetadata;
  /** Produces the spec at synth. */
  readonly spec: () => Record<string, unknown>;
}

/**
 * An Istio object whose spec the platform constructs compute (Gateway, VirtualService, Telemetry).
 * It is an IstioResource, so it emits the API version the app's IstioSettings choose and gets the
 * same synth-time checks as every L2 construct. Not exported: the L2 constructs are the public API.
 */
export class IstioObject extends IstioResource {
  private readonly produce: () => Record<string, unknown>;

  public constructor(scope: Construct, id: string, type: IstioKind, props: IstioObjectProps) {
    super(scope, id, type, { metadata: props.metadata });
    this.produce = props.spec;
  }

  protected renderSpec(): Record<string, unknown> {
    return this.produce();
  }
}
