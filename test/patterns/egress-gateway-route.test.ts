import { Chart, Testing } from 'cdk8s';
import { expectValid, find, ids, synth } from './util';
import { IstioOperator, IstioOperatorProps, IstioProfile } from '../../lib';
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
    expect(() => new ExternalServiceWithBreaker(Testing.chart(), 's', { host: 'a.b', egressGateway: {}, tlsOrigination: {} }))
      .toThrow(/tlsOrigination and egressGateway are both set/);
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
});
