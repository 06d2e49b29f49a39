/**
 * A CEL syntax check: what istiod does with a Telemetry access-log filter (cel-go `Parse`, no type check).
 * Written out here (rather than with a CEL library) because the check only needs the grammar, and it must run
 * wherever the rules run. Lenient where unsure: it only rejects what cannot be CEL.
 */

type Tok = { readonly t: 'num' | 'str' | 'id' | 'op' | 'eof'; readonly v: string; readonly pos: number };

const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    const num = /^(?:0[xX][0-9a-fA-F]+[uU]?|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?[uU]?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)/.exec(src.slice(i));
    if (num) {
      toks.push({ t: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const str = /^(?:[rR][bB]?|[bB][rR]?)?(?:'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")/.exec(src.slice(i));
    if (str) {
      toks.push({ t: 'str', v: str[0], pos: i });
      i += str[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      toks.push({ t: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new Error(`unexpected character '${c}' at ${i}`);
    toks.push({ t: 'op', v: op, pos: i });
    i += op.length;
  }
  toks.push({ t: 'eof', v: '', pos: src.length });
  return toks;
}

const BINARY: ReadonlyArray<readonly string[]> = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>=', 'in'], ['+', '-'], ['*', '/', '%']];

class CelParser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  parse(): void {
    if (this.peek().t === 'eof') throw new Error('empty expression');
    this.expr();
    if (this.peek().t !== 'eof') this.fail();
  }

  private peek(): Tok {
    return this.toks[this.i];
  }

  private is(v: string): boolean {
    const t = this.peek();
    return (t.t === 'op' || t.t === 'id') && t.v === v;
  }

  private take(v: string): void {
    if (!this.is(v)) this.fail(`expected '${v}'`);
    this.i++;
  }

  private fail(what = 'unexpected'): never {
    const t = this.peek();
    throw new Error(`${what} ${t.t === 'eof' ? 'end of expression' : `'${t.v}'`} at ${t.pos}`);
  }

  private expr(): void {
    this.binary(0);
    if (this.is('?')) {
      this.i++;
      this.binary(0);
      this.take(':');
      this.expr();
    }
  }

  private binary(level: number): void {
    if (level === BINARY.length) {
      this.unary();
      return;
    }
    this.binary(level + 1);
    while (BINARY[level].some((op) => this.is(op))) {
      this.i++;
      this.binary(level + 1);
    }
  }

  private unary(): void {
    while (this.is('!') || this.is('-')) this.i++;
    this.member();
  }

  private member(): void {
    this.primary();
    for (;;) {
      if (this.is('.')) {
        this.i++;
        if (this.peek().t !== 'id') this.fail('expected a field name, got');
        this.i++;
        if (this.is('(')) this.args(')');
      } else if (this.is('[')) {
        this.i++;
        this.expr();
        this.take(']');
      } else if (this.is('{')) {
        this.fields();
      } else {
        return;
      }
    }
  }

  private primary(): void {
    const t = this.peek();
    if (t.t === 'num' || t.t === 'str') {
      this.i++;
      return;
    }
    if (t.t === 'id') {
      this.i++;
      if (this.is('(')) this.args(')');
      return;
    }
    if (this.is('.')) {
      this.i++;
      if (this.peek().t !== 'id') this.fail();
      this.i++;
      return;
    }
    if (this.is('(')) {
      this.i++;
      this.expr();
      this.take(')');
      return;
    }
    if (this.is('[')) {
      this.args(']');
      return;
    }
    if (this.is('{')) {
      this.fields();
      return;
    }
    this.fail();
  }

  /** `(a, b)` or `[a, b]`, with an optional trailing comma. */
  private args(close: string): void {
    this.i++;
    while (!this.is(close)) {
      this.expr();
      if (!this.is(',')) break;
      this.i++;
    }
    this.take(close);
  }

  /** `{k: v, ...}`, for maps and message construction. */
  private fields(): void {
    this.take('{');
    while (!this.is('}')) {
      this.expr();
      this.take(':');
      this.expr();
      if (!this.is(',')) break;
      this.i++;
    }
    this.take('}');
  }
}

/** Why an expression is not CEL, or undefined. */
export function celSyntaxError(expression: string): string | undefined {
  try {
    new CelParser(tokenize(expression)).parse();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
