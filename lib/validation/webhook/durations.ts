const UNITS: Readonly<Record<string, bigint>> = {
  ns: BigInt(1),
  us: BigInt(1000),
  µs: BigInt(1000), // U+00B5
  μs: BigInt(1000), // U+03BC
  ms: BigInt(1000000),
  s: BigInt(1000000000),
  m: BigInt(60000000000),
  h: BigInt(3600000000000),
};

const MAX = BigInt('9223372036854775807');

/**
 * Parses a duration the way istiod reads one from YAML (Go's `time.ParseDuration`: `10s`, `1.5h`, `1h30m`, `100ms`, `0`).
 * Returns nanoseconds, or undefined when it is not a duration.
 */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return BigInt(0);
  if (s === '') return undefined;
  let total = BigInt(0);
  const re = /^([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (s !== '') {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    const unit = UNITS[m[3]];
    let value = BigInt(m[1] || '0') * unit;
    if (m[2]) {
      // fraction: digits * unit / 10^len, truncated as Go does
      value += (BigInt(m[2]) * unit) / BigInt(10) ** BigInt(m[2].length);
    }
    total += value;
    if (total > MAX) return undefined;
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}

/** Formats nanoseconds for a message. */
function describe(ns: bigint): string {
  return `${Number(ns) / 1e6}ms`;
}

/**
 * Why a duration value is rejected by istiod (`ValidateDuration`): not a duration, below 1ms, or finer than
 * milliseconds. `value` is what the YAML holds (a string; a number is not a duration).
 */
export function durationError(value: unknown): string | undefined {
  if (typeof value !== 'string') return `${JSON.stringify(value)} is not a duration`;
  const ns = parseGoDuration(value);
  if (ns === undefined) return `"${value}" is not a valid duration`;
  if (ns < BigInt(1000000)) return `duration "${value}" must be at least 1ms`;
  if (ns % BigInt(1000000) !== BigInt(0)) return `duration "${value}" (${describe(ns)}) must be a whole number of milliseconds`;
  return undefined;
}

/** Why a value is not a duration at all (any parseable duration, even 0s, is fine), or undefined. */
export function durationSyntaxError(value: unknown): string | undefined {
  if (typeof value === 'string' && parseGoDuration(value) !== undefined) return undefined;
  return `${JSON.stringify(value)} is not a valid duration`;
}

/** Nanoseconds of a duration value, or undefined. */
export function durationNanos(value: unknown): bigint | undefined {
  return typeof value === 'string' ? parseGoDuration(value) : undefined;
}

/** How to write a duration. */
export const DURATION_HINT = 'Write a duration as a number and a unit with no space, e.g. `10s`, `500ms`, `1m30s` (at least 1ms, whole milliseconds).';
