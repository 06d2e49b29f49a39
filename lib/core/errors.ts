import type { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** One problem with one field: where, what is wrong, how to fix it. */
export interface ConfigProblem {
  /**
   * The field, as a path inside the object (e.g. `spec.http[0].route`), or a prop name of the construct.
   * @default - the problem is about the construct as a whole
   */
  readonly field?: string;
  /** What is wrong, as a sentence fragment without the final full stop; may quote the offending value (never a secret). */
  readonly problem: string;
  /**
   * How to fix it: one imperative sentence.
   * @default - the problem says it
   */
  readonly fix?: string;
  /**
   * The offending value, for tools that read the error; never a secret (the message does not print it).
   * @default - not recorded
   */
  readonly value?: unknown;
}

/**
 * The error every L2, L3 and platform construct throws for input it cannot turn into correct config:
 * the construct path, the resource (`Kind namespace/name`) when the construct is an object, then one
 * line per problem with its field, what is wrong and the fix:
 *
 * `shop/reviews (VirtualService shop/reviews): spec.http[0]: has no destination. Give route, redirect or delegate.`
 *
 * It is thrown when the construct is built or changed, or when it renders at synth; an error thrown while
 * rendering reaches the caller as it is, not wrapped by cdk8s.
 */
export class IstioConfigError extends Error {
  /** Whether `x` is an `IstioConfigError` (also across copies of the package). */
  public static isIstioConfigError(x: unknown): x is IstioConfigError {
    return x instanceof Error && (x.name === 'IstioConfigError' || x.name === 'FieldError') && 'constructPath' in x;
  }

  /** The construct's path in the tree; empty for a `FieldError`, whose value no construct holds yet. */
  public readonly constructPath: string;
  /** `Kind namespace/name` of the construct's object, or undefined when the construct is not one object. */
  public readonly resource?: string;
  /** The problems, at least one. */
  public readonly problems: readonly ConfigProblem[];

  public constructor(constructPath: string, resource: string | undefined, problems: readonly ConfigProblem[]) {
    super(formatConfigError(constructPath, resource, problems));
    this.name = 'IstioConfigError';
    this.constructPath = constructPath;
    this.resource = resource;
    this.problems = problems;
  }
}

/**
 * The error of `scope` for `problems` (a string: one problem of the whole construct that says its fix). `kind` names the resource when the construct is not the object
 * itself (a namespace built by a helper) or has no name yet; an L2 resource is found from the construct.
 */
export function configError(scope: IConstruct, problems: string | ConfigProblem | readonly ConfigProblem[], kind?: string): IstioConfigError {
  return new IstioConfigError(scope.node.path, resourceOf(scope, kind), problemList(problems));
}

function problemList(problems: string | ConfigProblem | readonly ConfigProblem[]): readonly ConfigProblem[] {
  return typeof problems === 'string' ? [{ problem: problems }] : Array.isArray(problems) ? problems : [problems as ConfigProblem];
}

/** Throws `configError` when there is any problem. */
export function throwIfProblems(scope: IConstruct, problems: readonly ConfigProblem[], kind?: string): void {
  if (problems.length > 0) throw configError(scope, problems, kind);
}

/**
 * The `IstioConfigError` of a value, before any construct holds it: a value factory the user calls
 * (`Destination.host`, `Probe.httpGet`, `PemSource.fromFile`: its field names the factory and the
 * argument), or a value helper that knows the field but not the construct (a route, a port, a match).
 * A construct's entry point (`withConfigErrors`, `detachOnError`, an L2 resource's render) turns it into
 * the construct's error, with its path and resource.
 */
export class FieldError extends IstioConfigError {
  public constructor(problems: ConfigProblem | readonly ConfigProblem[]) {
    super('', undefined, problemList(problems));
    this.name = 'FieldError';
  }

  /** The first problem. */
  public get problem(): ConfigProblem {
    return this.problems[0];
  }
}

/** The `FieldError` for `field`. */
export function fieldError(field: string, problem: string, fix?: string): FieldError {
  return new FieldError({ field, problem, fix });
}

/** Runs `body`; a `FieldError` it throws becomes the `IstioConfigError` of `construct`. */
export function withConfigErrors<T>(construct: IConstruct, body: () => T): T {
  try {
    return body();
  } catch (e) {
    if (e instanceof FieldError) throw configError(construct, e.problems);
    throw e;
  }
}

/**
 * Runs what a constructor checks (as `withConfigErrors`); on an error the construct is removed from its
 * scope first, so a failed `new` leaves nothing half-written in the tree.
 */
export function detachOnError<T>(construct: IConstruct, checks: () => T): T {
  try {
    return withConfigErrors(construct, checks);
  } catch (e) {
    construct.node.scope?.node.tryRemoveChild(construct.node.id);
    throw e;
  }
}

function formatConfigError(path: string, resource: string | undefined, problems: readonly ConfigProblem[]): string {
  const where = path === '' ? '' : `${path}${resource ? ` (${resource})` : ''}: `;
  return `${where}${problems.map(formatProblem).join('\n  ')}`;
}

/**
 * `field: problem. Fix.`; when the problem starts with a verb, the field is its subject:
 * `spec.hosts[0] must not be empty.`
 */
function formatProblem({ field, problem, fix }: ConfigProblem): string {
  const subject = field ? `${field}${FIELD_IS_SUBJECT.test(problem) ? ' ' : ': '}` : '';
  return `${subject}${sentence(problem)}${fix ? ` ${sentence(fix)}` : ''}`;
}

const FIELD_IS_SUBJECT = /^(must|needs?|has|is|are|cannot|takes|applies|may)\b/;

/** Ends a fragment with a full stop unless it ends a sentence already. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** `Kind namespace/name` of the object `scope` is, if it is one; `kind` when given. */
function resourceOf(scope: IConstruct, kind: string | undefined): string | undefined {
  // cdk8s loads here, not with this module: the CLI's analysis imports it (through MeshIntent) and never needs cdk8s (issue 21).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const object = (require('cdk8s') as typeof import('cdk8s')).ApiObject.isApiObject(scope) ? scope as ApiObject : undefined;
  const name = object?.metadata.name;
  const objectName = name === undefined ? '' : ` ${object?.metadata.namespace ? `${object.metadata.namespace}/` : ''}${name}`;
  const resourceKind = kind ?? object?.kind;
  return resourceKind === undefined ? undefined : `${resourceKind}${objectName}`;
}
