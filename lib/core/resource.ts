import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { IstioApiGroup, NETWORKING_API, SECURITY_API, TELEMETRY_API } from './api-group';
import { IstioSettings } from './settings';
import { IstioChecks } from '../validation/app-checks';

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

/** An ApiObject whose apiVersion is read from IstioSettings at synth, so settings may be applied late. */
class IstioApiObject extends ApiObject {
  public constructor(
    scope: Construct, id: string, private readonly api: IstioApiGroup,
    props: { kind: string; metadata?: ApiObjectMetadata; spec: unknown },
  ) {
    super(scope, id, { apiVersion: apiVersionFor(scope, api), ...props });
  }

  public override toJson(): any {
    return { ...super.toJson(), apiVersion: apiVersionFor(this, this.api) };
  }
}

/**
 * Base of every L2 Istio construct. It holds a typed model (the subclass's fields) and renders
 * it into the spec of one ApiObject at synth, so methods may change the model after `new`.
 */
export abstract class IstioResource extends Construct {
  /**
   * The underlying object: the escape hatch for what L2 does not model
   * (e.g. `resource.apiObject.addJsonPatch(JsonPatch.add('/spec/exportTo', ['.']))`).
   */
  public readonly apiObject: ApiObject;

  protected constructor(scope: Construct, id: string, type: IstioKind, props: IstioResourceProps = {}) {
    super(scope, id);
    IstioChecks.enable(this);
    this.apiObject = new IstioApiObject(this, 'Resource', type.api, {
      kind: type.kind,
      metadata: props.metadata,
      spec: Lazy.any({ produce: () => this.renderSpec() }),
    });
  }

  /** The object's name. */
  public get name(): string {
    return this.apiObject.name;
  }

  /** The object's namespace, if one is set on it or its chart. */
  public get namespace(): string | undefined {
    return this.apiObject.metadata.namespace;
  }

  /** The object's kind. */
  public get kind(): string {
    return this.apiObject.kind;
  }

  /** The object's apiVersion as emitted (read from IstioSettings). */
  public get apiVersion(): string {
    return this.apiObject.toJson().apiVersion;
  }

  /** The object's metadata, for adding labels and annotations. */
  public get metadata(): ApiObjectMetadataDefinition {
    return this.apiObject.metadata;
  }

  /** Renders the typed model into the object's `spec`, emitting only what was set plus documented defaults. */
  protected abstract renderSpec(): Record<string, unknown>;
}
