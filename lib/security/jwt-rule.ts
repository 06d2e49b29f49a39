import { Duration } from 'cdk8s';
import type { RequestAuthenticationSpecJwtRules, RequestAuthenticationSpecJwtRulesFromHeaders, RequestAuthenticationSpecJwtRulesOutputClaimToHeaders } from '../../imports/security.istio.io';
import { FieldError, ConfigProblem } from '../core/errors';
import { renderIstioDuration } from '../core/istio-duration';
import { dropUndefined } from '../core/spec-render';
import type { Wire } from '../core/wire';

/** Where the public keys that verify a JWT's signature come from: a URL, or a key set written inline. */
export class JwksSource {
  /**
   * Keys fetched from a URL (`jwksUri`), e.g. `https://issuer.example.com/.well-known/jwks.json`.
   * Without any source, Istio discovers the URL from the issuer's OpenID provider configuration.
   */
  public static fromUri(uri: string): JwksSource {
    return new JwksSource('jwksUri', uri);
  }

  /** Keys written inline (`jwks`): a JSON Web Key Set, as a JSON string or an object with a `keys` array. */
  public static fromJson(jwks: string | { readonly keys: unknown[] }): JwksSource {
    return new JwksSource('jwks', typeof jwks === 'string' ? jwks : JSON.stringify(jwks));
  }

  private constructor(
    /** The field the source renders into. */
    public readonly field: 'jwksUri' | 'jwks',
    /** The URL or the JSON key set. */
    public readonly value: string,
  ) {}
}

/** A header a JWT is read from. */
export interface JwtHeader {
  /** Header name, e.g. `x-jwt-assertion`. */
  readonly name: string;
  /**
   * Prefix stripped before the token, e.g. `Bearer ` (with the space).
   * @default - none
   */
  readonly prefix?: string;
}

/** A claim copied into a request header once the token is verified. */
export interface ClaimToHeader {
  /** Header to write, e.g. `x-jwt-claim-sub` (letters, digits, `-` and `_`). */
  readonly header: string;
  /** Claim to copy, e.g. `sub`, or a nested claim such as `nested.key.group`. */
  readonly claim: string;
}

/** One JWT issuer a RequestAuthentication accepts. */
export interface JwtRule {
  /**
   * The issuer (`iss` claim), e.g. `https://accounts.google.com`. A token whose issuer matches no rule is rejected.
   * @default - any issuer whose keys verify the token; Istio requires issuer or a jwks URI
   */
  readonly issuer?: string;
  /**
   * The keys that verify the signature.
   * @default - discovered from the issuer's OpenID configuration
   */
  readonly jwks?: JwksSource;
  /**
   * Accepted `aud` values; the token must name at least one.
   * @default - any audience
   */
  readonly audiences?: string[];
  /**
   * Headers the token is read from.
   * @default - `Authorization: Bearer <token>` (when fromParams and fromCookies are also unset)
   */
  readonly fromHeaders?: JwtHeader[];
  /**
   * Query parameters the token is read from.
   * @default - none (with no location at all: the `Authorization` header and `access_token` parameter)
   */
  readonly fromParams?: string[];
  /**
   * Cookies the token is read from.
   * @default - none
   */
  readonly fromCookies?: string[];
  /**
   * Keep the token in the request forwarded to the workload.
   * @default false
   */
  readonly forwardOriginalToken?: boolean;
  /**
   * Header to which the verified token's payload (base64) is written.
   * @default - none
   */
  readonly outputPayloadToHeader?: string;
  /**
   * Claims copied into headers once the token is verified.
   * @default - none
   */
  readonly outputClaimToHeaders?: ClaimToHeader[];
  /**
   * Claims holding space-delimited strings (e.g. `scope`), matched per word by AuthorizationPolicy.
   * @default - only `scope` and `permission` (Istio's built-in list)
   */
  readonly spaceDelimitedClaims?: string[];
  /**
   * How long to wait for the jwks URI when fetched remotely.
   * @default - 5s (Istio's default)
   */
  readonly timeout?: Duration;
}

const HEADER_NAME = /^[-_A-Za-z0-9]+$/;

