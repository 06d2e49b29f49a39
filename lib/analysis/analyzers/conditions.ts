import { obj, objs, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

const ROUTE_CONDITIONS = ['Accepted', 'Programmed', 'ResolvedRefs'];
const NEGATIVE: ReadonlyArray<[string, readonly string[]]> = [
  [GK.Service, ['istio.io/WaypointBound']],
  [GK.ServiceEntry, ['istio.io/WaypointBound']],
  [GK.WorkloadEntry, ['istio.io/WaypointBound']],
  [GK.AuthorizationPolicy, ['ZtunnelAccepted', 'WaypointAccepted']],
  [GK.KubernetesGateway, ROUTE_CONDITIONS],
  [GK.HTTPRoute, ROUTE_CONDITIONS],
  [GK.GRPCRoute, ROUTE_CONDITIONS],
];

/** IST0171 for a negative status condition, when objects carry their status (Istio's `conditions.ConditionAnalyzer`). */
export const conditionAnalyzer: Analyzer = {
  name: 'conditions.ConditionAnalyzer',
  description: 'Checks for negative status conditions on resources',
  codes: ['IST0171'],
  analyze(ctx: AnalysisContext): void {
    for (const [gk, types] of NEGATIVE) {
      for (const r of ctx.list(gk)) {
        if (r.object.status === undefined) continue;
        const status = obj(r.object.status);
        const conditions = gk === GK.HTTPRoute || gk === GK.GRPCRoute
          ? objs(status.parents).reduce<Array<[Record<string, unknown>, number]>>((acc, [p]) => acc.concat(objs(p.conditions)), [])
          : objs(status.conditions);
        for (const [c] of conditions) {
          const type = str(c.type);
          const negative = types.includes(type) && str(c.status) === 'False';
          const partial = gk === GK.AuthorizationPolicy && type === 'WaypointAccepted' && str(c.reason) === 'PartiallyInvalid';
          if (negative || partial) ctx.report(r, 'IST0171', [type, str(c.reason), str(c.message)], 'status.conditions');
        }
      }
    }
  },
};
