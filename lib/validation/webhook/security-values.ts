/** Value checks of AuthorizationPolicy sources, operations and conditions (Istio's `pkg/config/security`). */
import { cidrError, isIPAddress } from './addresses';
import { DEFAULT_ISTIO_VERSION, IstioVersion, isAtLeast } from '../../core/istio-version';

/** Why one of the values is empty, or undefined. */
export function emptyValueError(key: string, values: readonly string[]): string | undefined {
  return values.some((v) => v === '') ? `empty value not allowed, found in ${key}` : undefined;
}

/** Values with at most one `*`, at the start or the end (trust domains, `source.trustDomain`). */
export function wildcardValuesError(key: string, values: readonly string[]): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  for (const v of values) {
    const count = v.split('*').length - 1;
    if (count > 1) return `at most one wildcard is allowed, found in ${key}: "${v}"`;
    if (count === 1 && v !== '*' && !v.startsWith('*') && !v.endsWith('*')) return `wildcard is only allowed at the start or end, found in ${key}: "${v}"`;
  }
  return undefined;
}

/** Trust domains: wildcard values without `/`. */
export function trustDomainValuesError(key: string, values: readonly string[]): string | undefined {
  const err = wildcardValuesError(key, values);
  if (err) return err;
  const bad = values.find((v) => v.includes('/'));
  return bad !== undefined ? `trust domain must not contain '/', found in ${key}: "${bad}"` : undefined;
}

/** Service accounts: `sa` or `namespace/sa`, no wildcard, at most 16 values of at most 320 characters. */
export function serviceAccountError(key: string, values: readonly string[]): string | undefined {
  if (values.length > 16) return 'may not have more than 16 values';
  for (const v of values) {
    if (v === '') return `empty value not allowed, found in ${key}`;
    if (v.includes('*')) return `wildcard not allowed, found in ${key}`;
    const slashes = v.split('/').length - 1;
    if (slashes > 1) return `expected format 'serviceAccount' or 'namespace/serviceAccount', found "${v}" in ${key}`;
    if (v.length > 320) return `value cannot exceed 320 characters, found "${v}" in ${key}`;
    if (slashes === 1) {
      const [ns, sa] = v.split('/');
      if (ns === '') return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty namespace "${v}" in ${key}`;
      if (sa === '') return `expected format 'serviceAccount' or 'namespace/serviceAccount', found empty serviceAccount "${v}" in ${key}`;
    }
  }
  return undefined;
}

/** IP addresses or CIDR blocks. */
export function ipsError(values: readonly string[]): string | undefined {
  for (const v of values) {
    if (v.includes('/')) {
      if (cidrError(v)) return `bad CIDR range (${v})`;
    } else if (!isIPAddress(v)) {
      return `bad IP address (${v})`;
    }
  }
  return undefined;
}

/** Port numbers as strings, 0..65535. */
export function portsError(values: readonly string[]): string | undefined {
  for (const v of values) {
    if (!/^[0-9]+$/.test(v) || Number(v) > 65535) return `bad port (${v})`;
  }
  return undefined;
}

const VALID_LITERAL = /^[a-zA-Z0-9\-._~%!$&'()+,;:@=]+$/;

/** Path templates (`{*}`, `{**}` last) in `paths` / `notPaths`. */
export function pathTemplateError(key: string, paths: readonly string[]): string | undefined {
  for (const original of paths) {
    const template = original.includes('{*}') || original.includes('{**}');
    let foundAny = false;
    const path = original.replace(/^\/+|\/+$/g, '');
    for (const glob of path.split('/')) {
      if (glob === '{*}' && !foundAny) continue;
      if (glob === '{**}' && !foundAny) {
        foundAny = true;
        continue;
      }
      if ((glob === '{**}' || glob === '{*}') && foundAny) return `invalid or unsupported path ${path}, found in ${key}. {**} is not the last operator`;
      if (/[{}]/.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains '{' or '}' beyond a supported path template`;
      if (template && !VALID_LITERAL.test(glob)) return `invalid or unsupported path ${path}, found in ${key}. Contains segment ${glob} with invalid string literal`;
    }
  }
  return undefined;
}

function mapKeyError(key: string): string | undefined {
  const open = key.indexOf('[');
  if (key.endsWith(']') && open > 0 && open < key.length - 2) return undefined;
  return `bad key (${key}): should have format a[b]`;
}

/** The keys of AuthorizationPolicy `when` conditions, and checks of their values (Istio's `ValidateAttribute`). */
export function conditionError(key: string, values: readonly string[], version: IstioVersion = DEFAULT_ISTIO_VERSION): string | undefined {
  const empty = emptyValueError(key, values);
  if (empty) return empty;
  if (key.startsWith('request.headers')) return mapKeyError(key);
  switch (key) {
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip':
      return ipsError(values);
    case 'source.serviceAccount':
      return serviceAccountError(key, values);
    case 'source.trustDomain':
      // added in Istio 1.30
      return isAtLeast(version, IstioVersion.V1_30) ? wildcardValuesError(key, values) : `unknown attribute: ${key} (supported from Istio 1.30)`;
    case 'destination.port':
      return portsError(values);
    case 'source.namespace':
    case 'source.principal':
    case 'request.auth.principal':
    case 'request.auth.audiences':
    case 'request.auth.presenter':
    case 'connection.sni':
      return undefined;
    case 'destination.namespace':
      return `attribute ${key} is replaced by the metadata.namespace`;
    case 'destination.name':
    case 'destination.user':
      return `deprecated attribute ${key}: only supported in v1alpha1`;
    default:
  }
  if (key.startsWith('request.auth.claims')) return mapKeyError(key);
  if (key.startsWith('experimental.envoy.filters.')) return mapKeyError(key);
  if (key.startsWith('destination.labels')) return `attribute ${key} is replaced by the workload selector`;
  return `unknown attribute: ${key}`;
}
