import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** One problem with a field of a spec: `[fieldPath, what is wrong, how to fix it]`. */
export type SpecProblem = [fieldPath: string, problem: string, fix: string];

/**
 * An error about fields of an L2 construct's spec, worded so the user can find and fix it:
 * construct path, kind, then one line per problem with field path, what is wrong and how to fix it.
 */
export function specError(construct: IConstruct, kind: string, problems: readonly SpecProblem[]): Error {
  const lines = problems.map(([field, problem, fix]) => `${field}: ${problem}. ${fix}`);
  return new Error(`${construct.node.path} (${kind}${objectName(construct)}): ${lines.join('\n  ')}`);
}

/** ` <namespace>/<name>` of the construct's object (an L2 resource is its ApiObject), when it has one already. */
function objectName(construct: IConstruct): string {
  const object = ApiObject.isApiObject(construct) ? construct : undefined;
  if (!object) return '';
  const { name, namespace } = object.metadata;
  return name === undefined ? '' : ` ${namespace ? `${namespace}/` : ''}${name}`;
}

/** Throws `specError` when there is any problem. */
export function throwIfProblems(construct: IConstruct, kind: string, problems: readonly SpecProblem[]): void {
  if (problems.length > 0) throw specError(construct, kind, problems);
}

/**
 * Runs the checks of a constructor; when they throw, the construct is removed from its scope first,
 * so a failed `new` leaves nothing half-written in the tree.
 */
export function detachOnError<T>(construct: IConstruct, checks: () => T): T {
  try {
    return checks();
  } catch (e) {
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw e;
  }
}
