/**
 * The Gateway API's `Hostname` type (apis/v1/shared_types.go): a lower-case DNS name of at most 253 characters,
 * optionally with `*.` as its first label; no IP address, no port.
 */
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_LENGTH = 253;

/** Whether `value` is a Gateway API `Hostname` (what the CRD's pattern and maxLength accept). */
export function isGatewayApiHostname(value: string): boolean {
  return value.length <= MAX_LENGTH && HOSTNAME.test(value);
}
