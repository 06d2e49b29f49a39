/**
 * The fields whose JSON name `cdk8s import` could not keep as the TypeScript name of the generated (L1)
 * type: its `toJson_` functions write the JSON name. The test in test/core/wire.test.ts finds them in imports/.
 */
export interface L1FieldRenames {
  /** DestinationRule outlierDetection. */
  readonly consecutive5XxErrors: 'consecutive5xxErrors';
  /** VirtualService http (deprecated field). */
  readonly mirrorPercent: 'mirror_percent';
  /** RequestAuthentication jwtRules (deprecated field). */
  readonly jwksUri: 'jwks_uri';
  /** Gateway API BackendTLSPolicy validation. */
  readonly wellKnownCaCertificates: 'wellKnownCACertificates';
}

type WireKey<K> = K extends keyof L1FieldRenames ? L1FieldRenames[K] : K;

/**
 * The JSON view of a generated L1 type: what its `toJson_` function emits, as a type. The L2 constructs
 * render this view directly (no L1 object is built at synth), so the generated Istio types check what they
 * emit at compile time, at no runtime cost: string enums become their values, renamed fields their JSON
 * names (`L1FieldRenames`), arrays may be readonly; a field the L1 type lacks or a value of the wrong
 * type is a compile error.
 */
export type Wire<T> =
  0 extends (1 & T) ? any // `any` (fields Istio does not type, e.g. an EnvoyFilter patch value) stays any
    : unknown extends T ? unknown
      : T extends string ? `${T}` // a string enum is the union of its values; `string` stays string
        // A numeric enum (only the redirect statusCode of HTTPRoute) is a number: TypeScript cannot turn an enum
        // into the union of its number values, and the schema checks the value at synth.
        : T extends number ? number
          : T extends boolean | null | undefined ? T
            : T extends readonly (infer E)[] ? readonly Wire<E>[]
              : { readonly [K in keyof T as WireKey<K>]: Wire<T[K]> };

/** A `Wire` view whose top-level fields may be set one by one, for renderers that build a block up. */
export type WireDraft<T> = { -readonly [K in keyof Wire<T>]: Wire<T>[K] };
