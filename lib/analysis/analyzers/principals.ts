import { arr, obj, objs, str, strs } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, Resource } from '../context';

/** `<trust domain>/ns/<namespace>/sa/<service account>`, as Istio's peer identities (an optional `spiffe://`). */
const PRINCIPAL = /^(?:spiffe:\/\/)?[^/]+\/ns\/([^/*]+)\/sa\/([^/*]+)$/;

/** The service account a pod spec runs as (`default` when unset, as Kubernetes assigns it). */
export function serviceAccountOf(podSpec: Readonly<Record<string, unknown>>): string {
  return str(podSpec.serviceAccountName) || str(podSpec.serviceAccount) || 'default';
}

/**
 * Service accounts by namespace of the workloads the set defines: pods and workload templates, WorkloadEntries and
 * WorkloadGroups, the gateways Istio deploys for Kubernetes Gateways, and the gateways of IstioOperators.
 */
function definedAccounts(ctx: AnalysisContext): Map<string, Set<string>> {
  const accounts = new Map<string, string[]>();
  for (const pod of ctx.pods) if (!pod.source.synthetic) addTo(accounts, pod.namespace, serviceAccountOf(pod.spec));
  for (const we of ctx.list(GK.WorkloadEntry)) addTo(accounts, we.namespace, str(we.spec.serviceAccount) || 'default');
  for (const wg of ctx.list('networking.istio.io/WorkloadGroup')) addTo(accounts, wg.namespace, str(obj(wg.spec.template).serviceAccount) || 'default');
  // pilot/pkg/config/kube/gatewaycommon/gateway_utils.go GetDefaultName: `<name>-<class>` unless the class drops the suffix.
  for (const gw of ctx.list(GK.KubernetesGateway)) {
    const override = gw.annotations['gateway.istio.io/service-account'];
    for (const sa of override ? [override] : [gw.name, `${gw.name}-${str(gw.spec.gatewayClassName)}`]) addTo(accounts, gw.namespace, sa);
  }
  for (const iop of ctx.list('install.istio.io/IstioOperator')) {
    const components = obj(iop.spec.components);
    for (const kind of ['ingressGateways', 'egressGateways']) {
      for (const [gw] of objs(components[kind])) {
        if (str(gw.name)) addTo(accounts, str(gw.namespace) || ctx.rootNamespace, `${str(gw.name)}-service-account`);
      }
    }
  }
  const result = new Map<string, Set<string>>();
  for (const [ns, list] of accounts) result.set(ns, new Set(list));
  // The default gateways that file-only istioctl assumes, with the accounts Istio's charts give them.
  const root = result.get(ctx.rootNamespace);
  if (root && ctx.mesh.ingressControllerMode !== 'OFF') {
    root.add('istio-ingressgateway-service-account');
    root.add('istio-egressgateway-service-account');
    root.add('istiod');
  }
  return result;
}

/** Every principal a policy names, with its field path: `principals`, `notPrincipals` and `source.principal` conditions. */
function namedPrincipals(ap: Resource): Array<{ principal: string; path: string }> {
  const result: Array<{ principal: string; path: string }> = [];
  for (const [rule, i] of objs(ap.spec.rules)) {
    for (const [from, j] of objs(rule.from)) {
      const source = obj(from.source);
      for (const field of ['principals', 'notPrincipals']) {
        strs(source[field]).forEach((p, k) => result.push({ principal: p, path: `spec.rules[${i}].from[${j}].source.${field}[${k}]` }));
      }
    }
    for (const [cond, j] of objs(rule.when)) {
      if (str(cond.key) !== 'source.principal') continue;
      for (const field of ['values', 'notValues']) {
        arr(cond[field]).forEach((v, k) => result.push({ principal: str(v), path: `spec.rules[${i}].when[${j}].${field}[${k}]` }));
      }
    }
  }
  return result;
}

/**
 * CIS5012: an ALLOW or DENY policy names `cluster.local/ns/X/sa/Y` while the set defines workloads in X and none of
 * them runs as Y: the rule matches no caller the set defines (a pod without `serviceAccountName` runs as `default`).
 */
export const principalWorkloadAnalyzer: Analyzer = {
  name: 'cdk8s-istio.PrincipalWorkloadAnalyzer',
  description: 'Checks that the service accounts authorization policies name are the ones the workloads run as',
  codes: ['CIS5012'],
  analyze(ctx: AnalysisContext): void {
    let accounts: Map<string, Set<string>> | undefined;
    for (const ap of ctx.list(GK.AuthorizationPolicy)) {
      const action = str(ap.spec.action) || 'ALLOW';
      if (action !== 'ALLOW' && action !== 'DENY') continue;
      for (const { principal, path } of namedPrincipals(ap)) {
        const m = PRINCIPAL.exec(principal);
        if (!m) continue;
        const [, namespace, account] = m;
        accounts ??= definedAccounts(ctx);
        const known = accounts.get(namespace);
        if (!known || known.has(account)) continue;
        ctx.report(ap, 'CIS5012', [ap.fullName, principal, namespace, account, [...known].sort()], path,
          `Run the workload as that service account (serviceAccountName: ${account}), or name the account it runs as.`);
      }
    }
  },
};
