import { ConfigProblem } from '../core/errors';
import { celSyntaxError } from '../vocab/cel-syntax';

/** A problem when `expression` is not valid CEL syntax (Istio evaluates access log filters and tag values as CEL). */
export function celProblems(expression: string, field: string): ConfigProblem[] {
  if (expression.trim() === '') return [{ field, problem: 'empty expression', fix: 'Give a CEL expression.' }];
  const error = celSyntaxError(expression);
  return error === undefined ? [] : [{ field, problem: `'${expression}' is not a CEL expression (${error})`, fix: 'Write a CEL expression such as request.headers[\'x-id\'] or response.code >= 400.' }];
}
