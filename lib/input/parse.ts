import type { Document, LineCounter } from 'yaml';
import { AliasBombError, AliasBudget } from './aliases';
import { fieldLines } from './field-lines';
import { InputError } from './input-error';
import { MergeKeyError, resolveMergeKeys } from './merge-keys';
import { jsYaml, Y } from './parsers';
import { coreSchema } from './schema';
import { RawDocument, splitDocuments } from './split';

/** One object read from a YAML file: a document, or an item of a `kind: List` document. */
export interface LoadedDocument {
  /** The file it came from, as given on the command line (or found under a given folder). */
  readonly file: string;
  /** 0-based position of its document in the file. */
  readonly index: number;
  /** 1-based line where it starts. */
  readonly line: number;
  /** The parsed value: usually a Kubernetes object, but anything YAML can hold. */
  readonly object: unknown;
  /** Where the object sits in its document when it is not the document itself: `items[3]` for an item of a `kind: List`. */
  readonly path?: string;
  /** The 1-based line of a field path of the object (`spec.http[0].route`): of its nearest existing parent when absent. */
  readonly lineOf?: (path: string) => number;
}

/** Options of a parse. */
export interface ParseOptions {
  /**
   * The bound on alias expansion, shared by every document of a run.
   * @default - a fresh budget of DEFAULT_ALIAS_BUDGET nodes
   */
  readonly aliasBudget?: AliasBudget;
  /**
   * Called after each document of the text with how many documents and objects are read so far, e.g. for progress.
   * @default - nothing
   */
  readonly onDocument?: (documents: number, objects: number) => void;
}

