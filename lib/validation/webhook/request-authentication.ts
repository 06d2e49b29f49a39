import { WebhookCode } from './codes';
import { checkDuration, checkPolicyTargets } from './common';
import { strictHeaderNameError } from './headers';
import { Report } from './report';
import { DEFAULT_ISTIO_VERSION, IstioVersion, isAtLeast } from '../../core/istio-version';
import { arr, asObj, JsonObject, str } from '../../vocab/json';
import { at } from '../../vocab/paths';

const CODE = WebhookCode.INVALID_JWT_RULE;

/** RequestAuthentication (istiod's `ValidateRequestAuthentication`). */
export function checkRequestAuthentication(report: Report, spec: JsonObject, version: IstioVersion = DEFAULT_ISTIO_VERSION): void {
  checkPolicyTargets(report, spec);
  arr(spec.jwtRules).forEach((r, i) => {
    const rule = asObj(r);
    if (rule) checkJwtRule(report, rule, at('spec.jwtRules', i), version);
  });
}

/** Why a `jwksUri` is rejected (Istio's `ParseJwksURI`: an http or https URL with a numeric port), or undefined. */
export function jwksUriError(uri: string): string | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(uri);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(uri)) return `invalid control character in URL ${JSON.stringify(uri)}`;
  if (/%(?![0-9a-fA-F]{2})/.test(uri)) return `invalid URL escape in ${JSON.stringify(uri)}`;
  const scheme = m ? m[1].toLowerCase() : '';
  if (scheme !== 'http' && scheme !== 'https') return `URI scheme "${scheme}" is not supported`;
  const rest = m![2];
  if (rest.startsWith('//')) {
    const authority = rest.slice(2).split(/[/?#]/)[0];
    const hostport = authority.slice(authority.lastIndexOf('@') + 1);
    const portMatch = hostport.startsWith('[') ? /^\[[^\]]*\](?::(.*))?$/.exec(hostport) : /^[^:]*(?::(.*))?$/.exec(hostport);
    if (!portMatch) return `invalid host in URL ${JSON.stringify(uri)}`;
    if (portMatch[1] !== undefined && !/^[0-9]*$/.test(portMatch[1])) return `invalid port ${JSON.stringify(':' + portMatch[1])} after host`;
  }
  return undefined;
}

const PRIVATE_KTY = new Set(['RSA', 'EC', 'OKP']);

function jwkError(key: unknown): string | undefined {
  const k = asObj(key);
  if (!k) return 'a key must be a JSON object';
  const kty = str(k.kty);
  const need = (...fields: string[]): string | undefined => {
    const missing = fields.filter((f) => typeof k[f] !== 'string' || k[f] === '');
    return missing.length > 0 ? `${kty} key is missing ${missing.join(', ')}` : undefined;
  };
  switch (kty) {
    case 'RSA': return need('n', 'e');
    case 'EC': return need('crv', 'x', 'y');
    case 'OKP': return need('crv', 'x');
    case 'oct': return need('k');
    default: return `unsupported or missing kty ${JSON.stringify(kty)}`;
  }
}

/** Parses inline `jwks` (a JWK set or a single JWK): the error, and the indices of keys with private material. */
export function parseJwks(jwks: string): { error?: string; privateKeys: number[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch (e) {
    return { error: `jwks parse error: ${(e as Error).message}`, privateKeys: [] };
  }
  const obj = asObj(parsed);
  if (!obj) return { error: 'jwks parse error: not a JSON object', privateKeys: [] };
  const keys = 'keys' in obj ? obj.keys : [obj];
  if (!Array.isArray(keys)) return { error: 'jwks parse error: keys must be an array', privateKeys: [] };
  const privateKeys: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const err = jwkError(keys[i]);
    if (err) return { error: `jwks parse error: ${err}`, privateKeys: [] };
    const k = asObj(keys[i])!;
    if (k.kty === 'oct' || (PRIVATE_KTY.has(str(k.kty)) && typeof k.d === 'string')) privateKeys.push(i);
  }
  return { privateKeys };
}

