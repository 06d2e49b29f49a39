import { isObj, JsonObject, obj, objs, str, strs } from '../../vocab/json';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK } from '../context';

/** Every `tls` of a DestinationRule (the rule's, per port, per subset and per subset port), with its path. */
function tlsSettings(spec: JsonObject): Array<{ tls: JsonObject; path: string }> {
  const result: Array<{ tls: JsonObject; path: string }> = [];
  const policy = (p: unknown, path: string): void => {
    const tp = obj(p);
    if (isObj(tp.tls)) result.push({ tls: tp.tls, path: `${path}.tls` });
    for (const [setting, i] of objs(tp.portLevelSettings)) {
      if (isObj(setting.tls)) result.push({ tls: setting.tls, path: `${path}.portLevelSettings[${i}].tls` });
    }
  };
  policy(spec.trafficPolicy, 'spec.trafficPolicy');
  for (const [subset, i] of objs(spec.subsets)) policy(subset.trafficPolicy, `spec.subsets[${i}].trafficPolicy`);
  return result;
}

/**
 * CIS5016: TLS origination (SIMPLE or MUTUAL) with `sni` set and no `subjectAltNames`. Istio 1.30 turns on Envoy's
 * automatic SAN validation only when it also sets the SNI itself (pilot/pkg/networking/core/cluster_tls.go,
 * `setAutoSniAndAutoSanValidation`), so an explicit `sni` without names verifies no server name: any certificate a
 * trusted CA signed is accepted. A ServiceEntry's `subjectAltNames` stand in for the rule's (`constructUpstreamTLS`).
 */
export const tlsOriginationAnalyzer: Analyzer = {
  name: 'cdk8s-istio.TlsOriginationAnalyzer',
  description: 'Checks that TLS origination with an explicit SNI verifies the server name',
  codes: ['CIS5016'],
  analyze(ctx: AnalysisContext): void {
    for (const dr of ctx.list(GK.DestinationRule)) {
      const host = str(dr.spec.host);
      for (const { tls, path } of tlsSettings(dr.spec)) {
        const mode = str(tls.mode);
        const sni = str(tls.sni);
        if ((mode !== 'SIMPLE' && mode !== 'MUTUAL') || !sni || strs(tls.subjectAltNames).length > 0 || tls.insecureSkipVerify === true) continue;
        const entry = ctx.destinationHost(dr.namespace, strs(dr.spec.exportTo), host);
        if (entry?.source.gk === GK.ServiceEntry && strs(entry.source.spec.subjectAltNames).length > 0) continue;
        ctx.report(dr, 'CIS5016', [dr.fullName, mode, host, sni], `${path}.sni`,
          `Add subjectAltNames: [${sni}] so that the server's certificate must name it, or leave sni unset (Istio then sets it and verifies the name).`);
      }
    }
  },
};
