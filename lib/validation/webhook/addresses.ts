import { isIPv4, isIPv6 } from 'net';

/** Whether the string is an IPv4 or IPv6 address (Go's `netip.ParseAddr`: no leading zeros, IPv6 zones allowed). */
export function isIPAddress(addr: string): boolean {
  return isIPv4(addr) || isIPv6(addr);
}

/** Why a CIDR block is invalid (Go's `netip.ParsePrefix`), or undefined. */
export function cidrError(cidr: string): string | undefined {
  const slash = cidr.lastIndexOf('/');
  const addr = cidr.slice(0, slash);
  const bits = cidr.slice(slash + 1);
  const bad = `${cidr} is not a valid CIDR block`;
  if (slash < 0 || addr.includes('%')) return bad;
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(bits)) return bad;
  const max = isIPv4(addr) ? 32 : isIPv6(addr) ? 128 : -1;
  if (max < 0 || Number(bits) > max) return bad;
  return undefined;
}

/** Why an address is not an IP address, or undefined. */
export function ipError(addr: string): string | undefined {
  return isIPAddress(addr) ? undefined : `${addr} is not a valid IP`;
}

/** An IP address or, with one `/`, a CIDR block (Istio's `ValidateIPSubnet`). */
export function ipSubnetError(subnet: string): string | undefined {
  if (subnet.split('/').length === 2) return cidrError(subnet);
  return ipError(subnet);
}

/** A unix domain socket path: absolute, not ending with `/`, or an abstract socket starting with `@`. */
export function unixAddressError(addr: string): string | undefined {
  if (addr.length === 0) return 'unix address must not be empty';
  if (addr.startsWith('@')) return undefined;
  if (!addr.startsWith('/') || addr.endsWith('/')) return `${addr} is not an absolute path to a file`;
  return undefined;
}

/** The prefix of a unix domain socket address. */
export const UNIX_PREFIX = 'unix://';
