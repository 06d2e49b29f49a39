import { arr, obj, objs, str } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

/**
 * IST0134 when a ServiceEntry has TCP (or protocol-less) ports but no addresses and none is auto-allocated
 * (Istio's `serviceentry.Analyzer`).
 */
export const serviceEntryAddressesAnalyzer: Analyzer = {
  name: 'serviceentry.Analyzer',
  description: 'Checks the validity of ServiceEntry',
  codes: ['IST0134'],
  analyze(ctx: AnalysisContext): void {
    const meta = ctx.mesh.defaultConfig?.proxyMetadata ?? {};
    const autoAllocated = meta.ISTIO_META_DNS_CAPTURE === 'true'
      && (meta.ISTIO_META_DNS_AUTO_ALLOCATE === 'true' || meta.PILOT_ENABLE_IP_AUTOALLOCATE === 'true');
    if (autoAllocated) return;
    for (const se of ctx.list(GK.ServiceEntry)) {
      if (arr(se.spec.addresses).length > 0 || arr(obj(se.object.status).addresses).length > 0) continue;
      for (const [port, i] of objs(se.spec.ports)) {
        const protocol = str(port.protocol);
        if (protocol === '' || protocol.toUpperCase() === 'TCP') {
          ctx.report(se, 'IST0134', [], `spec.ports[${i}].protocol`,
            'Set addresses (a virtual IP), or name the protocol (HTTP, TLS, ...) so that Istio can route on more than the port.');
        }
      }
    }
  },
};