/** Whether an issuer is a URL with a scheme (`https://...`) or a plain name (`testing@secure.istio.io`, `accounts.google.com`). */
function issuerLooksRight(issuer: string): boolean {
  if (/\s/.test(issuer)) return false;
  if (issuer.includes('://')) {
    try {
      return new URL(issuer).host !== '';
    } catch {
      return false;
    }
  }
  return !issuer.includes('/');
}

function checkJwtRule(report: Report, rule: JsonObject, path: string, version: IstioVersion): void {
  arr(rule.audiences).forEach((a, i) => {
    if (str(a) === '') report.error(CODE, at(at(path, 'audiences'), i), 'audience must be non-empty string');
  });
  const issuer = str(rule.issuer);
  const jwksUri = str(rule.jwksUri);
  if (issuer === '' && jwksUri === '') {
    report.error(CODE, path, 'JWT rule needs an issuer or a jwksUri: both are empty',
      'Set `issuer` to the `iss` claim of the tokens (e.g. `https://accounts.example.com`), and `jwksUri` to where its public keys are.');
  }
  if (issuer !== '' && !issuerLooksRight(issuer)) {
    report.warn(CODE, at(path, 'issuer'), `issuer '${issuer}' is neither a URL nor a plain name: a token is accepted only when its \`iss\` claim `
      + 'equals the issuer character for character, and identity providers write a URL (`https://login.example.com/realms/shop`) or a plain name',
    'Copy `issuer` from the provider\'s `/.well-known/openid-configuration`.');
  }
  if (jwksUri !== '') report.errorIf(jwksUriError(jwksUri), CODE, at(path, 'jwksUri'), 'Use an http:// or https:// URL, e.g. `https://example.com/.well-known/jwks.json`.');
  const jwks = str(rule.jwks);
  if (jwks !== '') {
    const parsed = parseJwks(jwks);
    if (parsed.error) report.error(CODE, at(path, 'jwks'), parsed.error, 'jwks is a JSON Web Key Set: `{"keys": [{"kty": "RSA", "n": "...", "e": "AQAB"}]}`.');
    // Istio warns about private keys in jwks from 1.30 on.
    for (const i of isAtLeast(version, IstioVersion.V1_30) ? parsed.privateKeys : []) {
      report.warn(CODE, at(path, 'jwks'), `jwks key at index ${i} contains private key material; only public keys are used for verification`,
        'Remove the private parts (`d`, `p`, `q`, ... or symmetric `k`) and publish only the public key.');
    }
  }
  arr(rule.fromHeaders).forEach((h, i) => {
    const hp = at(at(path, 'fromHeaders'), i);
    const header = asObj(h);
    if (!header) report.error(CODE, hp, 'location header name must be non-null');
    else if (str(header.name) === '') report.error(CODE, at(hp, 'name'), 'location header name must be non-empty string');
  });
  arr(rule.fromParams).forEach((p, i) => {
    if (str(p) === '') report.error(CODE, at(at(path, 'fromParams'), i), 'location query must be non-empty string');
  });
  arr(rule.fromCookies).forEach((c, i) => {
    if (str(c) === '') report.error(CODE, at(at(path, 'fromCookies'), i), 'cookie name must be non-empty string');
  });
  arr(rule.outputClaimToHeaders).forEach((o, i) => {
    const op = at(at(path, 'outputClaimToHeaders'), i);
    const out = asObj(o);
    if (!out) {
      report.error(CODE, op, 'outputClaimToHeaders must not be null');
      return;
    }
    if (str(out.claim) === '' || str(out.header) === '') {
      report.error(CODE, op, 'outputClaimToHeaders header and claim value must be non-empty string');
      return;
    }
    report.errorIf(strictHeaderNameError(str(out.header)), WebhookCode.INVALID_HEADER, at(op, 'header'), 'Use letters, digits, `-` and `_` only.');
  });
  checkDuration(report, rule.timeout, at(path, 'timeout'));
}