/** Checks one JWT rule and renders it; problems are reported against `path` (e.g. `spec.jwtRules[0]`). */
export function renderJwtRule(rule: JwtRule, path: string, problems: ConfigProblem[]): Wire<RequestAuthenticationSpecJwtRules> {
  if (!rule.issuer && rule.jwks?.field !== 'jwksUri') {
    problems.push({ field: path, problem: 'a JWT rule needs an issuer or a jwks URI', fix: 'Set issuer (and optionally jwks).' });
  }
  if (rule.jwks?.field === 'jwksUri') problems.push(...uriProblems(rule.jwks.value, `${path}.jwksUri`));
  if (rule.jwks?.field === 'jwks') problems.push(...jwksProblems(rule.jwks.value, `${path}.jwks`));
  nonEmpty(rule.audiences, `${path}.audiences`, problems);
  nonEmpty(rule.fromParams, `${path}.fromParams`, problems);
  nonEmpty(rule.fromCookies, `${path}.fromCookies`, problems);
  nonEmpty(rule.spaceDelimitedClaims, `${path}.spaceDelimitedClaims`, problems);
  rule.fromHeaders?.forEach((h, i) => {
    if (!h.name) problems.push({ field: `${path}.fromHeaders[${i}].name`, problem: 'empty header name', fix: 'Name the header the token is read from.' });
  });
  rule.outputClaimToHeaders?.forEach((c, i) => {
    if (!c.claim) problems.push({ field: `${path}.outputClaimToHeaders[${i}].claim`, problem: 'empty claim', fix: 'Name the claim to copy.' });
    if (!HEADER_NAME.test(c.header)) {
      problems.push({ field: `${path}.outputClaimToHeaders[${i}].header`, problem: `'${c.header}' is not a valid header name`, fix: 'Use letters, digits, - and _ only.' });
    }
  });
  let timeout: string | undefined;
  if (rule.timeout) {
    try {
      timeout = renderIstioDuration(rule.timeout, `${path}.timeout`);
    } catch (e) {
      problems.push({ ...(e as FieldError).problem, fix: 'Use Duration.millis() or Duration.seconds().' });
    }
  }
  return dropUndefined({
    issuer: rule.issuer,
    audiences: rule.audiences,
    [rule.jwks?.field ?? 'jwksUri']: rule.jwks?.value,
    fromHeaders: rule.fromHeaders?.map((h) => dropUndefined<Wire<RequestAuthenticationSpecJwtRulesFromHeaders>>({ name: h.name, prefix: h.prefix })),
    fromParams: rule.fromParams,
    fromCookies: rule.fromCookies,
    forwardOriginalToken: rule.forwardOriginalToken,
    outputPayloadToHeader: rule.outputPayloadToHeader,
    outputClaimToHeaders: rule.outputClaimToHeaders?.map((c): Wire<RequestAuthenticationSpecJwtRulesOutputClaimToHeaders> => ({
      header: c.header, claim: c.claim,
    })),
    spaceDelimitedClaims: rule.spaceDelimitedClaims,
    timeout,
  });
}

function uriProblems(uri: string, field: string): ConfigProblem[] {
  let scheme: string | undefined;
  try {
    scheme = new URL(uri).protocol;
  } catch {
    scheme = undefined;
  }
  if (scheme !== 'http:' && scheme !== 'https:') return [{ field, problem: `'${uri}' is not an http(s) URL`, fix: 'Use the https:// URL of the issuer\'s JWKS.' }];
  if (uri.length > 2048) return [{ field, problem: 'URL longer than 2048 characters', fix: 'Use a shorter URL.' }];
  return [];
}

function jwksProblems(jwks: string, field: string): ConfigProblem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(jwks);
  } catch (e) {
    return [{ field, problem: `not valid JSON (${(e as Error).message})`, fix: 'Give a JSON Web Key Set: {"keys": [...]}.' }];
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys)) return [{ field, problem: 'no "keys" array', fix: 'Give a JSON Web Key Set: {"keys": [...]}.' }];
  const privateKey = keys.findIndex((k) => typeof k === 'object' && k !== null && 'd' in k);
  if (privateKey >= 0) {
    return [{ field: `${field}.keys[${privateKey}]`, problem: 'the key set holds private key material', fix: 'Publish only public keys: remove "d" (and "p", "q", ...).' }];
  }
  return [];
}

function nonEmpty(values: readonly string[] | undefined, field: string, problems: ConfigProblem[]): void {
  values?.forEach((v, i) => {
    if (v === '') problems.push({ field: `${field}[${i}]`, problem: 'empty string', fix: 'Remove the empty entry.' });
  });
}
