import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioApiGroup, NETWORKING_API, SECURITY_API, TELEMETRY_API } from './api-group';
import { withConfigErrors } from './errors';
import { assertOneCdk8s } from './one-cdk8s';
import { IstioSettings } from './settings';
import { istioResourceCreated, renderOncePerPass } from './synth-pass';
import type { Wire } from './wire';

/** Props every L2 Istio resource accepts. */
export interface IstioResourceProps {
  /**
   * Metadata of the object: name, namespace, labels, annotations.
   * @default - a name generated from the construct path, the chart's namespace
   */
  readonly metadata?: ApiObjectMetadata;
}

/** The identity of an Istio kind: its API group and kind name. */
export interface IstioKind {
  /** The API group the kind belongs to. */
  readonly api: IstioApiGroup;
  /** The kind, e.g. `VirtualService`. */
  readonly kind: string;
}

/** The API version a scope emits for a group, from `IstioSettings`. */
export function apiVersionFor(scope: Construct, api: IstioApiGroup): string {
  const settings = IstioSettings.of(scope);
  const version = api === NETWORKING_API ? settings.networkingApiVersion
    : api === SECURITY_API ? settings.securityApiVersion
      : api === TELEMETRY_API ? settings.telemetryApiVersion
        : api.defaultVersion;
  return `${api.group}/${version}`;
}

/**
 * Base of every L2 Istio construct. It holds a typed model (the subclass's fields) and renders it
 * into its `spec` at synth, so methods may change the model after `new`. The construct is the
 * ApiObject itself (no child object): cdk8s walks the whole app once per chart it renders, so each
 * construct level costs in every synth.
 *
 * `L1Spec` is the generated (L1) spec type of the kind, e.g. `VirtualServiceSpec`: the rendered spec is
 * typed as its JSON view (`Wire<L1Spec>`), so the generated Istio types check L2 output at compile time.
 */
export abstract class IstioResource<L1Spec> extends ApiObject {
  private readonly api: IstioApiGroup;
  /** The spec rendered by `toJson` before cdk8s serializes the object. */
  private renderedSpec?: Wire<L1Spec>;

  protected constructor(scope: Construct, id: string, type: IstioKind, props: IstioResourceProps = {}) {
    assertOneCdk8s(scope, id);
    // The spec is rendered at synth; `self` because `this` cannot be captured before super().
    let self: IstioResource<L1Spec> | undefined;
    super(scope, id, {
      apiVersion: apiVersionFor(scope, type.api),
      kind: type.kind,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => self?.renderedSpec ?? self?.renderSpec() }),
    });
    self = this;
    this.api = type.api;
    istioResourceCreated(this);
  }

  /**
   * The underlying object, for what L2 does not model: the construct itself
   * (e.g. `resource.apiObject.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']))`).
   */
  public get apiObject(): ApiObject {
    return this;
  }

  /** The object's namespace, if one is set on it or its chart. */
  public get namespace(): string | undefined {
    return this.metadata.namespace;
  }

  /**
   * Renders the object, with the apiVersion `IstioSettings` chooses at synth (settings may be applied late).
   * The spec renders first, so an `IstioConfigError` it throws reaches the caller as it is, not wrapped
   * by cdk8s as "Failed serializing construct".
   */
  public override toJson(): any {
    return renderOncePerPass(this, () => {
      this.renderedSpec = withConfigErrors(this, () => this.renderSpec());
      try {
        return { ...super.toJson(), apiVersion: apiVersionFor(this, this.api) };
      } finally {
        this.renderedSpec = undefined;
      }
    });
  }

  /** Renders the typed model into the object's `spec`, emitting only what was set plus documented defaults. */
  protected abstract renderSpec(): Wire<L1Spec>;
}
