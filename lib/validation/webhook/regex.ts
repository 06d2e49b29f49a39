import { RE2JS } from 're2js';
import { byteLength } from './util';

/**
 * Why a regular expression is rejected by istiod, or undefined: longer than 1024 bytes (Envoy's program-size
 * limit), or not RE2 syntax (no look-around, no back-references).
 */
export function regexError(re: string): string | undefined {
  if (byteLength(re) > 1024) return 'regex is too large, max length allowed is 1024';
  if (CACHE.has(re)) return CACHE.get(re);
  let error: string | undefined;
  try {
    RE2JS.compile(re);
  } catch (e) {
    error = `${(e as Error).message ?? 'invalid regex'}; Istio uses RE2 style regex-based match (https://github.com/google/re2/wiki/Syntax)`;
  }
  // Compiling is the costly part of the rules, and the same few regexes come back in every object of an app.
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  CACHE.set(re, error);
  return error;
}

const CACHE_SIZE = 1000;
const CACHE = new Map<string, string | undefined>();

/** The hint for a bad regex. */
export const REGEX_HINT = 'Use RE2 syntax: no look-ahead/look-behind and no back-references; escape literal `.`, `(`, `[` and `{`.';
