/**
 * The value matching of AuthorizationPolicy fields, as Istio translates them into Envoy matchers
 * (pilot/pkg/security/authz/matcher/string.go, header.go, template.go).
 */
import { BlockList, isIP, isIPv6 } from 'net';
import { quoteRegex } from '../vocab/re2';

/**
 * Istio's `StringMatcher`: `*` is any non-empty value (regex `.+`), `*x` a suffix, `x*` a prefix, anything
 * else exact (matcher/string.go `StringMatcherWithPrefix` with an empty prefix).
 */
export function istioStringMatch(pattern: string, value: string, ignoreCase = false): boolean {
  if (ignoreCase) {
    pattern = pattern.toLowerCase();
    value = value.toLowerCase();
  }
  if (pattern === '*') return value.length > 0;
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return value === pattern;
}

/**
 * Istio's `HeaderMatcher` (matcher/header.go): `*` is a presence match (an empty value is present),
 * `*x` a suffix, `x*` a prefix, else exact. `HostMatcher` is the same, case-insensitive.
 */
export function istioHeaderMatch(pattern: string, value: string | undefined, ignoreCase = false): boolean {
  if (value === undefined) return false;
  if (pattern === '*') return true;
  return istioStringMatch(pattern, value, ignoreCase);
}

/** Whether a path pattern is a URI template (`{*}` one segment, `{**}` any number of them). */
export function isPathTemplate(pattern: string): boolean {
  return pattern.includes('{*}') || pattern.includes('{**}');
}

/** Istio's path match: a URI template, or the string match on the path without its query string. */
export function istioPathMatch(pattern: string, path: string): boolean {
  const bare = path.split('?')[0];
  if (!isPathTemplate(pattern)) return istioStringMatch(pattern, bare);
  const source = pattern.split(/(\{\*\*\}|\{\*\})/).map((part) => {
    if (part === '{**}') return '.*';
    if (part === '{*}') return '[^/]+';
    return quoteRegex(part);
  }).join('');
  return new RegExp(`^${source}$`).test(bare);
}

/** Whether an IP address is in a CIDR block or equals a single address; false for anything unparsable. */
export function cidrMatch(cidr: string, ip: string | undefined): boolean {
  if (ip === undefined || isIP(ip) === 0) return false;
  const [address, bits] = cidr.split('/');
  if (isIP(address) === 0) return false;
  const type = isIPv6(address) ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  try {
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
    return list.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
  } catch {
    return false;
  }
}
