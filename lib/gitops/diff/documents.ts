import { Entry, makeEntry } from './entry';
import { NOT_COMPARED, apiGroup } from './identity';
import { AliasBudget, LoadedDocument, RawDocument, parseRaw, readText, splitDocuments } from '../../input';
import { addTo } from '../../vocab/multimap';
import { isKubeObject } from '../../vocab/object';
import { quoteRegex } from '../../vocab/re2';

/** The documents of files (as `expandPaths` finds them), as texts; `onFile` is called after each file. @throws InputError */
export function readDocuments(files: readonly string[], onFile?: (documents: number) => void): RawDocument[] {
  const out: RawDocument[] = [];
  for (const file of files) {
    for (const raw of splitDocuments(file, readText(file))) out.push(raw);
    onFile?.(out.length);
  }
  return out;
}

const KIND = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?\r?$/m;
const API_VERSION = /^apiVersion:[ \t]*["']?([A-Za-z0-9./-]+)["']?[ \t]*(?:#.*)?\r?$/m;
const HOST = /\bhost:[ \t]*["']?([^\s"',}\]#]+)/g;

/** The kind and API version a block-style document's top-level keys name, when they can be read without parsing. */
function readKind(text: string): { kind: string; apiVersion: string } | undefined {
  if (/^(?:---|\.\.\.|%)/m.test(text)) return undefined;
  const kind = KIND.exec(text)?.[1];
  const apiVersion = API_VERSION.exec(text)?.[1];
  return kind && apiVersion && !kind.endsWith('List') ? { kind, apiVersion } : undefined;
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
  /** The documents parsed so far, and their Kubernetes objects. */
  private readonly parsed = new Map<RawDocument, { documents: LoadedDocument[]; entries: Entry[] }>();
  /** Per kind, documents by the first label of each host they name (`` for none). */
  private readonly byHost = new Map<string, Map<string, RawDocument[]>>();

  public constructor(documents: readonly RawDocument[] = [], private readonly aliasBudget: AliasBudget = new AliasBudget()) {
    let resources = 0;
    let skipped = 0;
    for (const raw of documents) {
      const known = readKind(raw.text);
      if (known && !NOT_COMPARED.has(apiGroup(known.apiVersion))) {
        addTo(this.unparsed, known.kind, raw);
        resources++;
        continue;
      }
      // Anything unusual is parsed now, to count it right.
      const parsed = this.parse(raw);
      for (const entry of parsed.entries) {
        if (!NOT_COMPARED.has(apiGroup(entry.object.apiVersion))) {
          addTo(this.early, entry.object.kind, entry);
          resources++;
        } else {
          skipped += 2;
        }
      }
      skipped += 2 * (parsed.documents.length - parsed.entries.length);
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
    return [...(this.early.get(kind) ?? []), ...raws.flatMap((raw) => this.parse(raw).entries)];
  }

  /** The documents of one pooled text, parsed once however often they are asked for. */
  public documents(raw: RawDocument): readonly LoadedDocument[] {
    return this.parse(raw).documents;
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
        for (const label of labels) addTo(index, label, raw);
      }
      this.byHost.set(kind, index);
    }
    const second = host.split('.')[1];
    const inText = second === undefined || second === 'default' ? undefined : token(second);
    const raws = [...(index.get(hostLabel(host)) ?? []), ...(index.get('') ?? [])].filter((raw) => !inText || inText.test(raw.text));
    return [...(this.early.get(kind) ?? []), ...raws.flatMap((raw) => this.parse(raw).entries)];
  }

  private parse(raw: RawDocument): { documents: LoadedDocument[]; entries: Entry[] } {
    let parsed = this.parsed.get(raw);
    if (!parsed) {
      const documents = parseRaw(raw, this.aliasBudget);
      const entries = documents.flatMap((d) => (isKubeObject(d.object) ? [makeEntry(d.object, { file: raw.file, line: d.line })] : []));
      parsed = { documents, entries };
      this.parsed.set(raw, parsed);
    }
    return parsed;
  }
}

/** Matches a name as a whole DNS label in a text (`team-1` not in `team-10`). */
function token(name: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9-])${quoteRegex(name)}(?![A-Za-z0-9-])`);
}
