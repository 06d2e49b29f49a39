import { AccessOracle, AccessTarget } from './access';
import { GraphCallerGroup, byKey } from './model';

/** A namespace no object names: its identities stand for "any other namespace". */
const ELSEWHERE = '~elsewhere';
/** A service account no object names: it stands for "any other identity of the namespace". */
const SOMEONE = '~someone';

/** A mesh identity, as SPIFFE names it without the scheme. */
export function principalOf(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
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
 * each known identity; what a wider group admits is not listed again inside it.
 */
export function callerGroups(
  oracle: AccessOracle, target: AccessTarget, namespaces: readonly string[], known: readonly KnownCaller[],
): GraphCallerGroup[] {
  const ask = (principal: string | undefined) => oracle.mayCall(principal, target);
  const unknown = (answer: ReturnType<typeof ask>) => (typeof answer === 'object' ? answer.unknown : undefined);
  const anonymous = ask(undefined);
  const elsewhere = ask(principalOf(ELSEWHERE, SOMEONE));
  const reason = unknown(anonymous) ?? unknown(elsewhere);
  if (reason !== undefined) return [{ kind: 'unknown', reason }];
  if (elsewhere === true) return [{ kind: anonymous === true ? 'anyone' : 'mesh' }];
  const groups: GraphCallerGroup[] = [];
  const wholeNamespaces = new Set<string>();
  for (const ns of [...new Set(namespaces)].sort()) {
    const answer = ask(principalOf(ns, SOMEONE));
    if (typeof answer === 'object') return [{ kind: 'unknown', reason: answer.unknown }];
    if (answer) {
      wholeNamespaces.add(ns);
      groups.push({ kind: 'namespace', namespace: ns });
    }
  }
  for (const caller of [...known].sort(byKey((c) => c.principal))) {
    if (wholeNamespaces.has(caller.namespace)) continue;
    const answer = ask(caller.principal);
    if (typeof answer === 'object') return [{ kind: 'unknown', reason: answer.unknown }];
    if (answer) groups.push({ kind: 'principal', principal: caller.principal, workloads: [...caller.workloads].sort() });
  }
  if (anonymous === true) groups.unshift({ kind: 'plaintext' });
  return groups.length === 0 ? [{ kind: 'nobody' }] : groups;
}
