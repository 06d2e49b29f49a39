import { parse } from '@marcbachmann/cel-js';
import { SpecProblem } from '../core/spec-error';

/** A problem when `expression` is not valid CEL syntax (Istio evaluates access log filters and tag values as CEL). */
export function celProblems(expression: string, field: string): SpecProblem[] {
  if (expression.trim() === '') return [[field, 'empty expression', 'Give a CEL expression.']];
  try {
    parse(expression);
    return [];
  } catch (e) {
    return [[field, `'${expression}' is not a CEL expression (${(e as Error).message.split('\n')[0]})`,
      'Write a CEL expression such as request.headers[\'x-id\'] or response.code >= 400.']];
  }
}
