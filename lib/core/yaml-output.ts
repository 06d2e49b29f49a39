import * as path from 'path';
import { Yaml } from 'cdk8s';

type YamlModule = typeof import('yaml');

/** cdk8s's own copy of `yaml` (cdk8s bundles it): the bytes to match are the ones that copy writes. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CDK8S_YAML: YamlModule = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** The options cdk8s's `Yaml.stringify` passes (cdk8s/lib/yaml.js); `writerAgrees` checks them against cdk8s. */
const OPTIONS = { keepUndefined: true, lineWidth: 0, version: '1.1' } as const;

/** Where a scalar stands: yaml quotes keys by stricter rules than values. */
enum Role { KEY, VALUE, ITEM }

/**
 * Strings that yaml writes plain in every role unless they read as another type (`true`, `0x1F`, `2001-12-14`):
 * none of yaml's indicator characters, spaces, `:`, `#`, quotes or line breaks. Keys longer than 1,024 characters
 * become explicit keys, so keys also need the length check.
 */
const PLAIN_CANDIDATE = /^[A-Za-z0-9_/][A-Za-z0-9_./-]*$/;
const MAX_IMPLICIT_KEY = 1024;
/** Scalars remembered per role and type. */
const MAX_CACHED = 10_000;
/** yaml writes these by where they stand (its containsDocumentMarker): never cached, always yaml's. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/** Thrown inside a document the writer does not take; the document is then written by yaml itself. */
const UNSUPPORTED = new Error('written by yaml');

const STRING_TAG = 'tag:yaml.org,2002:str';

/**
 * cdk8s's YAML output, the same bytes, without building yaml's document model: cdk8s writes every object with
 * `yaml.stringify`, which builds a node per value and then prints them, a third of a large synth
 * (bench/README.md). This prints plain JSON data directly, in yaml's own block layout, and asks yaml itself how
 * each distinct scalar is written (once per value and role; plain-looking strings through yaml's own tag tests).
 * Whatever it is not sure to write as yaml would (objects that are not plain data, an object met twice — yaml
 * writes an anchor — multi-line or document-marker strings, non-JSON values) goes to yaml for that document.
 */
class Cdk8sYamlWriter {
  private readonly strings = [new Map<string, string | null>(), new Map<string, string | null>(), new Map<string, string | null>()];
  private readonly others = [new Map<unknown, string | null>(), new Map<unknown, string | null>(), new Map<unknown, string | null>()];
  private readonly nonStringTags: RegExp[];

  constructor() {
    type Tag = { tag: string; default?: unknown; test?: RegExp };
    const schema = new CDK8S_YAML.Document(null, OPTIONS).schema as unknown as { tags: Tag[]; compat?: Tag[] | null };
    // The tags yaml tries when it decides whether a plain string would read back as a string (its plainString).
    this.nonStringTags = [...schema.tags, ...(schema.compat ?? [])]
      .filter((t) => t.default && t.tag !== STRING_TAG && t.test).map((t) => t.test!);
  }

  /** What cdk8s's `Yaml.stringify(...docs)` returns. */
  public stringify(docs: readonly unknown[]): string {
    return docs.map((doc) => doc === undefined ? '\n' : this.document(doc) ?? CDK8S_YAML.stringify(doc, OPTIONS)).join('---\n');
  }

  /** One document as yaml writes it, or undefined when yaml must write it. */
  private document(doc: unknown): string | undefined {
    const out: string[] = [];
    try {
      if (Array.isArray(doc)) {
        if (doc.length === 0) return '[]\n';
        this.sequence(doc, '', out, new Set());
      } else {
        const keys = mapKeys(doc);
        if (keys === undefined) return undefined;
        if (keys.length === 0) return '{}\n';
        this.map(doc as Record<string, unknown>, keys, '', out, new Set());
      }
    } catch (e) {
      if (e === UNSUPPORTED) return undefined;
      throw e;
    }
    return out.join('');
  }

