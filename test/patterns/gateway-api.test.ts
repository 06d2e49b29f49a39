import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import {
  Backend, CanaryRoute, EgressGatewayRoute, FaultInjectionExperiment, IngressRoute, IstioTesting, KubernetesGateway, ListenerProtocol,
  PathMatch, RoutingApi,
} from '../../lib';

describe('CanaryRoute with api: RoutingApi.GATEWAY_API', () => {
  test('a Service per version from the version labels, an HTTPRoute on the service (mesh) with weighted backendRefs and the override first', () => {
    const chart = Testing.chart();
    // The service clients call (the route's mesh parent); the analysis reports it missing otherwise (CIS5100).
    new kplus.Service(chart, 'svc', { metadata: { name: 'reviews', namespace: 'bookinfo' }, selector: kplus.Pods.select(chart, 'p', { labels: { app: 'reviews' } }), ports: [{ port: 9080 }] });
    const canary = new CanaryRoute(chart, 'reviews', {
      api: RoutingApi.GATEWAY_API,
      host: 'reviews',
      namespace: 'bookinfo',
      port: 9080,
      stable: { name: 'v1' },
      canary: { name: 'v2' },
      canaryWeight: 20,
      override: { header: { name: 'X-Canary', value: 'always' } },
    });
    const out = IstioTesting.synth(chart);
    expect(out.map((o) => o.kind)).toEqual(['Service', 'Service', 'Service', 'HTTPRoute']);
    expect(out[1]).toEqual(expect.objectContaining({ metadata: { name: 'reviews-v1', namespace: 'bookinfo' } }));
    expect(out[1].spec.selector).toEqual({ app: 'reviews', version: 'v1' });
    const route = out[3];
    expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: 'reviews', port: 9080 }]);
    expect(route.spec.rules[0]).toEqual({ matches: [{ headers: [{ name: 'x-canary', value: 'always' }] }], backendRefs: [{ name: 'reviews-v2', port: 9080 }] });
    // Same behaviour as the VirtualService: 80/20.
    expect(route.spec.rules[1].backendRefs).toEqual([{ name: 'reviews-v1', port: 9080, weight: 80 }, { name: 'reviews-v2', port: 9080, weight: 20 }]);
    expect(canary.httpRoute).toBeDefined();
    expect(() => canary.virtualService).toThrow(/emits the Gateway API \(api: RoutingApi\.GATEWAY_API\): use httpRoute and versionServices/);
  });

  test('a dark launch mirrors a share of the requests to the canary with a RequestMirror filter', () => {
    const chart = Testing.chart();
    new kplus.Service(chart, 'svc', { metadata: { name: 'reviews', namespace: 'bookinfo' }, selector: kplus.Pods.select(chart, 'p', { labels: { app: 'reviews' } }), ports: [{ port: 9080 }] });
    // Mirroring takes a share of ALL the rule's requests, so the canary mirrors only while its weight is 0.
    new CanaryRoute(chart, 'reviews', {
      api: RoutingApi.GATEWAY_API,
      host: 'reviews',
      namespace: 'bookinfo',
      port: 9080,
      stable: { name: 'v1' },
      canary: { name: 'v2' },
      canaryWeight: 0,
      mirrorPercent: 5,
    });
    const route = IstioTesting.synth(chart).find((o) => o.kind === 'HTTPRoute');
    const rule = route.spec.rules[route.spec.rules.length - 1];
    expect(rule.filters).toEqual([{ type: 'RequestMirror', requestMirror: { backendRef: { name: 'reviews-v2', port: 9080 }, percent: 5 } }]);
  });

  test('given version Services (cdk8s-plus) and a Gateway listener parent', () => {
    const chart = Testing.chart();
    const v1 = new kplus.Service(chart, 'v1', { metadata: { name: 'web-v1' }, ports: [{ port: 8080 }] });
    const v2 = new kplus.Service(chart, 'v2', { metadata: { name: 'web-v2' }, ports: [{ port: 8080 }] });
    const gw = new KubernetesGateway(chart, 'gw', { metadata: { name: 'gw' }, listeners: [{ name: 'http', port: 80, protocol: ListenerProtocol.HTTP }] });
    new CanaryRoute(chart, 'web', {
      api: RoutingApi.GATEWAY_API,
      host: 'web',
      stable: { name: 'v1' },
      canary: { name: 'v2' },
      canaryWeight: 50,
      versionServices: { v1, v2 },
      gatewayApiParents: [gw.listener('http')],
      gatewayHosts: ['web.example.com'],
    });
    const route = IstioTesting.synth(chart).find((o) => o.kind === 'HTTPRoute');
    expect(route.spec.parentRefs).toEqual([{ name: 'gw', sectionName: 'http' }]);
    expect(route.spec.hostnames).toEqual(['web.example.com']);
    expect(route.spec.rules[0].backendRefs).toEqual([{ name: 'web-v1', port: 8080, weight: 50 }, { name: 'web-v2', port: 8080, weight: 50 }]);
  });

  test('what the Gateway API cannot express is a clear error naming the alternative', () => {
    const base = { api: RoutingApi.GATEWAY_API, host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' } } as const;
    expect(() => new CanaryRoute(Testing.chart(), 'c', { ...base }))
      .toThrow(/routes to a Service per version, and no port is given to create Service reviews-v1: set port, or pass versionServices/);
    expect(() => new CanaryRoute(Testing.chart(), 'c', { ...base, port: 80, mirrorPercent: 0.5 })).toThrow(/a fractional mirrorPercent \(0\.5\) has no Kubernetes Gateway API equivalent/);
  });
});

