import { byteLength } from '../../vocab/json';
import { re2Error } from '../../vocab/re2';

/**
 * Why a regular expression is rejected by istiod, or undefined: longer than 1024 bytes (Envoy's program-size
 * limit), or not RE2 syntax (no look-around, no back-references).
 */
export function regexError(re: string): string | undefined {
  if (byteLength(re) > 1024) return 'regex is too large, max length allowed is 1024';
  const error = re2Error(re);
  return error === undefined ? undefined : `${error}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
}

/** The hint for a bad regex. */
export const REGEX_HINT = 'Use RE2 syntax: no look-ahead/look-behind and no back-references; escape literal `.`, `(`, `[` and `{`.';
