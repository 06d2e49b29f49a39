/**
 * RE2, the regular-expression engine of Envoy and istiod: patterns compiled once, for the L2 constructs, the
 * webhook rules, CEL and the behaviour model; re2js (a large module) loads on first use.
 */

let re2: typeof import('re2js').RE2JS | undefined;

/** re2js's `RE2JS`, loaded on first use. */
export function re2js(): typeof import('re2js').RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return re2;
}

/** A pattern compiled by RE2, or why it does not compile (re2js's message). */
export interface Re2Compiled {
  /** The compiled pattern, when it compiles. */
  readonly re?: import('re2js').RE2JS;
  /** Why it does not compile. */
  readonly error?: string;
}

const CACHE_SIZE = 1000;
const CACHE = new Map<string, Re2Compiled>();

/** `pattern` compiled by RE2. Compiling is the costly part, and the same few patterns come back in every object of an app. */
export function compileRe2(pattern: string): Re2Compiled {
  let compiled = CACHE.get(pattern);
  if (compiled) return compiled;
  try {
    compiled = { re: re2js().compile(pattern) };
  } catch (e) {
    compiled = { error: (e as Error).message ?? 'invalid regex' };
  }
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  CACHE.set(pattern, compiled);
  return compiled;
}

/** Why RE2 does not compile `pattern` (re2js's message), or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  return compileRe2(pattern).error;
}

/** `text` as a pattern that matches it literally: the metacharacters are the same in RE2 and JavaScript regexes. */
export function quoteRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