describe('IngressRoute with api: RoutingApi.GATEWAY_API', () => {
  test('a Gateway (class istio) with HTTPS and HTTP listeners, an HTTPRoute with the rules, and a 301 RequestRedirect to https', () => {
    const chart = Testing.chart();
    const ingress = new IngressRoute(chart, 'shop', {
      api: RoutingApi.GATEWAY_API,
      name: 'shop',
      namespace: 'shop',
      hosts: ['shop.example.com'],
      tls: { credentialName: 'shop-cert' },
      gatewayApiRules: [{ matches: [{ path: PathMatch.prefix('/') }], backends: [Backend.reference({ name: 'frontend', port: 8080 })] }],
    });
    const out = IstioTesting.synth(chart);
    expect(out.map((o) => `${o.kind} ${o.metadata.name}`)).toEqual(['Gateway shop-gateway', 'HTTPRoute shop-https-redirect', 'HTTPRoute shop']);
    expect(out[0].spec.listeners).toEqual([
      { name: 'https', hostname: 'shop.example.com', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'shop-cert' }] } },
      { name: 'http', hostname: 'shop.example.com', port: 80, protocol: 'HTTP' },
    ]);
    expect(out[1].spec).toEqual({
      parentRefs: [{ name: 'shop-gateway', sectionName: 'http' }],
      hostnames: ['shop.example.com'],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    });
    expect(out[2].spec.parentRefs).toEqual([{ name: 'shop-gateway', sectionName: 'https' }]);
    expect(out[2].spec.rules[0].backendRefs).toEqual([{ name: 'frontend', port: 8080 }]);
    expect(() => ingress.virtualService).toThrow(/use kubernetesGateway and httpRoute/);
    expect(() => ingress.addRoute({})).toThrow(/use kubernetesGateway and httpRoute/);
  });

  test('Istio-only options are errors naming the alternative', () => {
    expect(() => new IngressRoute(Testing.chart(), 'i', { api: RoutingApi.GATEWAY_API, hosts: ['a.example.com'], plainHttp: { port: 80 }, selector: { istio: 'ingressgateway' } }))
      .toThrow(/selector \(the pods of an existing gateway deployment\) has no Kubernetes Gateway API equivalent .*use api: RoutingApi\.ISTIO/);
    expect(() => new IngressRoute(Testing.chart(), 'i', { api: RoutingApi.GATEWAY_API, hosts: ['a.example.com'], plainHttp: { port: 80 }, routes: [{}] }))
      .toThrow(/give gatewayApiRules/);
  });
});

describe('patterns without a Gateway API equivalent', () => {
  test('FaultInjectionExperiment and EgressGatewayRoute name the alternative', () => {
    expect(() => new FaultInjectionExperiment(Testing.chart(), 'f', { api: RoutingApi.GATEWAY_API, host: 'ratings', abort: { httpStatus: 500, percentage: 10 } } as any))
      .toThrow(/Fault injection \(delays and aborts\) has no Kubernetes Gateway API equivalent \(Gateway API v1\.5\.1\)\. Keep api: RoutingApi\.ISTIO/);
    expect(() => new EgressGatewayRoute(Testing.chart(), 'e', { api: RoutingApi.GATEWAY_API, host: 'api.example.com' } as any))
      .toThrow(/Routing egress through an egress gateway has no Kubernetes Gateway API equivalent/);
  });
});
