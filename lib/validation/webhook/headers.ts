const TCHARS = "!#$%&'*+\\-.^_`|~A-Za-z0-9";
const VALID_HEADER_NAME = new RegExp(`^[${TCHARS}]+$`);
const VALID_STRICT_HEADER_NAME = /^[-_A-Za-z0-9]+$/;
const VALID_PROBE_HEADER_NAME = /^[-A-Za-z0-9]+$/;
// eslint-disable-next-line no-control-regex
const HEADER_VALUE_CHARS = /^[^\u0000-\u0008\u000A-\u001F\u007F]*$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);
const JWT_CLAIM = '@request.auth.claims';

/** Whether a header name is the special `@request.auth.claims.x` / `@request.auth.claims[x]` form of JWT-claim routing. */
export function isJwtClaimRoute(name: string): boolean {
  if (!name.toLowerCase().startsWith(JWT_CLAIM)) return false;
  const rest = name.slice(JWT_CLAIM.length);
  return (rest.startsWith('.') && rest.length > 1) || (rest.startsWith('[') && rest.endsWith(']') && rest.length > 2);
}

/** A header name in a match: an RFC 7230 token, a pseudo-header, or JWT-claim routing. */
export function matchHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name)) return undefined;
  return VALID_HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

/** A CORS header name: `*` or an RFC 7230 token. */
export function corsHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name === '*') return undefined;
  return VALID_HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

/** A header name Istio writes (JWT `outputClaimToHeaders`): letters, digits, `-` and `_`. */
export function strictHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  return VALID_STRICT_HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

/** A readiness-probe header name: letters, digits and `-`. */
export function probeHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  return VALID_PROBE_HEADER_NAME.test(name) ? undefined : `header name ${name} is not a valid header name`;
}

function isInternalHeader(name: string): boolean {
  return name.startsWith(':') || name.toLowerCase() === 'host';
}

/** Whether a header is the authority (`:authority` or `Host`). */
export function isAuthorityHeader(name: string): boolean {
  const l = name.toLowerCase();
  return l === ':authority' || l === 'host';
}

/** A request header to add or set: not empty and not a pseudo-header (the authority may be set). */
export function setRequestHeaderNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

/** A request header to remove, or a response header to change: not empty, not Host, not a pseudo-header. */
export function headerOperationNameError(name: string): string | undefined {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header "${name}": cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header "${name}": header cannot have ":" prefix`;
  return undefined;
}

/**
 * A header value Envoy accepts: no control characters, and `%` only as `%%` or around a `%VARIABLE%` /
 * `%VAR(args)%` (a port of Envoy's header parser, as istiod runs it).
 */
export function headerValueError(value: string): string | undefined {
  if (!HEADER_VALUE_CHARS.test(value)) return `header value ${JSON.stringify(value)} contains control characters`;
  const err = envoyHeaderFormatError(value);
  return err ? `header value configuration: ${err}` : undefined;
}

/** States of Envoy's header-format parser. */
enum S { Literal, VarName, ExpectArray, ExpectString, Str, ExpectDelimOrEnd, ExpectArgsEnd, ExpectVarEnd }

function envoyHeaderFormatError(value: string): string | undefined {
  let state: S = S.Literal;
  // Go walks bytes; every special character is ASCII, so walking UTF-16 units is the same.
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    const hasNext = pos + 1 < value.length;
    switch (state) {
      case S.Literal:
        if (ch !== '%') break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (value[pos + 1] === '%') {
          pos++;
          break;
        }
        state = S.VarName;
        break;
      case S.VarName:
        if (ch === '%') state = S.Literal;
        else if (ch === '(') state = S.ExpectArray;
        break;
      case S.ExpectArray:
        if (ch === '[') state = S.ExpectString;
        else if (ch !== ' ') state = S.Str;
        break;
      case S.ExpectDelimOrEnd:
        if (ch === ',') state = S.ExpectString;
        else if (ch === ']') state = S.ExpectArgsEnd;
        else if (ch !== ' ') return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case S.ExpectString:
        if (ch === '"') state = S.Str;
        else if (ch !== ' ') return 'invalid header configuration. Expecting \'"\'';
        break;
      case S.Str:
        if (ch === '\\') {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (ch === ')') {
          state = S.ExpectVarEnd;
        } else if (ch === '"') {
          state = S.ExpectDelimOrEnd;
        }
        break;
      case S.ExpectArgsEnd:
        if (ch === ')') state = S.ExpectVarEnd;
        else if (ch !== ' ') return "invalid header configuration. Expecting ')' or whitespace";
        break;
      case S.ExpectVarEnd:
        if (ch === '%') state = S.Literal;
        else if (ch !== ' ') return "invalid header configuration. Expecting '%' or whitespace";
        break;
    }
  }
  if (state !== S.Literal) return `invalid header configuration. Un-terminated variable expression '${value}'`;
  return undefined;
}
