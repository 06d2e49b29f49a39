import type { CST, Pair, YAMLMap } from 'yaml';
import { jsYaml, Y } from './parsers';
import { coreSchema } from './schema';
import { parsePath } from '../vocab/paths';

/**
 * Field lines of a document's text (starting at a line start), `offset` lines after the file's start. Found
 * on first use by the cheapest reading that is sure of the answer: js-yaml's events (block maps and lists
 * without anchors or tags: what Kubernetes YAML is), the `yaml` package's syntax tree (also anchors and
 * tags elsewhere in the text), else the composed document (flow collections, anchors, tags, explicit or
 * non-string keys). Each map's keys are indexed on first use, so a lookup costs the length of its path,
 * not the size of the maps on it.
 */
export function fieldLines(text: string, offset: number): (path: string) => number | undefined {
  let read: SyntaxLines | null | undefined;
  let tree: SyntaxLines | null | undefined;
  let composed: ((path: string) => number | undefined) | undefined;
  return (fieldPath) => {
    if (read === undefined) read = readerLines(text);
    if (read) {
      const line = read.lineOf(fieldPath);
      if (line !== UNSURE) return line === undefined ? undefined : line + offset;
    }
    if (tree === undefined) tree = syntaxLines(text);
    if (tree) {
      const line = tree.lineOf(fieldPath);
      if (line !== UNSURE) return line === undefined ? undefined : line + offset;
    }
    composed ??= composedLines(text);
    const found = composed(fieldPath);
    return found === undefined ? undefined : found + offset;
  };
}

/** An answer the syntax tree cannot give as the composed document would. */
export const UNSURE = Symbol('unsure');

export interface SyntaxLines {
  lineOf(path: string): number | undefined | typeof UNSURE;
}

// Text whose nodes js-yaml may place otherwise than the `yaml` package: anchors or tags (where a node's
// properties can stand; an alias needs an anchor), a byte-order mark, bare carriage returns (a line break
// to js-yaml only).
const NOT_READER_SURE = /(?:^|[\s[{,:])[&!]|\uFEFF|\r(?!\n)/m;

/** What a node js-yaml read is (`state.kind`). */
enum ReadKind { EMPTY, SCALAR, MAPPING, SEQUENCE }

/**
 * Lines from js-yaml's open and close events (several times cheaper than the `yaml` package's syntax
 * tree): the nodes inside a block map are its key and value nodes, those inside a block list its items,
 * in order, so a path is followed as `composedLines` follows it. Null when the text has what js-yaml
 * may read otherwise (anchors, tags) or js-yaml cannot read it; a path into a flow collection, or
 * through a map or list whose nodes do not pair with its keys or items (explicit keys, empty items), is
 * UNSURE. The nodes are kept in flat arrays (in the order they open), as a document's nodes stay in
 * memory until the run ends.
 */
export function readerLines(text: string): SyntaxLines | null {
  if (NOT_READER_SURE.test(text)) return null;
  const from: number[] = []; // where js-yaml started reading the node (before the spaces and comments ahead of it)
  const end: number[] = []; // the index after its last descendant: its children are i + 1, end[i + 1], ...
  const kind: ReadKind[] = [];
  const value: unknown[] = []; // a scalar's value; the number of keys of a map or items of a list
  const open: number[] = [];
  try {
    jsYaml().load(text, {
      schema: coreSchema(),
      listener: (event, state) => {
        if (event === 'open') {
          open.push(from.length);
          from.push(state.position);
          end.push(0);
          kind.push(ReadKind.EMPTY);
          value.push(undefined);
          return;
        }
        const i = open.pop()!;
        end[i] = from.length;
        const result: unknown = state.result;
        if (state.kind === 'scalar') {
          kind[i] = ReadKind.SCALAR;
          value[i] = result;
        } else if (state.kind === 'sequence') {
          kind[i] = ReadKind.SEQUENCE;
          value[i] = (result as unknown[]).length;
        } else if (state.kind === 'mapping') {
          kind[i] = ReadKind.MAPPING;
          let keys = 0;
          for (const _ in result as object) keys++;
          value[i] = keys;
        }
      },
    });
  } catch {
    return null;
  }
  if (from.length === 0) return null;
  const children = (i: number): number[] => {
    const out: number[] = [];
    for (let c = i + 1; c < end[i]; c = end[c]) out.push(c);
    return out;
  };
  let newlines: number[] | undefined;
  const lineAt = (offset: number): number => {
    if (!newlines) {
      newlines = [];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
    }
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (newlines[mid] < offset) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low + 1;
  };
  // Where a node's content starts: past the spaces, line breaks and comments js-yaml reads it from.
  const start = (i: number): number => {
    let at = from[i];
    for (;;) {
      const ch = text[at];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        at++;
      } else if (ch === '#') {
        const eol = text.indexOf('\n', at);
        if (eol === -1) return text.length;
        at = eol;
      } else {
        return at;
      }
    }
  };
  const isFlow = (i: number): boolean => text[start(i)] === '[' || text[start(i)] === '{';
  // A block map's key nodes by key (its value node is the next one: end[key]), on first use; null when its nodes do not pair with its keys.
  const keyIndexes = new Map<number, Map<string, number> | null>();
  const keysOf = (map: number): Map<string, number> | null => {
    let index = keyIndexes.get(map);
    if (index !== undefined) return index;
    const nodes = children(map);
    index = nodes.length === 2 * (value[map] as number) ? new Map() : null;
    for (let k = 0; index && k < nodes.length; k += 2) {
      const key = nodes[k];
      if (kind[key] !== ReadKind.SCALAR || value[key] === null) index = null;
      else index.set(String(value[key]), key);
    }
    keyIndexes.set(map, index);
    return index;
  };
  return {
    lineOf(fieldPath) {
      let node: number | undefined = 0;
      let found: number | undefined;
      for (const seg of parsePath(fieldPath)) {
        let at: number | undefined;
        if (node !== undefined && kind[node] === ReadKind.MAPPING) {
          if (isFlow(node)) return UNSURE;
          const index = keysOf(node);
          if (!index) return UNSURE;
          at = index.get(String(seg));
          node = at === undefined ? undefined : end[at];
        } else if (node !== undefined && kind[node] === ReadKind.SEQUENCE) {
          const items = children(node);
          if (isFlow(node) || items.length !== value[node]) return UNSURE;
          at = typeof seg === 'number' ? items[seg] : undefined;
          node = at;
        }
        if (at === undefined) break;
        found = start(at);
      }
      return found === undefined ? undefined : lineAt(found);
    },
  };
}

/**
 * Lines read from the syntax tree without composing it (about a third of the cost): the line of the key,
 * or of the list item, of the deepest part of the path present, as `composedLines` finds it. Null when
 * the text is not one document (or its root has a tag or anchor).
 */
export function syntaxLines(text: string): SyntaxLines | null {
  const lines = new (Y().LineCounter)();
  const docs = [...new (Y().Parser)(lines.addNewLine).parse(text)].filter((t) => t.type === 'document') as CST.Document[];
  if (docs.length !== 1 || docs[0].start.some(isProp)) return null;
  const keys = new WeakMap<CST.BlockMap, Map<string, CST.BlockMap['items'][number]> | null>();
  const itemsOf = (map: CST.BlockMap): Map<string, CST.BlockMap['items'][number]> | null => {
    let index = keys.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        const key = keyText(item);
        if (key === undefined) {
          index = null;
          break;
        }
        if (!index.has(key)) index.set(key, item);
      }
      keys.set(map, index);
    }
    return index;
  };
  return {
    lineOf(fieldPath) {
      let node: CST.Token | undefined = docs[0].value;
      let found: number | undefined;
      for (const seg of parsePath(fieldPath)) {
        let at: CST.Token | undefined;
        if (node?.type === 'block-map') {
          const index = itemsOf(node);
          if (!index) return UNSURE;
          const item = index.get(String(seg));
          if (item && (item.value === undefined || (item.sep ?? []).some(isProp))) return UNSURE;
          at = item?.key ?? undefined;
          node = item?.value;
        } else if (node?.type === 'block-seq') {
          const item = typeof seg === 'number' ? node.items[seg] : undefined;
          if (item && (item.value === undefined || item.start.some(isProp))) return UNSURE;
          at = item?.value;
          node = at;
        } else if (node !== undefined && !isScalarToken(node)) {
          // Flow collections and aliases: the composed document decides.
          return UNSURE;
        }
        if (at === undefined) break;
        found = at.offset;
      }
      return found === undefined ? undefined : lines.linePos(found).line;
    },
  };
}

