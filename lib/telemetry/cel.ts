import { createRequire } from 'module';
import { SpecProblem } from '../core/spec-error';

type CelParse = (expression: string) => unknown;
let celParse: CelParse | undefined;

/**
 * cel-js ships only ES modules. Node (>= 20.19) loads them with require(); loading through Node's own require
 * also works under jest before jest is configured to transform them, and only when an expression is checked.
 */
function parser(): CelParse {
  celParse ??= (createRequire(__filename)('@marcbachmann/cel-js') as { parse: CelParse }).parse;
  return celParse;
}

/** A problem when `expression` is not valid CEL syntax (Istio evaluates filters and tag values as CEL). */
export function celProblems(expression: string, field: string): SpecProblem[] {
  if (expression.trim() === '') return [[field, 'empty expression', 'Give a CEL expression.']];
  try {
    parser()(expression);
    return [];
  } catch (e) {
    return [[field, `'${expression}' is not a CEL expression (${(e as Error).message.split('\n')[0]})`,
      'Write a CEL expression such as request.headers[\'x-id\'] or response.code >= 400.']];
  }
}