// Text the fast parser may read differently from the `yaml` package: complex keys (`? `, a flow
// collection as a key), null keys (`~: x`) and tags (`!!float 1`), left to the `yaml` package.
const SLOW_PATH = /^[ \t-]*\?[ \t\r\n]|[\]}][ \t]*:(?:[ \t\r\n]|$)|(?:^|[\s{,-])(?:~|[Nn]ull|NULL)[ \t]*:(?:[ \t\r\n]|$)|(?:^|[\s[{,:-])!/m;

/** Whether SLOW_PATH matches: first whether the text has a character each of its cases needs (cheap), then the pattern. */
function mayNeedSlowPath(text: string): boolean {
  const maybe = text.includes('?') || text.includes('!') || text.includes('~') || text.includes(']') || text.includes('}')
    || text.includes('ull') || text.includes('ULL');
  return maybe && SLOW_PATH.test(text);
}

/**
 * Parses multi-document YAML text into objects; empty documents are skipped and the items of a
 * `kind: List` are objects of their own. Each document is read by js-yaml with the `yaml` package's
 * core schema (fast); a document it cannot read is read again by the `yaml` package, whose messages
 * are the errors. Field lines are found on demand (only documents with findings need them) by
 * parsing their document's text again with positions. Merge keys are resolved as Kubernetes does.
 * @throws InputError on parse errors, an alias bomb or a bad merge key, naming file and line
 */
export function parseDocuments(file: string, text: string, options: ParseOptions = {}): LoadedDocument[] {
  const budget = options.aliasBudget ?? new AliasBudget();
  const raws = splitDocuments(file, text);
  if (raws.length === 1 && raws[0].whole) return parseWhole(file, text, budget);
  const out: LoadedDocument[] = [];
  raws.forEach((raw, i) => {
    for (const doc of parseRaw(raw, budget)) out.push(doc);
    options.onDocument?.(i + 1, out.length);
  });
  return out;
}

/** Parses one document's text; lines (also of errors) are those of its file. @throws InputError */
export function parseRaw(raw: RawDocument, budget: AliasBudget = new AliasBudget()): LoadedDocument[] {
  if (raw.whole) return parseWhole(raw.file, raw.text, budget);
  let value: unknown;
  let parsed = false;
  if (!mayNeedSlowPath(raw.text)) {
    try {
      value = jsYaml().load(raw.text, { schema: coreSchema() });
      parsed = true;
    } catch {
      // read again below, for the `yaml` package's verdict and message
    }
  }
  if (!parsed) value = slowValue(raw);
  if (value === null || value === undefined) return [];
  const line = contentLine(raw);
  const lines = fieldLines(raw.text, raw.line - 1);
  const lineOf = (p: string): number => lines(p) ?? line;
  finish(raw.file, raw.text, value, budget, lineOf);
  return toObjects(raw.file, raw.index, line, value, lineOf);
}

/** A document's value as the `yaml` package reads it. @throws InputError with the file's line */
function slowValue(raw: RawDocument): unknown {
  const offset = raw.line - 1;
  const lineCounter = new (Y().LineCounter)();
  const doc = Y().parseDocument(raw.text, { lineCounter, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const line = (error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line) + offset;
    // The parser's own position ("at line 4, column 1") is the document's: make it the file's.
    const message = parserMessage(error.message).replace(/\bat line (\d+)/, (_, n: string) => `at line ${Number(n) + offset}`);
    throw new InputError(raw.file, line, message);
  }
  throwOnDuplicateKey(raw.file, doc, lineCounter, offset);
  return toJS(raw.file, doc, () => contentLine(raw));
}

/**
 * Duplicate keys are errors, reported as the `yaml` package's `uniqueKeys` reports them; checked here
 * in linear time (the package's own check is quadratic in a map's size).
 */
function throwOnDuplicateKey(file: string, doc: Document, lineCounter: LineCounter, offset: number): void {
  const visit = (node: unknown): void => {
    if (Y().isSeq(node)) {
      for (const item of node.items) visit(item);
    } else if (Y().isMap(node)) {
      const keys = new Set<unknown>();
      for (const pair of node.items) {
        const key = Y().isScalar(pair.key) ? pair.key.value : pair.key;
        if (keys.has(key) && Y().isNode(pair.key) && pair.key.range) {
          const { line, col } = lineCounter.linePos(pair.key.range[0]);
          throw new InputError(file, line + offset, `Map keys must be unique at line ${line + offset}, column ${col}:`);
        }
        keys.add(key);
        visit(pair.key);
        visit(pair.value);
      }
    }
  };
  visit(doc.contents);
}

function toJS(file: string, doc: Document, line: () => number): unknown {
  try {
    return doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    if (e instanceof ReferenceError || e instanceof RangeError) throw new InputError(file, line(), `too many aliases (an alias bomb?): ${e.message}`);
    throw e;
  }
}

/** Resolves merge keys and charges alias expansion; both only when the text can have them. */
function finish(file: string, text: string, value: unknown, budget: AliasBudget, lineOf: (path: string) => number): void {
  try {
    if (text.includes('&')) budget.charge(value);
    if (text.includes('<<')) resolveMergeKeys(value);
  } catch (e) {
    if (e instanceof AliasBombError) throw new InputError(file, lineOf(''), e.message);
    if (e instanceof MergeKeyError) throw new InputError(file, lineOf(e.path), e.message);
    throw e;
  }
}

/** The 1-based file line of a document's first content (after comments, blank lines and a `---` marker). */
function contentLine(raw: RawDocument): number {
  let line = raw.line;
  let start = 0;
  while (start < raw.text.length) {
    const end = raw.text.indexOf('\n', start);
    let content = raw.text.slice(start, end === -1 ? raw.text.length : end).trim();
    if (/^---(?:\s|$)/.test(content)) content = content.slice(3).trim();
    if (content !== '' && !content.startsWith('#')) return line;
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return raw.line;
}

/** A whole file with directives or `...` markers: read by the `yaml` package, one document at a time. */
function parseWhole(file: string, text: string, budget: AliasBudget): LoadedDocument[] {
  const lineCounter = new (Y().LineCounter)();
  const composer = new (Y().Composer)({ uniqueKeys: false });
  const out: LoadedDocument[] = [];
  let index = 0;
  for (const doc of composer.compose(new (Y().Parser)(lineCounter.addNewLine).parse(text))) {
    // The error path re-parses the whole text so messages and lines are exactly parseAllDocuments'.
    if (doc.errors.length > 0) throwFirstError(file, text);
    throwOnDuplicateKey(file, doc, lineCounter, 0);
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? 0).line;
    const value = toJS(file, doc, () => line);
    const docIndex = index++;
    if (value === null || value === undefined) continue;
    const source = text.slice(doc.range[0], doc.range[2]);
    const { line: startLine, col } = lineCounter.linePos(doc.range[0]);
    // Field lines: the document's whole lines (any text of an earlier document on its first line blanked).
    const lineStart = doc.range[0] - (col - 1);
    const lines = fieldLines(text.slice(lineStart, doc.range[0]).replace(/\S/g, ' ') + source, startLine - 1);
    const lineOf = (p: string): number => lines(p) ?? line;
    finish(file, source, value, budget, lineOf);
    for (const d of toObjects(file, docIndex, line, value, lineOf)) out.push(d);
  }
  return out;
}

/** The first line of a parser error; running out of stack is said as what is wrong with the input. */
function parserMessage(message: string): string {
  return /Maximum call stack size exceeded/.test(message)
    ? 'nested too deeply: more levels of lists and maps than the parser can read'
    : message.split('\n')[0];
}

function throwFirstError(file: string, text: string): never {
  const lineCounter = new (Y().LineCounter)();
  for (const doc of Y().parseAllDocuments(text, { lineCounter, uniqueKeys: false }) as Document[]) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      throw new InputError(file, line, parserMessage(error.message));
    }
  }
  throw new InputError(file, undefined, 'YAML parse error');
}

/** Whether a value is a list of objects (`kind: List`, or `*List` with `items`), as kubectl writes them. */
function isList(value: unknown): value is { items: unknown[] } {
  const v = value as { apiVersion?: unknown; kind?: unknown; items?: unknown };
  return typeof value === 'object' && value !== null && typeof v.apiVersion === 'string' && typeof v.kind === 'string'
    && v.kind.endsWith('List') && Array.isArray(v.items);
}

/** The objects of a document: itself, or each item of a List with its own line. */
function toObjects(file: string, index: number, line: number, value: unknown, lineOf: (path: string) => number): LoadedDocument[] {
  if (!isList(value)) return [{ file, index, line, object: value, lineOf }];
  return value.items.map((object, i) => {
    const path = `items[${i}]`;
    const inner = (p: string): string => (p === '' ? path : p.startsWith('[') ? `${path}${p}` : `${path}.${p}`);
    return { file, index, line: lineOf(path), object, path, lineOf: (p: string) => lineOf(inner(p)) };
  });
}

