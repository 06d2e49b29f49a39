/**
 * RE2, the regular-expression engine of Envoy and istiod: whether a pattern compiles. One check for the
 * L2 constructs and the webhook rules; re2js (a large module) loads on first use.
 */

let re2: typeof import('re2js').RE2JS | undefined;

/** re2js's `RE2JS`, loaded on first use. */
export function re2js(): typeof import('re2js').RE2JS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  re2 ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return re2;
}

const CACHE_SIZE = 1000;
const CACHE = new Map<string, string | undefined>();

/** Why RE2 does not compile `pattern` (re2js's message), or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  if (CACHE.has(pattern)) return CACHE.get(pattern);
  const engine = re2js();
  let error: string | undefined;
  try {
    engine.compile(pattern);
  } catch (e) {
    error = (e as Error).message ?? 'invalid regex';
  }
  // Compiling is the costly part, and the same few patterns come back in every object of an app.
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  CACHE.set(pattern, error);
  return error;
}
