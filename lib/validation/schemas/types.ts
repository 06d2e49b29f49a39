/**
 * The shape of the generated `istio-<minor>.json` files: the CRDs' `openAPIV3Schema`s of one Istio
 * release, descriptions stripped, `x-kubernetes-*` keys kept. Written by `npx projen gen-schemas`.
 */
export interface SchemaFile {
  /** The Istio release the CRDs came from, e.g. `1.30.3`. */
  readonly release: string;
  /** Distinct schemas (most kinds serve the same schema under several versions). */
  readonly schemas: readonly CrdSchema[];
  /** `group/version/Kind` (e.g. `networking.istio.io/v1/VirtualService`) to the index of its schema in `schemas`. */
  readonly kinds: Readonly<Record<string, number>>;
}

/** A Kubernetes structural schema node (the subset of OpenAPI v3 that CRDs use). */
export interface CrdSchema {
  readonly 'type'?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly 'properties'?: Readonly<Record<string, CrdSchema>>;
  readonly 'additionalProperties'?: CrdSchema | boolean;
  readonly 'items'?: CrdSchema;
  readonly 'required'?: readonly string[];
  readonly 'enum'?: readonly unknown[];
  readonly 'format'?: string;
  readonly 'pattern'?: string;
  readonly 'default'?: unknown;
  readonly 'nullable'?: boolean;
  readonly 'minimum'?: number;
  readonly 'maximum'?: number;
  readonly 'exclusiveMinimum'?: boolean;
  readonly 'exclusiveMaximum'?: boolean;
  readonly 'minLength'?: number;
  readonly 'maxLength'?: number;
  readonly 'minItems'?: number;
  readonly 'maxItems'?: number;
  readonly 'minProperties'?: number;
  readonly 'maxProperties'?: number;
  readonly 'oneOf'?: readonly CrdSchema[];
  readonly 'anyOf'?: readonly CrdSchema[];
  readonly 'allOf'?: readonly CrdSchema[];
  readonly 'not'?: CrdSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
}

/** One `x-kubernetes-validations` entry. */
export interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
  readonly optionalOldSelf?: boolean;
}
