import { Chart, Testing } from 'cdk8s';
import { addWorkload, expectValid, find, ids, synth } from './util';
import { IstioOperator, IstioOperatorProps, IstioProfile } from '../../lib';
import { MeshModel } from '../../lib/model';
import { evaluateAuthorization } from '../../lib/patterns/authz-evaluator';
import { EgressGatewayRoute, EgressProtocol } from '../../lib/patterns/egress-gateway-route';
import { ExternalServiceWithBreaker } from '../../lib/patterns/external-service-with-breaker';

const GW = 'istio-egressgateway.istio-system.svc.cluster.local';

describe('EgressGatewayRoute', () => {
  test('TLS by default: SNI routing from the sidecars to the egress gateway, then to the host', () => {
    const chart = Testing.chart();
    new EgressGatewayRoute(chart, 'github', { host: 'api.github.com', namespace: 'shop' });
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['ServiceEntry/api-github-com', 'Gateway/api-github-com-egress', 'VirtualService/api-github-com']);
    expect(find(objects, 'ServiceEntry', 'api-github-com').spec).toEqual({
      hosts: ['api.github.com'], ports: [{ number: 443, name: 'tls', protocol: 'TLS' }], location: 'MESH_EXTERNAL', resolution: 'DNS',
    });
    expect(find(objects, 'Gateway', 'api-github-com-egress').spec).toEqual({
      selector: { istio: 'egressgateway' },
      servers: [{ port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['api.github.com'], tls: { mode: 'PASSTHROUGH' } }],
    });
    expect(find(objects, 'VirtualService', 'api-github-com').spec).toEqual({
      hosts: ['api.github.com'],
      gateways: ['api-github-com-egress', 'mesh'],
      tls: [
        { match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.github.com'] }], route: [{ destination: { host: GW, port: { number: 443 } } }] },
        {
          match: [{ gateways: ['api-github-com-egress'], port: 443, sniHosts: ['api.github.com'] }],
          route: [{ destination: { host: 'api.github.com', port: { number: 443 } }, weight: 100 }],
        },
      ],
    });
    expectValid(objects);
  });

  test('plain HTTP is routed by host on port 80', () => {
    const chart = Testing.chart();
    new EgressGatewayRoute(chart, 'cnn', { host: 'edition.cnn.com', protocol: EgressProtocol.HTTP, name: 'cnn' });
    const objects = synth(chart);
    expect(find(objects, 'VirtualService', 'cnn').spec.http).toEqual([
      { match: [{ gateways: ['mesh'], port: 80 }], route: [{ destination: { host: GW, port: { number: 80 } } }] },
      { match: [{ gateways: ['cnn-egress'], port: 80 }], route: [{ destination: { host: 'edition.cnn.com', port: { number: 80 } }, weight: 100 }] },
    ]);
    expect(find(objects, 'Gateway', 'cnn-egress').spec.servers[0]).toEqual({ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['edition.cnn.com'] });
    expectValid(objects);
  });

  test('an ExternalServiceWithBreaker can route through the egress gateway, keeping one ServiceEntry', () => {
    const chart = Testing.chart();
    new ExternalServiceWithBreaker(chart, 'stripe', { host: 'api.stripe.com', egressGateway: {} });
    const objects = synth(chart);
    expect(ids(objects)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com', 'Gateway/api-stripe-com-egress',
      'VirtualService/api-stripe-com']);
    expectValid(objects);
    expect(() => new ExternalServiceWithBreaker(Testing.chart(), 's', { host: 'a.b', egressGateway: { port: 8443 } })).toThrow(/port 8443, which is not in ports/);
  });

  test('when the app installs Istio, one IstioOperator must install the egress gateway (the default profile does not)', () => {
    const withOperator = (props: IstioOperatorProps, selector?: Record<string, string>) => {
      const app = Testing.app();
      new IstioOperator(new Chart(app, 'platform'), 'istio', { metadata: { name: 'control-plane' }, ...props });
      new EgressGatewayRoute(new Chart(app, 'shop', { namespace: 'shop' }), 'github', { host: 'api.github.com', egressGatewaySelector: selector });
      return () => app.synth();
    };
    expect(withOperator({ profile: IstioProfile.DEFAULT })).toThrow(
      /shop\/github: no IstioOperator of the app \(platform\/istio\) installs an egress gateway with the labels istio=egressgateway.*addEgressGateway/);
    expect(withOperator({ profile: IstioProfile.DEMO })).not.toThrow();
    expect(withOperator({ components: { egressGateways: [{ name: 'istio-egressgateway', enabled: true }] } })).not.toThrow();
    expect(withOperator({ profile: IstioProfile.DEMO, components: { egressGateways: [{ name: 'istio-egressgateway', enabled: false }] } })).toThrow(/no IstioOperator/);
    expect(withOperator({ components: { egressGateways: [{ name: 'team-egress', label: { team: 'a' } }] } }, { team: 'a' })).not.toThrow();
    expect(withOperator({ components: { egressGateways: [{ name: 'team-egress', label: { team: 'a' } }] } }, { team: 'b' })).toThrow(/labels team=b/);
    // Without an IstioOperator in the app, Istio is installed elsewhere: nothing to check.
    const chart = Testing.chart();
    new EgressGatewayRoute(chart, 'github', { host: 'api.github.com' });
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('invalid input fails with a clear error', () => {
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: '*.github.com' })).toThrow("test/x: host '*.github.com' must be one external host name");
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: 'a.b', port: 70000 })).toThrow(/70000/);
  });

  // Istio 1.30.3: a TLS server that is not passthrough terminates TLS and forwards with `tcp` routes
  // (pilot/pkg/networking/core/gateway.go `createGatewayTCPFilterChainOpts`, `buildGatewayNetworkFiltersFromTCPRoutes`);
  // its filter chain matches the SNI of the server's hosts (pilot/pkg/model/gateway.go `GetSNIHostsForServer`), which the
  // sidecar sends as the DestinationRule's `sni`; DestinationRules of one host and namespace merge by subset
  // (pilot/pkg/model/destination_rule.go `mergeDestinationRule`).
  test('mutualTls: sidecars reach the gateway over Istio mTLS (SNI = the host), the gateway forwards the app\'s TLS by tcp route', () => {
    const chart = Testing.chart();
    new EgressGatewayRoute(chart, 'github', { host: 'api.github.com', namespace: 'shop', mutualTls: true });
    new EgressGatewayRoute(chart, 'stripe', { host: 'api.stripe.com', namespace: 'shop', mutualTls: true });
    const objects = synth(chart);
    expect(find(objects, 'Gateway', 'api-github-com-egress').spec.servers).toEqual([
      { port: { number: 443, name: 'tls', protocol: 'TLS' }, hosts: ['api.github.com'], tls: { mode: 'ISTIO_MUTUAL' } },
    ]);
    expect(find(objects, 'DestinationRule', 'api-github-com-egress-gateway').spec).toEqual({
      host: GW,
      subsets: [{ name: 'api-github-com', trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'api.github.com' } }] } }],
    });
    expect(find(objects, 'VirtualService', 'api-github-com').spec).toEqual({
      hosts: ['api.github.com'],
      gateways: ['api-github-com-egress', 'mesh'],
      tls: [{ match: [{ gateways: ['mesh'], port: 443, sniHosts: ['api.github.com'] }], route: [{ destination: { host: GW, subset: 'api-github-com', port: { number: 443 } } }] }],
      tcp: [{ match: [{ gateways: ['api-github-com-egress'], port: 443 }], route: [{ destination: { host: 'api.github.com', port: { number: 443 } }, weight: 100 }] }],
    });
    expectValid(objects);
  });

  test('allowedCallers: a DENY on the egress gateway refuses every other identity for this host only', () => {
    const chart = Testing.chart();
    const frontend = { name: 'frontend', metadata: { namespace: 'shop' } };
    new EgressGatewayRoute(chart, 'github', { host: 'api.github.com', namespace: 'shop', mutualTls: true, allowedCallers: { serviceAccounts: [frontend], namespaces: ['ci'] } });
    const objects = synth(chart);
    const policy = find(objects, 'AuthorizationPolicy', 'api-github-com-egress-callers');
    expect(policy.metadata.namespace).toBe('istio-system');
    expect(policy.spec).toEqual({
      selector: { matchLabels: { istio: 'egressgateway' } },
      action: 'DENY',
      rules: [{
        from: [{ source: { notPrincipals: ['cluster.local/ns/shop/sa/frontend'], notNamespaces: ['ci'] } }],
        when: [{ key: 'connection.sni', values: ['api.github.com'] }],
      }],
    });
    const gateway = { namespace: 'istio-system', labels: { istio: 'egressgateway' } };
    const allowed = (sourcePrincipal: string | undefined, sni: string) => evaluateAuthorization(objects, gateway, { sourcePrincipal, sni }).allowed;
    expect(allowed('cluster.local/ns/shop/sa/frontend', 'api.github.com')).toBe(true);
    expect(allowed('cluster.local/ns/ci/sa/runner', 'api.github.com')).toBe(true);
    expect(allowed('cluster.local/ns/shop/sa/orders', 'api.github.com')).toBe(false);
    expect(allowed(undefined, 'api.github.com')).toBe(false);
    expect(allowed('cluster.local/ns/shop/sa/orders', 'api.stripe.com')).toBe(true);
    expectValid(objects);
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: 'a.b', allowedCallers: { namespaces: ['shop'] } })).toThrow(/allowedCallers needs mutualTls: true/);
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: 'a.b', mutualTls: true, allowedCallers: {} })).toThrow(/names no service account or namespace/);
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: 'a.b', mutualTls: true, allowedCallers: { ipBlocks: ['10.0.0.0/8'] } })).toThrow(/ipBlocks/);
  });

  // pilot/pkg/model/push_context.go `destinationRule`: a proxy of the root namespace (the gateway) reads that namespace's
  // own (exportTo '.') rules first; `setDestinationRules` keeps them from every other namespace.
  test('tlsOrigination: the app speaks HTTP, the gateway (alone) originates verified TLS to the host', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    addWorkload(chart, 'shop', 'frontend');
    new EgressGatewayRoute(chart, 'cnn', { host: 'edition.cnn.com', name: 'cnn', protocol: EgressProtocol.HTTP, mutualTls: true, tlsOrigination: {} });
    const objects = synth(chart);
    expect(find(objects, 'ServiceEntry', 'cnn').spec.ports).toEqual([{ number: 80, name: 'http', protocol: 'HTTP' }, { number: 443, name: 'https', protocol: 'HTTPS' }]);
    expect(find(objects, 'Gateway', 'cnn-egress').spec.servers).toEqual([
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['edition.cnn.com'], tls: { mode: 'ISTIO_MUTUAL' } },
    ]);
    expect(find(objects, 'DestinationRule', 'cnn-egress-tls')).toMatchObject({
      metadata: { namespace: 'istio-system' },
      spec: {
        host: 'edition.cnn.com',
        exportTo: ['.'],
        trafficPolicy: { portLevelSettings: [{ port: { number: 443 }, tls: { mode: 'SIMPLE', sni: 'edition.cnn.com', subjectAltNames: ['edition.cnn.com'] } }] },
      },
    });
    const model = MeshModel.fromApp(app);
    expect(model.route({ from: 'shop/frontend', host: 'edition.cnn.com', port: 80 }).destinations).toEqual([{ host: GW, subset: 'cnn', port: 443, weight: 100 }]);
    expect(model.route({ from: 'gateway:shop/cnn-egress', host: 'edition.cnn.com', port: 443 }).destinations).toEqual([{ host: 'edition.cnn.com', port: 443, weight: 100 }]);
    expectValid(objects, { assumeCompleteMesh: false });
    expect(() => new EgressGatewayRoute(Testing.chart(), 'x', { host: 'a.b', tlsOrigination: {} })).toThrow(/tlsOrigination is for an app that speaks plain HTTP/);
  });

  test('ExternalServiceWithBreaker: tlsOrigination through the egress gateway puts the breaker where the gateway reads it', () => {
    const chart = Testing.chart();
    const stripe = new ExternalServiceWithBreaker(chart, 'stripe', { host: 'api.stripe.com', tlsOrigination: {}, egressGateway: { mutualTls: true } });
    const objects = synth(chart);
    expect(find(objects, 'DestinationRule', 'api-stripe-com').spec.trafficPolicy.portLevelSettings).toBeUndefined();
    const origination = find(objects, 'DestinationRule', 'api-stripe-com-egress-tls').spec.trafficPolicy;
    expect(origination.outlierDetection).toMatchObject({ consecutive5xxErrors: 5 });
    expect(origination.portLevelSettings[0]).toMatchObject({ port: { number: 443 }, outlierDetection: { consecutive5xxErrors: 5 }, tls: { mode: 'SIMPLE' } });
    expect(stripe.egressRoute?.virtualService).toBeDefined();
    expect(find(objects, 'VirtualService', 'api-stripe-com').spec.http[1].route).toEqual([{ destination: { host: 'api.stripe.com', port: { number: 443 } }, weight: 100 }]);
    expectValid(objects);
    expect(() => new ExternalServiceWithBreaker(Testing.chart(), 's', { host: 'a.b', egressGateway: { protocol: EgressProtocol.TLS }, tlsOrigination: {} }))
      .toThrow(/egressGateway.protocol is TLS/);
  });
});
