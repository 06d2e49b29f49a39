import type { CST, Pair, YAMLMap } from 'yaml';
import { Y } from './parsers';
import { parsePath } from '../vocab/paths';

/**
 * Field lines of a document's text (starting at a line start), `offset` lines after the file's start. Found
 * on first use from the `yaml` package's syntax tree alone (block maps and lists with plain or quoted keys:
 * what Kubernetes YAML is), else from the composed document (flow collections, anchors, tags,
 * explicit or non-string keys). Each map's keys are indexed on first use, so a lookup costs the length of
 * its path, not the size of the maps on it.
 */
export function fieldLines(text: string, offset: number): (path: string) => number | undefined {
  let tree: SyntaxLines | null | undefined;
  let composed: ((path: string) => number | undefined) | undefined;
  return (fieldPath) => {
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
