import * as fs from 'fs';
import { Entry, makeEntry } from './entry';
import { apiGroup } from './identity';
import { pushTo } from './values';
import { InputError, LoadedDocument, expandPaths, parseDocuments } from '../../cli/load';
import { isKubeObject } from '../../vocab/object';

/** The text of one YAML document of a file, not parsed yet. */
export interface RawDocument {
  /** The file it is in. */
  readonly file: string;
  /** 1-based line where `text` starts. */
  readonly line: number;
  /** The document's text, without a bare `---` line before it; or a whole file that cannot be split safely. */
  readonly text: string;
}

/**
 * Splits a file into its documents' texts at `---` lines (which YAML forbids inside content, so this
 * cuts where the parser would). Files with directives (`%YAML`, `%TAG`) or `...` markers stay whole.
 */
export function splitDocuments(file: string, text: string): RawDocument[] {
  const starts: number[] = [0];
  // A line starting with a document marker, an end-of-document marker or a directive.
  const boundary = /^(?:---|\.\.\.|%)/gm;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (m[0] === '%') return [{ file, line: 1, text }];
    const next = text[m.index + m[0].length];
    if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') continue; // `---foo` is content
    if (m[0] === '...') return [{ file, line: 1, text }];
    if (m.index > 0) starts.push(m.index);
  }
  const out: RawDocument[] = [];
  let line = 1;
  let counted = 0;
  starts.forEach((start, i) => {
    for (let k = text.indexOf('\n', counted); k !== -1 && k < start; k = text.indexOf('\n', k + 1)) line++;
    counted = start;
    let body = text.slice(start, starts[i + 1] ?? text.length);
    let bodyLine = line;
    const bare = /^---[ \t]*\r?\n/.exec(body);
    if (bare) {
      body = body.slice(bare[0].length);
      bodyLine++;
    }
    out.push({ file, line: bodyLine, text: body });
  });
  return out;
}

/** The documents of files and folders (as `loadDocuments` finds them), as texts. @throws InputError */
export function readDocuments(path: string): RawDocument[] {
  const out: RawDocument[] = [];
  for (const file of expandPaths([path])) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(file, undefined, (e as Error).message);
    }
    out.push(...splitDocuments(file, text));
  }
  return out;
}

/** Parses a document's text; lines (also of errors) are those of its file. @throws InputError */
export function parseRaw(raw: RawDocument): LoadedDocument[] {
  const offset = raw.line - 1;
  try {
    return parseDocuments(raw.file, raw.text).map((d) => {
      const lineOf = d.lineOf;
      return { ...d, line: d.line + offset, ...(lineOf ? { lineOf: (p: string) => lineOf(p) + offset } : {}) };
    });
  } catch (e) {
    if (!(e instanceof InputError) || e.line === undefined) throw e;
    // The parser's own position ("at line 4, column 1") is the document's: make it the file's too.
    const message = e.message.slice(`${raw.file}:${e.line}: `.length).replace(/\bat line (\d+)/, (_, n: string) => `at line ${Number(n) + offset}`);
    throw new InputError(raw.file, e.line + offset, message);
  }
}

