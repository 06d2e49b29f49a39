import { Construct } from 'constructs';
import { accountCaller, declareAllowed, intentsApply, namespaceCaller } from './pattern-intents';
import { configError } from '../core/errors';
import { WorkloadSelector } from '../core/workload-selector';
import { AuthorizationPolicy } from '../security/authorization-policy';
import { AuthorizationSource } from '../security/authorization-rule';
import { IServiceAccountIdentity, Principal } from '../security/principal';

/** The callers an allow rule admits: service accounts, whole namespaces (both identified by mTLS) and/or IP blocks (ORed). */
export interface AllowedCallers {
  /**
   * Service accounts, e.g. cdk8s-plus `ServiceAccount`s or `{ name: 'frontend', metadata: { namespace: 'web' } }`.
   * @default - none
   */
  readonly serviceAccounts?: IServiceAccountIdentity[];
  /**
   * Namespaces whose every workload is admitted.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Source IP addresses or CIDR blocks (`ipBlocks`: the connection's peer address). The only way to admit plaintext
   * callers on a PERMISSIVE port: they have no mTLS identity, so no service account or namespace matches them
   * (Istio 1.30.3 pilot/pkg/security/authz/model/generator.go: principals and namespaces need an authenticated peer,
   * ipBlocks is Envoy's `direct_remote_ip`). ztunnel enforces them too (ambient `SourceIps`).
   * @default - none
   */
  readonly ipBlocks?: string[];
}

/** What an allow rule opens: which workloads, and optionally which ports, methods and paths. */
export interface AllowedTarget {
  /** The workloads (in this namespace) that accept the calls. */
  readonly selector: WorkloadSelector;
  /**
   * Workload (container) ports.
   * @default - every port
   */
  readonly ports?: number[];
  /**
   * HTTP methods. Sidecar mode only: in ambient mode HTTP attributes need a waypoint.
   * @default - every method
   */
  readonly methods?: string[];
  /**
   * Absolute paths, exact or `/prefix/*`. Sidecar mode only.
   * @default - every path
   */
  readonly paths?: string[];
}

/** Props of `StrictMtlsNamespace.allow()`. */
export interface AllowTrafficProps {
  /** Who may call (at least one service account or namespace). */
  readonly from: AllowedCallers;
  /** What they may call. */
  readonly to: AllowedTarget;
}

/** Where an allow policy goes and how its callers are identified. */
export interface AllowPolicyContext {
  /** The mesh's trust domain, for service account principals. @default 'cluster.local' */
  readonly trustDomain?: string;
  /** Whether the target namespace is ambient (no HTTP attributes without a waypoint). @default false */
  readonly ambient?: boolean;
}

/**
 * An ALLOW policy admitting named callers (service accounts or namespaces, by mTLS identity) to workloads,
 * optionally on some ports, methods and paths.
 * @throws when no caller is named, a path is not absolute, or HTTP attributes are used in an ambient namespace
 */
export function allowTraffic(
  scope: Construct, id: string, metadata: { name: string; namespace: string }, props: AllowTrafficProps, context: AllowPolicyContext,
): AuthorizationPolicy {
  const name = metadata.name;
  const { serviceAccounts = [], namespaces = [], ipBlocks = [] } = props.from;
  if (serviceAccounts.length === 0 && namespaces.length === 0 && ipBlocks.length === 0) {
    throw configError(scope, `allow('${name}'): from names no service account, namespace or IP block. Name the callers; to open a workload to `
      + 'everyone, write an AuthorizationPolicy yourself.');
  }
  const { selector, ports, methods, paths } = props.to;
  if (context.ambient && (methods || paths)) {
    throw configError(scope, `allow('${name}'): methods and paths are HTTP attributes, which ztunnel cannot enforce in an ambient namespace. `
      + 'Allow by port, or deploy a waypoint and write its policy with targetRefs.');
  }
  paths?.forEach((p, i) => {
    if (!p.startsWith('/')) throw configError(scope, `allow('${name}'): to.paths[${i}] '${p}' is not an absolute path. Start it with '/'.`);
  });
  const from: AuthorizationSource[] = [
    ...(serviceAccounts.length > 0
      ? [{ principals: serviceAccounts.map((sa) => Principal.fromServiceAccount(sa, { trustDomain: context.trustDomain })) }] : []),
    ...(namespaces.length > 0 ? [{ namespaces }] : []),
    ...(ipBlocks.length > 0 ? [{ ipBlocks }] : []),
  ];
  const to = ports || methods || paths ? [{ ports, methods, paths }] : undefined;
  const policy = new AuthorizationPolicy(scope, id, { metadata, selector, rules: [{ from, ...(to ? { to } : {}) }] });
  // The promise: each named caller may call (the intents are checked against the whole app at synth).
  if (intentsApply(context.trustDomain)) {
    const callers = [
      ...serviceAccounts.map((sa) => accountCaller(sa, metadata.namespace)).filter((c): c is string => c !== undefined),
      ...namespaces.filter((ns) => !ns.includes('*')).map(namespaceCaller),
    ];
    declareAllowed(scope, id, callers, { namespace: metadata.namespace, selector, ...(ports ? { port: ports[0] } : {}) }, { methods, paths });
  }
  return policy;
}