function isProp(token: CST.SourceToken): boolean {
  return token.type === 'anchor' || token.type === 'tag' || token.type === 'explicit-key-ind';
}

function isScalarToken(token: CST.Token): boolean {
  return token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar' || token.type === 'block-scalar';
}

/** Plain keys the core schema reads as strings (not null, booleans or numbers). */
const STRING_KEY = /^[A-Za-z_][\w./-]*$/;
const NOT_STRING_KEY = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** A block map item's key as the composed document's `String(key.value)`, or undefined when not sure. */
function keyText(item: CST.BlockMap['items'][number]): string | undefined {
  const key = item.key;
  if (!key || item.start.some(isProp)) return undefined;
  if (key.type === 'scalar') return STRING_KEY.test(key.source) && !NOT_STRING_KEY.test(key.source) ? key.source : undefined;
  if (key.type === 'single-quoted-scalar' || key.type === 'double-quoted-scalar') {
    let bad = false;
    const resolved = Y().CST.resolveAsScalar(key, true, () => {
      bad = true;
    });
    return resolved && !bad ? resolved.value : undefined;
  }
  return undefined;
}

/** Lines from the composed document (any YAML): the line of the key (or list item) of the deepest part of the path present. */
export function composedLines(text: string): (path: string) => number | undefined {
  const lines = new (Y().LineCounter)();
  const doc = Y().parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const keys = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let index = keys.get(map);
    if (!index) {
      index = new Map();
      for (const pair of map.items as Pair[]) {
        const k = Y().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        if (!index.has(k)) index.set(k, pair);
      }
      keys.set(map, index);
    }
    return index.get(key);
  };
  return (fieldPath) => {
    let node: unknown = doc.contents;
    let found: number | undefined;
    for (const seg of parsePath(fieldPath)) {
      let at: unknown;
      if (Y().isMap(node)) {
        const pair = pairOf(node, String(seg));
        at = pair?.key;
        node = pair?.value;
      } else if (Y().isSeq(node) && typeof seg === 'number') {
        at = node.items[seg];
        node = at;
      }
      if (!Y().isNode(at) || !at.range) break;
      found = at.range[0];
    }
    return found === undefined ? undefined : lines.linePos(found).line;
  };
}
