import { destinations } from './virtualservice';
import { str, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';
import { closeHost, isDefinedHost } from '../host-suggestion';

/**
 * CIS5015: a destination host that no Service, ServiceEntry or VirtualService of the set defines, when a defined host
 * has a close name (a typo: the route sends to a name nobody serves, 503 or DNS failure). With `assumeCompleteMesh`
 * any unknown host, unless IST0101 already reports it (`virtualservice.DestinationHostAnalyzer`, which leaves the
 * hosts with a close name to this check so that one host gets one finding).
 */
export const unknownHostAnalyzer: Analyzer = {
  name: 'cdk8s-istio.UnknownHostAnalyzer',
  description: 'Checks for destination hosts that the set does not define, with a did-you-mean',
  codes: ['CIS5015'],
  analyze(ctx: AnalysisContext): void {
    // In a complete mesh IST0101 covers the hosts when the set has Services (as file-only istioctl), this check the rest.
    const reportAll = ctx.assumeCompleteMesh && !ctx.hasServices;
    for (const vs of ctx.list(GK.VirtualService)) {
      const exportTo = strs(vs.spec.exportTo);
      for (const d of destinations(vs, true)) {
        const host = str(d.destination.host);
        if (!host || ctx.destinationHost(vs.namespace, exportTo, host) || isDefinedHost(ctx, vs.namespace, host)) continue;
        const close = closeHost(ctx, vs.namespace, host);
        if (!close && !reportAll) continue;
        ctx.report(vs, 'CIS5015', [d.mirror ? 'mirror host' : 'destination host', host, close ? `; did you mean ${close}?` : '.'], `${d.path}.host`,
          close ? `Fix the host: ${close}.` : 'Define a Service or ServiceEntry for this host, or fix the host name.');
      }
    }
  },
};
