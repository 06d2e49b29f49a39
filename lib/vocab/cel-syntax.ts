/**
 * A CEL syntax check: what istiod does with a Telemetry access-log filter (cel-go `Parse`, no type check),
 * done by the same CEL library as the CRD rules, loaded on first use.
 */

type CelParse = (expression: string) => unknown;
let parse: CelParse | undefined;

/** Why an expression is not CEL, or undefined. */
export function celSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return 'empty expression';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parse ??= (require('@marcbachmann/cel-js') as typeof import('@marcbachmann/cel-js')).parse;
  try {
    parse(expression);
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}
