import { Testing } from 'cdk8s';
import { BookinfoAmbientChart, BOOKINFO_ISSUER } from '../../examples/bookinfo-ambient/chart';
import { IstioChecks } from '../../lib';

describe('Bookinfo in ambient mode (issue 18)', () => {
  const app = Testing.app();
  const chart = new BookinfoAmbientChart(app, 'bookinfo');
  const objects = Testing.synth(chart);
  const byKindName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('the namespace is ambient and uses the waypoint, a Gateway of class istio-waypoint on HBONE 15008', () => {
    expect(byKindName('Namespace', 'bookinfo').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' });
    expect(byKindName('Gateway', 'waypoint').spec).toEqual({ gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] });
  });

  test('reviews requires a JWT on the waypoint (targetRefs to the Service), and only the waypoint reaches its pods at L4', () => {
    const target = [{ group: '', kind: 'Service', name: 'reviews' }];
    expect(byKindName('RequestAuthentication', 'reviews').spec.targetRefs).toEqual(target);
    expect(byKindName('AuthorizationPolicy', 'reviews-require-jwt').spec).toEqual({
      targetRefs: target, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: [`${BOOKINFO_ISSUER}/*`] } }] }],
    });
    expect(byKindName('AuthorizationPolicy', 'reviews-allow').spec).toEqual({ targetRefs: target, rules: [{ from: [{ source: { requestPrincipals: [`${BOOKINFO_ISSUER}/*`] } }] }] });
    expect(byKindName('AuthorizationPolicy', 'reviews-via-waypoint').spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/bookinfo/sa/waypoint'] } }] }],
    });
    // No selector policy carries an HTTP attribute: ztunnel would drop it.
    const selectorPolicies = objects.filter((o) => o.kind === 'AuthorizationPolicy' && o.spec.selector);
    expect(JSON.stringify(selectorPolicies)).not.toMatch(/requestPrincipals|paths|methods/);
  });

  test('reviews is a 90/10 canary of v1 and v2 as an HTTPRoute bound to the reviews Service, with a Service per version', () => {
    expect(byKindName('HTTPRoute', 'reviews').spec).toEqual({
      parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
      rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v2', port: 9080, weight: 10 }] }],
    });
    for (const v of ['v1', 'v2', 'v3']) expect(byKindName('Service', `reviews-${v}`).spec.selector).toEqual({ app: 'reviews', version: v });
  });

  test('analyzed with no finding (the deliberate CIS2030 of JwtProtectedApp is suppressed)', () => {
    expect(IstioChecks.findings(app).filter((f) => !f.suppressedBy)).toEqual([]);
  });
});
