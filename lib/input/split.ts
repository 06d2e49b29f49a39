/** The text of one YAML document of a file, not parsed yet. */
export interface RawDocument {
  /** The file it is in. */
  readonly file: string;
  /** 0-based position of the document in its file. */
  readonly index: number;
  /** 1-based line where `text` starts. */
  readonly line: number;
  /** The document's text, without a bare `---` line before it; or a whole file that cannot be split safely. */
  readonly text: string;
  /** Whether `text` is a whole file that could not be split (directives, `...` markers): it may hold several documents. */
  readonly whole?: boolean;
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
    if (m[0] === '%') return [{ file, index: 0, line: 1, text, whole: true }];
    const next = text[m.index + m[0].length];
    if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\n' && next !== '\r') continue; // `---foo` is content
    if (m[0] === '...') return [{ file, index: 0, line: 1, text, whole: true }];
    if (m.index > 0) starts.push(m.index);
  }
  // Comments before the first `---` are not a document of their own.
  if (starts.length > 1 && !/^[ \t]*[^\s#]/m.test(text.slice(0, starts[1]))) starts.shift();
  const out: RawDocument[] = [];
  let line = 1;
  let counted = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    for (let k = text.indexOf('\n', counted); k !== -1 && k < start; k = text.indexOf('\n', k + 1)) line++;
    counted = start;
    let body = text.slice(start, starts[i + 1] ?? text.length);
    let bodyLine = line;
    const bare = /^---[ \t]*\r?\n/.exec(body);
    if (bare) {
      body = body.slice(bare[0].length);
      bodyLine++;
    }
    out.push({ file, index: i, line: bodyLine, text: body });
  }
  return out;
}
