import { Testing } from 'cdk8s';
import { BookinfoGatewayApiChart } from '../../examples/bookinfo-gateway-api/chart';
import { checkAll } from '../../lib/checks';

describe('Bookinfo with the Gateway API (examples/bookinfo-gateway-api)', () => {
  const objects = Testing.synth(new BookinfoGatewayApiChart(Testing.app(), 'bookinfo'));
  const gatewayApi = objects.filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io/'));
  const byKindName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

  test('no Istio routing objects: a Gateway and two HTTPRoutes, and a Service per reviews version', () => {
    expect(objects.filter((o) => o.apiVersion.includes('istio.io'))).toEqual([]);
    expect(gatewayApi.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Gateway/bookinfo-gateway', 'HTTPRoute/bookinfo', 'HTTPRoute/reviews']);
    expect(objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name).sort())
      .toEqual(['details', 'productpage', 'ratings', 'reviews', 'reviews-v1', 'reviews-v2', 'reviews-v3']);
    expect(byKindName('Service', 'reviews-v2').spec.selector).toEqual({ app: 'reviews', version: 'v2' });
  });

  test('the ingress is Istio\'s samples/bookinfo/gateway-api/bookinfo-gateway.yaml: class istio on port 80, productpage\'s five paths', () => {
    expect(byKindName('Gateway', 'bookinfo-gateway').spec).toEqual({ gatewayClassName: 'istio', listeners: [{ name: 'http', port: 80, protocol: 'HTTP' }] });
    const route = byKindName('HTTPRoute', 'bookinfo').spec;
    expect(route.rules[0].matches.map((m: any) => `${m.path.type} ${m.path.value}`))
      .toEqual(['Exact /productpage', 'PathPrefix /static', 'Exact /login', 'Exact /logout', 'PathPrefix /api/v1/products']);
    expect(route.rules[0].backendRefs).toEqual([{ name: 'productpage', port: 9080 }]);
  });

  test('analyzed clean as a whole mesh: the schemas, CEL rules and every reference Istio resolves', () => {
    const { findings, checked } = checkAll(objects.map((object) => ({ object })), { assumeCompleteMesh: true });
    expect(checked).toBeGreaterThanOrEqual(3);
    expect(findings.map((f) => `${f.severity} ${f.code} ${f.resource?.kind}/${f.resource?.name}: ${f.message}`)).toEqual([]);
  });
});