  /** A non-empty sequence; its first line starts where the caller is, the others at `indent`. */
  private sequence(items: readonly unknown[], indent: string, out: string[], seen: Set<object>): void {
    once(items, seen);
    const inner = indent + '  ';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) out.push(indent);
      out.push('-');
      this.entry(items[i], Role.ITEM, inner, out, seen);
    }
  }

  /** A non-empty map; its first line starts where the caller is, the others at `indent`. */
  private map(value: Record<string, unknown>, keys: readonly string[], indent: string, out: string[], seen: Set<object>): void {
    once(value, seen);
    const inner = indent + '  ';
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out.push(indent);
      out.push(this.scalar(keys[i], Role.KEY), ':');
      this.entry(value[keys[i]], Role.VALUE, inner, out, seen);
    }
  }

  /** What follows `-` or `key:`: a scalar or an empty collection on the line, a map or sequence below (a value) or beside (an item). */
  private entry(value: unknown, role: Role, inner: string, out: string[], seen: Set<object>): void {
    if (Array.isArray(value)) {
      if (value.length === 0) {
        out.push(' []\n');
        return;
      }
      out.push(role === Role.VALUE ? `\n${inner}` : ' ');
      this.sequence(value, inner, out, seen);
      return;
    }
    const keys = mapKeys(value);
    if (keys === undefined) {
      out.push(' ', this.scalar(value, role), '\n');
    } else if (keys.length === 0) {
      out.push(' {}\n');
    } else {
      out.push(role === Role.VALUE ? `\n${inner}` : ' ');
      this.map(value as Record<string, unknown>, keys, inner, out, seen);
    }
  }

  /** A scalar as yaml writes it in `role` (on one line), or UNSUPPORTED. */
  private scalar(value: unknown, role: Role): string {
    let cache: Map<unknown, string | null>;
    if (typeof value === 'string') {
      if (PLAIN_CANDIDATE.test(value) && (role !== Role.KEY || value.length <= MAX_IMPLICIT_KEY) && !this.readsAsOtherType(value)) return value;
      if (DOCUMENT_MARKER.test(value)) throw UNSUPPORTED;
      cache = this.strings[role];
    } else if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') {
      // -0 and 0 are one Map key but two outputs.
      if (Object.is(value, -0)) return written(askYaml(value, role));
      cache = this.others[role];
    } else {
      throw UNSUPPORTED;
    }
    let known = cache.get(value);
    if (known === undefined) {
      known = askYaml(value, role) ?? null;
      // Bounded: a long-lived process synthesizes many apps, and the same few values come back in each.
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(value, known);
    }
    return written(known);
  }

  private readsAsOtherType(value: string): boolean {
    for (const test of this.nonStringTags) if (test.test(value)) return true;
    return false;
  }
}

/** A scalar's known form, or UNSUPPORTED when yaml writes it over lines or by where it stands. */
function written(scalar: string | null | undefined): string {
  if (scalar === null || scalar === undefined) throw UNSUPPORTED;
  return scalar;
}

/** yaml writes an object met twice in a document as an anchor and an alias. */
function once(value: object, seen: Set<object>): void {
  if (seen.has(value)) throw UNSUPPORTED;
  seen.add(value);
}

/** The keys of a plain object, undefined for a scalar; UNSUPPORTED for any other object (a Date, a class): yaml decides how to write those. */
function mapKeys(value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  return Object.keys(value);
}

/** How yaml writes one scalar in `role`, if on one line. */
function askYaml(value: unknown, role: Role): string | undefined {
  const [doc, before, after] = role === Role.KEY ? [{ [String(value)]: null }, '', ': null\n']
    : role === Role.VALUE ? [{ k: value }, 'k: ', '\n']
      : [[value], '- ', '\n'];
  const out = CDK8S_YAML.stringify(doc, OPTIONS);
  if (!out.startsWith(before) || !out.endsWith(after)) return undefined;
  const scalar = out.slice(before.length, out.length - after.length);
  return scalar.includes('\n') ? undefined : scalar;
}

const CDK8S_STRINGIFY = Yaml.stringify;
let shared: Cdk8sYamlWriter | undefined;
let agreed: boolean | undefined;

function theWriter(): Cdk8sYamlWriter {
  return shared ??= new Cdk8sYamlWriter();
}

/**
 * Whether the writer gives cdk8s's bytes with the cdk8s installed: the probes exercise every option cdk8s passes
 * (YAML 1.1 quoting, no line folding, undefined written as null). Another cdk8s that writes otherwise keeps its own.
 */
function writerAgrees(): boolean {
  const probes = [
    { a: 'yes', b: undefined, c: 'word '.repeat(30).trim(), d: [1, { e: 'on', f: [] }, [0.5, null]], g: {}, h: '1:20', i: 'a: b' },
    [{ 80: 'y' }, 'Off', '2001-12-14'],
    {},
  ];
  return agreed ??= theWriter().stringify(probes) === CDK8S_STRINGIFY.call(Yaml, ...probes);
}

/**
 * Runs `synth` with cdk8s's `Yaml.stringify` writing the same bytes faster (`Cdk8sYamlWriter`). cdk8s's own code
 * still calls it, for every output type; the method is cdk8s's again when `synth` returns or throws.
 * @internal
 */
export function withFastYaml<T>(synth: () => T): T {
  // A nested call (an app synthesized inside another's synth) keeps the outer call's writer.
  if (Yaml.stringify !== CDK8S_STRINGIFY || !writerAgrees()) return synth();
  const w = theWriter();
  Yaml.stringify = (...docs: unknown[]) => w.stringify(docs);
  try {
    return synth();
  } finally {
    Yaml.stringify = CDK8S_STRINGIFY;
  }
}

/** cdk8s's `Yaml.stringify(...docs)` as the fast writer writes it (for tests and benchmarks). @internal */
export function stringifyAsCdk8s(...docs: unknown[]): string {
  return theWriter().stringify(docs);
}
