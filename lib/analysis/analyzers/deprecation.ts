import { num, obj, objs, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

const REMOVED_RBAC_KINDS = new Set(['ClusterRbacConfig', 'RbacConfig', 'ServiceRole', 'ServiceRoleBinding']);

/** IST0002 for deprecated or ignored fields and removed custom resource types (Istio's `deprecation.DeprecationAnalyzer`). */
export const deprecationAnalyzer: Analyzer = {
  name: 'deprecation.DeprecationAnalyzer',
  description: 'Checks for deprecated Istio types and fields',
  codes: ['IST0002'],
  analyze(ctx: AnalysisContext): void {
    for (const vs of ctx.list(GK.VirtualService)) {
      for (const [rule, i] of objs(vs.spec.http)) {
        if (num(obj(obj(rule.fault).delay).percent) > 0) {
          ctx.report(vs, 'IST0002', ['HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage'],
            `spec.http[${i}].fault.delay.percent`, 'Use percentage: { value: N } instead.');
        }
      }
    }
    for (const sc of ctx.list(GK.Sidecar)) {
      const egressProxy = obj(sc.spec.outboundTrafficPolicy).egressProxy;
      if (egressProxy !== undefined && egressProxy !== null) {
        ctx.report(sc, 'IST0002', ['OutboundTrafficPolicy.EgressProxy ignored'], 'spec.outboundTrafficPolicy.egressProxy');
      }
    }
    for (const crd of ctx.list(GK.CustomResourceDefinition)) {
      const group = str(crd.spec.group);
      const kind = str(obj(crd.spec.names).kind);
      if (group === 'rbac.istio.io' && REMOVED_RBAC_KINDS.has(kind)) {
        ctx.report(crd, 'IST0002', [`Custom resource type ${group} ${kind} is removed`], 'spec.names.kind');
      }
    }
  },
};
