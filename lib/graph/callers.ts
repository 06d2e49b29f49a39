import { AccessAnswer, AccessOracle, AccessTarget } from './access';
import { GraphCallerGroup, byKey } from './model';
import { workloadIdentity } from '../vocab/identity';

/** A namespace no object names: its identities stand for "any other namespace". */
const ELSEWHERE = '~elsewhere';
/** A service account no object names: it stands for "any other identity of the namespace". */
const SOMEONE = '~someone';

/** A mesh identity, as SPIFFE names it without the scheme. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return workloadIdentity('cluster.local', namespace, serviceAccount);
}

/** A caller the groups are made of: an identity and the workloads that run as it. */
export interface KnownCaller {
  /** `cluster.local/ns/NS/sa/SA`. */
  readonly principal: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The workloads that run as it (ids). */
  readonly workloads: readonly string[];
}

/**
 * The callers a workload admits, grouped: the access model is asked for a plaintext caller, an
 * identity of a namespace nobody names, an unnamed identity of each namespace in question, and
 * each known identity. What a wider group admits is not listed again inside it; what it refuses
 * (a DENY, a waypoint's policy) is named as its exceptions, and identities a refused namespace
 * still admits are listed on their own.
 */
export function callerGroups(
  oracle: AccessOracle, target: AccessTarget, namespaces: readonly string[], known: readonly KnownCaller[],
): GraphCallerGroup[] {
  const answers: AccessAnswer[] = [];
  const ask = (principal: string | undefined): boolean => {
    const answer = oracle.mayCall(principal, target);
    answers.push(answer);
    return answer === true;
  };
  const anonymous = ask(undefined);
  const elsewhere = ask(principalOf(ELSEWHERE, SOMEONE));
  const inNamespace = new Map([...new Set(namespaces)].sort().map((ns) => [ns, ask(principalOf(ns, SOMEONE))]));
  const callers = [...known].sort(byKey((c) => c.principal)).map((c) => ({ ...c, allowed: ask(c.principal) }));
  const unknown = answers.find((a): a is { readonly unknown: string } => typeof a === 'object');
  if (unknown) return [{ kind: 'unknown', reason: unknown.unknown }];

  // A caller is listed on its own when its namespace's group does not already say the same.
  const namespaceAllows = (ns: string) => inNamespace.get(ns) ?? elsewhere;
  const principals = callers.filter((c) => c.allowed && !namespaceAllows(c.namespace))
    .map((c): GraphCallerGroup => ({ kind: 'principal', principal: c.principal, workloads: [...c.workloads].sort() }));
  const refused = (ns?: string) => callers.filter((c) => !c.allowed && (ns === undefined ? namespaceAllows(c.namespace) : c.namespace === ns))
    .map((c) => c.principal);
  const except = (namespacesOut: string[], principalsOut: string[]) =>
    (namespacesOut.length + principalsOut.length > 0 ? { except: { namespaces: namespacesOut, principals: principalsOut } } : {});
  if (elsewhere) {
    const namespacesOut = [...inNamespace].filter(([, allowed]) => !allowed).map(([ns]) => ns);
    return [{ kind: anonymous ? 'anyone' : 'mesh', ...except(namespacesOut, refused()) }, ...principals];
  }
  const groups: GraphCallerGroup[] = [
    ...(anonymous ? [{ kind: 'plaintext' } as const] : []),
    ...[...inNamespace].filter(([, allowed]) => allowed).map(([ns]): GraphCallerGroup => ({ kind: 'namespace', namespace: ns, ...except([], refused(ns)) })),
    ...principals,
  ];
  return groups.length === 0 ? [{ kind: 'nobody' }] : groups;
}
