import { isIPAddress } from './addresses';
import { isDNS1123Label, isWildcardDNS1123Label } from './labels';
import { byteLength } from '../../vocab/json';

function preconditionError(name: string): string | undefined {
  if (byteLength(name) > 255) return `domain name "${name}" too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return undefined;
}

function labelsError(domain: string, whole = domain): string | undefined {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?[0-9]+$/.test(tld)) return `domain name "${whole}" invalid (top level domain "${tld}" cannot be all-numeric)`;
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return undefined; // a trailing dot: `istio.io.`
    if (!isDNS1123Label(parts[i])) return `domain name "${whole}" invalid (label "${parts[i]}" invalid)`;
  }
  return undefined;
}

/** Why a name is not a fully qualified domain name (short names are fine: `reviews`), or undefined. */
export function fqdnError(fqdn: string): string | undefined {
  return preconditionError(fqdn) ?? labelsError(fqdn);
}

/** Why a name is not a DNS name with an optional wildcard first label (`*.example.com`, `*`), or undefined. */
export function wildcardDomainError(domain: string): string | undefined {
  const pre = preconditionError(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first)) return `domain name "${domain}" invalid (label "${first}" invalid)`;
  if (dot >= 0) return labelsError(domain.slice(dot + 1), domain);
  return undefined;
}

/**
 * Like `wildcardDomainError`, for a VirtualService bound to a gateway: an SNI host may also be an auto-generated
 * `outbound_.<port>_._.<hostname>` name (AUTO_PASSTHROUGH).
 */
export function gatewayBoundDomainError(sni: boolean, domain: string): string | undefined {
  const pre = preconditionError(domain);
  if (pre) return pre;
  if (sni && domain.startsWith('outbound_')) {
    const parts = domain.split('_');
    if (parts.length < 4) return `domain name ${domain} invalid, should follow 'outbound_.<PORT>_._.<HOSTNAME>' format`;
    const port = trimDots(parts[1]);
    const hostname = trimDots(parts[3]);
    if (parts[0] !== 'outbound') return `domain name "${domain}" invalid (label "${parts[0]}" invalid)`;
    if (!/[0-9]/.test(port)) return `domain name "${domain}" invalid (label "${port}" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`;
    if (!/[a-zA-Z]/.test(hostname)) return `domain name "${domain}" invalid (label "${hostname}" invalid). should follow outbound_.<PORT>_._.<HOSTNAME> format`;
    return undefined;
  }
  return wildcardDomainError(domain);
}

function trimDots(s: string): string {
  return s.replace(/^\.+|\.+$/g, '');
}

/** Why a host has a wildcard that is not a whole first label (`*.example.com` or `*`), or undefined. */
export function partialWildcardError(host: string): string | undefined {
  if (host.includes('*') && host.length !== 1 && !host.startsWith('*.')) return `partial wildcard "${host}" not allowed`;
  return undefined;
}

function sidecarOrGatewayHostnamePartErrors(hostname: string, isGateway: boolean): string[] {
  const errs: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) errs.push('short names (non FQDN) are not allowed');
  const err = wildcardDomainError(hostname);
  if (err) {
    if (!isGateway) errs.push(err);
    if (!isIPAddress(hostname)) errs.push(err);
  }
  const partial = partialWildcardError(hostname);
  if (partial) errs.push(partial);
  return [...new Set(errs)];
}

/**
 * The `namespace/dnsName` hosts of Sidecar egress listeners and Gateway servers (a Gateway also accepts a bare host).
 * The namespace may be `*`, `.` (and `~` in a Sidecar) or a DNS label; the name must be an FQDN or a wildcard.
 * With `sidecarExclusions` (Istio 1.31), a Sidecar's namespace may also be `~`-prefixed to exclude it (`~ns/*`).
 */
export function namespacedHostErrors(hostname: string, isGateway: boolean, sidecarExclusions = false): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) {
    if (isGateway) return sidecarOrGatewayHostnamePartErrors(hostname, true);
    return ['host must be of form namespace/dnsName'];
  }
  const ns = hostname.slice(0, slash);
  const name = hostname.slice(slash + 1);
  const errs: string[] = [];
  if (ns.length === 0 || name.length === 0) errs.push('config namespace and dnsName in host entry cannot be empty');
  if (!isGateway && sidecarExclusions) {
    const excluded = ns.startsWith('~') ? ns.slice(1) : ns;
    if (excluded !== '' && excluded !== '*' && excluded !== '.' && !isDNS1123Label(excluded)) errs.push(`invalid namespace value "${ns}" in sidecar`);
  } else if (ns !== '*' && ns !== '.' && (isGateway || ns !== '~') && !isDNS1123Label(ns)) {
    errs.push(`invalid namespace value "${ns}" in ${isGateway ? 'gateway' : 'sidecar'}`);
  }
  errs.push(...sidecarOrGatewayHostnamePartErrors(name, isGateway));
  return errs;
}
