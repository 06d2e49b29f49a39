import * as fs from 'fs';
import * as path from 'path';
import { Composer, Document, isMap, isNode, isScalar, isSeq, LineCounter, parseAllDocuments, parseDocument, Parser } from 'yaml';
import { parsePath } from '../vocab/paths';

/** One YAML document read from a file. */
export interface LoadedDocument {
  /** The file it came from, as given on the command line (or found under a given folder). */
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed document: usually a Kubernetes object, but anything YAML can hold. */
  readonly object: unknown;
  /** The 1-based line of a field path (`spec.http[0].route`) in the document: of its nearest existing parent when absent. */
  readonly lineOf?: (path: string) => number;
}

/** A file that could not be read or parsed. */
export class InputError extends Error {
  public constructor(public readonly file: string, public readonly line: number | undefined, message: string) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
    this.name = 'InputError';
  }
}

const YAML_FILE = /\.(ya?ml|json)$/i;

/** The files a list of paths names: files as given, folders searched recursively for .yaml/.yml/.json, sorted. */
export function expandPaths(paths: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (p: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new InputError(p, undefined, 'no such file or folder');
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        const child = path.join(p, entry);
        if (fs.statSync(child).isDirectory() || YAML_FILE.test(entry)) walk(child);
      }
    } else {
      files.push(p);
    }
  };
  for (const p of paths) walk(p);
  return files;
}

/**
 * Parses multi-document YAML text; empty documents are skipped. Documents are composed one at a
 * time and only their values kept: the line of a field is found by parsing its document's text
 * again, on demand (only documents with findings need it).
 */
export function parseDocuments(file: string, text: string): LoadedDocument[] {
  const lineCounter = new LineCounter();
  const composer = new Composer({ uniqueKeys: true });
  const out: LoadedDocument[] = [];
  let index = 0;
  for (const doc of composer.compose(new Parser(lineCounter.addNewLine).parse(text))) {
    // The error path re-parses the whole text so messages and lines are exactly parseAllDocuments'.
    if (doc.errors.length > 0) throwFirstError(file, text);
    const object: unknown = doc.toJS({ maxAliasCount: 1000 });
    const docIndex = index++;
    if (object === null || object === undefined) continue;
    const line = lineCounter.linePos(doc.contents?.range?.[0] ?? 0).line;
    const lines = documentLines(text, lineCounter, doc.range[0], doc.range[2]);
    out.push({ file, index: docIndex, line, object, lineOf: (p) => lines(p) ?? line });
  }
  return out;
}

function throwFirstError(file: string, text: string): never {
  const lineCounter = new LineCounter();
  for (const doc of parseAllDocuments(text, { lineCounter, uniqueKeys: true }) as Document[]) {
    const error = doc.errors[0];
    if (error) {
      const line = error.linePos?.[0].line ?? lineCounter.linePos(error.pos[0]).line;
      throw new InputError(file, line, error.message.split('\n')[0]);
    }
  }
  throw new InputError(file, undefined, 'YAML parse error');
}

/**
 * Field lines of the document at `text[start, end)`: its whole lines are parsed on first use (any
 * text of an earlier document on its first line blanked) and lines counted from where it starts.
 */
function documentLines(text: string, lineCounter: LineCounter, start: number, end: number): (path: string) => number | undefined {
  let parsed: { doc: Document; lines: LineCounter } | undefined;
  return (fieldPath) => {
    const { line, col } = lineCounter.linePos(start);
    if (!parsed) {
      const lineStart = start - (col - 1);
      const lines = new LineCounter();
      const source = text.slice(lineStart, start).replace(/\S/g, ' ') + text.slice(start, end);
      parsed = { doc: parseDocument(source, { lineCounter: lines, uniqueKeys: true }), lines };
    }
    const found = fieldLine(parsed.doc, parsed.lines, fieldPath);
    return found === undefined ? undefined : found + line - 1;
  };
}

function fieldLine(doc: Document, lineCounter: LineCounter, fieldPath: string): number | undefined {
  const segments = parsePath(fieldPath);
  // The line of the key (or list item) of the deepest part of the path present in the document.
  for (let n = segments.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(segments.slice(0, n - 1), true);
    const seg = segments[n - 1];
    let node: unknown;
    if (isMap(parent)) node = parent.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : pair.key) === String(seg))?.key;
    else if (isSeq(parent) && typeof seg === 'number') node = parent.items[seg];
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Reads every document of the given files and folders. @throws InputError on I/O or parse errors */
export function loadDocuments(paths: readonly string[]): LoadedDocument[] {
  const out: LoadedDocument[] = [];
  for (const file of expandPaths(paths)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(file, undefined, (e as Error).message);
    }
    out.push(...parseDocuments(file, text));
  }
  return out;
}
