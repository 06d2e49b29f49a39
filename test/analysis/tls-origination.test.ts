import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

// pilot/pkg/networking/core/cluster_tls.go (Istio 1.30.3), setAutoSniAndAutoSanValidation: automatic SAN
// validation is set only together with automatic SNI, i.e. when the DestinationRule leaves `sni` unset.
const analyzer = 'cdk8s-istio.TlsOriginationAnalyzer';
const dr = (tls: string, extra = '') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: stripe, namespace: shop }
spec:
  host: api.stripe.com
  trafficPolicy:
    portLevelSettings: [{ port: { number: 443 }, tls: ${tls} }]
${extra}`;

describe('CIS5016: TLS origination with sni and no subjectAltNames', () => {
  test('clean: sni left to Istio (automatic SNI and SAN checks), or sni with the names to verify', () => {
    expect(run(analyzer, dr('{ mode: SIMPLE }'))).toEqual([]);
    expect(run(analyzer, dr('{ mode: SIMPLE, sni: api.stripe.com, subjectAltNames: [api.stripe.com] }'))).toEqual([]);
    expect(run(analyzer, dr('{ mode: ISTIO_MUTUAL, sni: api.stripe.com }'))).toEqual([]);
  });

  test('clean: a ServiceEntry\'s subjectAltNames stand in for the rule\'s (constructUpstreamTLS)', () => {
    const se = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: stripe, namespace: shop }
spec: { hosts: [api.stripe.com], ports: [{ number: 443, name: https, protocol: HTTPS }], resolution: DNS, subjectAltNames: [api.stripe.com] }
`;
    expect(run(analyzer, `${se}---${dr('{ mode: SIMPLE, sni: api.stripe.com }')}`)).toEqual([]);
  });

  test('broken: SIMPLE or MUTUAL with sni and no names, at every level of the rule', () => {
    const result = findings(analyzer, dr('{ mode: SIMPLE, sni: api.stripe.com }',
      '  subsets: [{ name: v1, labels: { v: "1" }, trafficPolicy: { tls: { mode: MUTUAL, sni: api.stripe.com, clientCertificate: /c, privateKey: /k } } }]'));
    expect(result.map((f) => [f.code, f.severity, f.path])).toEqual([
      ['CIS5016', Severity.WARNING, 'spec.trafficPolicy.portLevelSettings[0].tls.sni'],
      ['CIS5016', Severity.WARNING, 'spec.subsets[0].trafficPolicy.tls.sni'],
    ]);
    expect(result[0].message).toContain('originates TLS (SIMPLE) to api.stripe.com with sni api.stripe.com and no subjectAltNames');
    expect(result[0].hint).toContain('subjectAltNames: [api.stripe.com]');
  });
});
