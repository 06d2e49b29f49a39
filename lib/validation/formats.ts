import { isIPv6 } from 'net';

/**
 * The string formats Kubernetes checks in CRD schemas, as ajv formats. Formats that only describe
 * the wire encoding of a number (`int32`, `double`...) are not checked, as Kubernetes does not.
 * Precompiled validators `require()` this module by its built path (`build/lib/validation/formats.js`).
 */
export const FORMATS: Record<string, RegExp | true | ((value: string) => boolean)> = {
  // kube-openapi's strfmt: what Go's net.ParseIP accepts (leading zeros too), with a '.' or a ':'.
  'ipv4': (value) => /^\d{1,3}(\.\d{1,3}){3}$/.test(value) && value.split('.').every((octet) => Number(octet) <= 255),
  'ipv6': (value) => value.includes(':') && !value.includes('%') && isIPv6(value),
  'byte': /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/,
  'int32': true,
  'int64': true,
  'uint32': true,
  'uint64': true,
  'float': true,
  'double': true,
  'binary': true,
  'string': true,
};
