/**
 * Codes of the per-object checks of the schema layer (`CIS1xxx`): what a Kubernetes API server with
 * Istio's CRDs installed rejects. Webhook rules use `CIS2xxx`, cross-resource analysis `IST0xxx`/`CIS5xxx`.
 */
export const SchemaCodes = {
  /** The checker itself failed on this object (a bug: please report it with the object). */
  INTERNAL: 'CIS1000',
  /** The apiVersion/kind is not an Istio kind served by the targeted release. */
  UNKNOWN_KIND: 'CIS1001',
  /** A field the CRD schema does not define (strict field validation). */
  UNKNOWN_FIELD: 'CIS1002',
  /** A field that exists only in a newer Istio release than the one targeted. */
  FIELD_NOT_IN_VERSION: 'CIS1003',
  /** A value of the wrong type (string for integer, object for list...). */
  WRONG_TYPE: 'CIS1004',
  /** A required field is missing. */
  REQUIRED: 'CIS1005',
  /** A value outside the allowed set of an enum. */
  ENUM: 'CIS1006',
  /** A number, string length, list length or map size out of range. */
  RANGE: 'CIS1007',
  /** A string that does not match the pattern or format the schema requires. */
  FORMAT: 'CIS1008',
  /** Fields that exclude each other are set together, or none of a required choice is set. */
  ONE_OF: 'CIS1009',
  /** A duplicate entry in a list that the schema declares a set or a map. */
  DUPLICATE: 'CIS1010',
  /** An `x-kubernetes-validations` (CEL) rule of the CRD is not satisfied. */
  CEL_RULE: 'CIS1011',
  /** metadata.name is missing or not a valid DNS-1123 subdomain. */
  INVALID_NAME: 'CIS1012',
  /** metadata.namespace is not a valid DNS-1123 label. */
  INVALID_NAMESPACE: 'CIS1013',
  /** A label key or value is not valid. */
  INVALID_LABEL: 'CIS1014',
  /** An annotation key or value is not valid. */
  INVALID_ANNOTATION: 'CIS1015',
  /** A Gateway API kind, version or field of the experimental channel, on a cluster with the standard channel's CRDs. */
  NOT_IN_CHANNEL: 'CIS1016',
} as const;

/** One line per schema-layer code, for documentation and `--help`. */
export const SCHEMA_CODE_DESCRIPTIONS: Readonly<Record<string, string>> = {
  CIS1000: 'the checker failed on the object (a bug in cdk8s-istio)',
  CIS1001: 'unknown Istio kind, or apiVersion not served by the targeted Istio release',
  CIS1002: 'unknown field (strict field validation)',
  CIS1003: 'field only exists in a newer Istio release than the one targeted',
  CIS1004: 'value of the wrong type',
  CIS1005: 'required field missing',
  CIS1006: 'value not among the allowed values',
  CIS1007: 'number, length or size out of range',
  CIS1008: 'string does not match the required pattern or format',
  CIS1009: 'mutually exclusive fields set together, or a required choice missing',
  CIS1010: 'duplicate entry in a set or map list',
  CIS1011: 'CEL validation rule (x-kubernetes-validations) of the CRD not satisfied',
  CIS1012: 'metadata.name missing or not a DNS-1123 subdomain',
  CIS1013: 'metadata.namespace not a DNS-1123 label',
  CIS1014: 'invalid label key or value',
  CIS1015: 'invalid annotation key or value',
  CIS1016: 'Gateway API kind, version or field of the experimental channel on a standard-channel cluster',
};