const KIND = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?\r?$/m;
const API_VERSION = /^apiVersion:[ \t]*["']?([A-Za-z0-9./-]+)["']?[ \t]*(?:#.*)?\r?$/m;
const HOST = /\bhost:[ \t]*["']?([^\s"',}\]#]+)/g;

/** The kind and API version a block-style document's top-level keys name, when they can be read without parsing. */
function readKind(text: string): { kind: string; apiVersion: string } | undefined {
  if (/^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const kind = KIND.exec(text)?.[1];
  const apiVersion = API_VERSION.exec(text)?.[1];
  return kind && apiVersion && kind !== 'List' ? { kind, apiVersion } : undefined;
}

/** The first DNS label of a host: what a short name and its FQDN have in common. */
export function hostLabel(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(0, dot);
}

/**
 * The documents identical in OLD and NEW: unchanged, so never compared, and parsed only when a
 * cross-resource check needs them (by kind, and for DestinationRules and VirtualServices by host).
 * Parsed once, they serve both sides.
 */
export class UnchangedPool {
  /** Kubernetes objects in the pool. */
  public readonly resources: number;
  /** Documents in the pool that are not compared (kustomize files, not Kubernetes objects), counted once per side. */
  public readonly skipped: number;
  /** Documents not parsed yet, by the kind their text names. */
  private readonly unparsed = new Map<string, RawDocument[]>();
  /** Documents parsed before they were needed (their kind could not be read from the text). */
  private readonly early = new Map<string, Entry[]>();
  /** The objects of each document parsed so far. */
  private readonly parsed = new Map<RawDocument, Entry[]>();
  /** Per kind, documents by the first label of each host they name (`` for none). */
  private readonly byHost = new Map<string, Map<string, RawDocument[]>>();

  public constructor(documents: readonly RawDocument[] = []) {
    let resources = 0;
    let skipped = 0;
    for (const raw of documents) {
      const known = readKind(raw.text);
      if (known && !NOT_COMPARED.has(apiGroup(known.apiVersion))) {
        pushTo(this.unparsed, known.kind, raw);
        resources++;
        continue;
      }
      // Anything unusual is parsed now, to count it right.
      for (const doc of parseRaw(raw)) {
        const objects = isKubeObject(doc.object) && doc.object.kind === 'List' && Array.isArray(doc.object.items) ? doc.object.items : [doc.object];
        for (const object of objects) {
          if (isKubeObject(object) && !NOT_COMPARED.has(apiGroup(object.apiVersion))) {
            pushTo(this.early, object.kind, makeEntry(object, { file: raw.file, line: doc.line }));
            resources++;
          } else {
            skipped += 2;
          }
        }
      }
    }
    this.resources = resources;
    this.skipped = skipped;
  }

  /**
   * The pooled objects of a kind (of any API group: callers check it) whose text contains every
   * given string: a cheap filter before parsing (e.g. a namespace), so callers check the objects.
   */
  public ofKind(kind: string, containing: readonly string[] = []): Entry[] {
    const tokens = containing.map(token);
    const raws = (this.unparsed.get(kind) ?? []).filter((raw) => tokens.every((t) => t.test(raw.text)));
    return [...(this.early.get(kind) ?? []), ...raws.flatMap((raw) => this.parse(raw))];
  }

  /**
   * The pooled objects of a kind that may name a host (FQDN) in a `host:` field: a superset, found
   * without parsing the others by the host's first label, then by its second (the namespace of a
   * cluster host, which the text names in the host or in `metadata.namespace`, unless it is `default`).
   */
  public mentioningHost(kind: string, host: string): Entry[] {
    let index = this.byHost.get(kind);
    if (!index) {
      index = new Map();
      for (const raw of this.unparsed.get(kind) ?? []) {
        const labels = new Set([...raw.text.matchAll(HOST)].map((m) => hostLabel(m[1])));
        if (labels.size === 0) labels.add('');
        for (const label of labels) pushTo(index, label, raw);
      }
      this.byHost.set(kind, index);
    }
    const second = host.split('.')[1];
    const inText = second === undefined || second === 'default' ? undefined : token(second);
    const raws = [...(index.get(hostLabel(host)) ?? []), ...(index.get('') ?? [])].filter((raw) => !inText || inText.test(raw.text));
    return [...(this.early.get(kind) ?? []), ...raws.flatMap((raw) => this.parse(raw))];
  }

  private parse(raw: RawDocument): Entry[] {
    let entries = this.parsed.get(raw);
    if (!entries) {
      entries = parseRaw(raw).flatMap((d) => (isKubeObject(d.object) ? [makeEntry(d.object, { file: raw.file, line: d.line })] : []));
      this.parsed.set(raw, entries);
    }
    return entries;
  }
}

/** Matches a name as a whole DNS label in a text (`team-1` not in `team-10`). */
function token(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9-])`);
}

/** API groups whose documents describe a folder, not a resource: never compared. */
export const NOT_COMPARED = new Set(['kustomize.config.k8s.io', 'config.kubernetes.io']);
