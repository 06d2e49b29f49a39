import { SpecProblem } from '../core/spec-error';

type CelParse = (expression: string) => unknown;
let celParse: CelParse | null | undefined;

/**
 * cel-js ships only ES modules, which require() loads on Node >= 20.19. It is loaded when the first expression is
 * checked, so importing the library never fails; where it cannot be loaded the syntax check is skipped
 * (the synth-time validator parses access log filters too).
 */
function parser(): CelParse | null {
  if (celParse === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
      celParse = (require('@marcbachmann/cel-js') as { parse: CelParse }).parse;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_REQUIRE_ESM' && !/Must use import/.test((e as Error).message)) throw e;
      celParse = null;
    }
  }
  return celParse;
}

/** A problem when `expression` is not valid CEL syntax (Istio evaluates filters and tag values as CEL). */
export function celProblems(expression: string, field: string): SpecProblem[] {
  if (expression.trim() === '') return [[field, 'empty expression', 'Give a CEL expression.']];
  const parse = parser();
  try {
    parse?.(expression);
    return [];
  } catch (e) {
    return [[field, `'${expression}' is not a CEL expression (${(e as Error).message.split('\n')[0]})`,
      'Write a CEL expression such as request.headers[\'x-id\'] or response.code >= 400.']];
  }
}
