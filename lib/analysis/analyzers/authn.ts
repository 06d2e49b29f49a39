import { objs, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

/** IST0175 when RequestAuthentications exist and the istiod Deployment does not restrict JWKS fetches (Istio's `authn.BlockedCIDRsAnalyzer`). */
export const blockedCidrsAnalyzer: Analyzer = {
  name: 'authn.BlockedCIDRsAnalyzer',
  description: 'Checks that BLOCKED_CIDRS_IN_JWKS_URIS is configured on istiod when RequestAuthentication resources exist',
  codes: ['IST0175'],
  analyze(ctx: AnalysisContext): void {
    const names = ctx.list(GK.RequestAuthentication).map((r) => r.fullName);
    if (names.length === 0) return;
    const shown = names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')}, and ${names.length - 5} more`;
    for (const d of ctx.list(GK.Deployment)) {
      if (d.labels.app !== 'istiod') continue;
      const pod = ctx.pods.find((p) => p.source === d);
      const configured = objs(pod?.spec.containers).some(([c]) => objs(c.env).some(([e]) => e.name === 'BLOCKED_CIDRS_IN_JWKS_URIS' && str(e.value) !== ''));
      if (!configured) ctx.report(d, 'IST0175', [names.length, shown], 'spec.template.spec.containers');
    }
  },
};
