import { IConstruct } from 'constructs';

/** One problem with a field of a spec: `[fieldPath, what is wrong, how to fix it]`. */
export type SpecProblem = [fieldPath: string, problem: string, fix: string];

/**
 * An error about fields of an L2 construct's spec, worded so the user can find and fix it:
 * construct path, kind, then one line per problem with field path, what is wrong and how to fix it.
 */
export function specError(construct: IConstruct, kind: string, problems: readonly SpecProblem[]): Error {
  const lines = problems.map(([field, problem, fix]) => `${field}: ${problem}. ${fix}`);
  return new Error(`${construct.node.path} (${kind}): ${lines.join('\n  ')}`);
}

/** Throws `specError` when there is any problem. */
export function throwIfProblems(construct: IConstruct, kind: string, problems: readonly SpecProblem[]): void {
  if (problems.length > 0) throw specError(construct, kind, problems);
}
