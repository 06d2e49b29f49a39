import { SpecProblem } from '../core/spec-error';
import { celSyntaxError } from '../vocab/cel-syntax';

/** A problem when `expression` is not valid CEL syntax (Istio evaluates access log filters and tag values as CEL). */
export function celProblems(expression: string, field: string): SpecProblem[] {
  if (expression.trim() === '') return [[field, 'empty expression', 'Give a CEL expression.']];
  const error = celSyntaxError(expression);
  return error === undefined ? [] : [[field, `'${expression}' is not a CEL expression (${error})`,
    'Write a CEL expression such as request.headers[\'x-id\'] or response.code >= 400.']];
}
