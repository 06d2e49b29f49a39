import { Testing } from 'cdk8s';
import { bookinfoIngress, expectValid, find, ids, synth } from './util';
import { Destination, StringMatch } from '../../lib';
import { ClientCertificates, IngressRoute, IngressRouteProps } from '../../lib/patterns/ingress-route';
import { readSample, withoutApiVersion } from '../networking/util';

const frontend = [{ match: [{ uri: StringMatch.prefix('/') }], route: [{ destination: Destination.host('frontend', { port: 8080 }) }] }];

function build(props: Partial<IngressRouteProps> = {}) {
  const chart = Testing.chart();
  new IngressRoute(chart, 'shop', { name: 'shop', hosts: ['shop.example.com'], tls: { credentialName: 'shop-cert' }, routes: frontend, ...props });
  return synth(chart);
}

describe('IngressRoute', () => {
  test('HTTPS with a TLS credential, and HTTP redirected to HTTPS', () => {
    const objects = build();
    expect(ids(objects)).toEqual(['Gateway/shop-gateway', 'VirtualService/shop']);
    expect(find(objects, 'Gateway', 'shop-gateway').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['shop.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2' },
        },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop.example.com'], tls: { httpsRedirect: true } },
      ],
    });
    expect(find(objects, 'VirtualService', 'shop').spec).toEqual({
      hosts: ['shop.example.com'],
      gateways: ['shop-gateway'],
      http: [{ match: [{ uri: { prefix: '/' } }], route: [{ destination: { host: 'frontend', port: { number: 8080 } } }] }],
    });
    expectValid(objects);
  });

  test('readable, stable names: the construct id, and <name>-gateway (no hash suffix)', () => {
    const chart = Testing.chart();
    new IngressRoute(chart, 'Shop_Front', { hosts: ['shop.example.com'], tls: { credentialName: 'shop-cert' }, routes: frontend });
    expect(ids(synth(chart))).toEqual(['Gateway/shop-front-gateway', 'VirtualService/shop-front']);
  });

  test('client certificates: MUTUAL or OPTIONAL_MUTUAL on the HTTPS server', () => {
    const tlsOf = (clientCertificates: ClientCertificates) =>
      find(build({ tls: { credentialName: 'shop-cert', clientCertificates } }), 'Gateway', 'shop-gateway').spec.servers[0].tls;
    expect(tlsOf(ClientCertificates.REQUIRED)).toEqual({ mode: 'MUTUAL', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2' });
    expect(tlsOf(ClientCertificates.OPTIONAL)).toEqual({ mode: 'OPTIONAL_MUTUAL', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2' });
  });

  test('routeNamespaces limits which namespaces\' VirtualServices may bind to the hosts (<ns>/<host>)', () => {
    const objects = build({ namespace: 'shop', routeNamespaces: ['.', 'web'] });
    expect(find(objects, 'Gateway', 'shop-gateway').spec.servers.map((s: any) => s.hosts)).toEqual([
      ['./shop.example.com', 'web/shop.example.com'], ['./shop.example.com', 'web/shop.example.com'],
    ]);
    expectValid(objects);
    expect(() => build({ routeNamespaces: [] })).toThrow(/routeNamespaces is empty/);
    expect(() => build({ routeNamespaces: ['Web'] })).toThrow(/routeNamespaces\[0\] 'Web' is not a namespace name/);
  });

  test('no HTTP server when the redirect is turned off; no plaintext server is ever written with tls', () => {
    const gw = find(build({ tls: { credentialName: 'shop-cert', redirectHttpPort: false } }), 'Gateway', 'shop-gateway');
    expect(gw.spec.servers.map((s: any) => s.port.protocol)).toEqual(['HTTPS']);
  });

  test('reproduces the Bookinfo ingress (plain HTTP on 8080, productpage matches)', () => {
    const chart = Testing.chart();
    bookinfoIngress(chart);
    const objects = synth(chart);
    expect(objects.map(withoutApiVersion)).toEqual(readSample('bookinfo--networking--bookinfo-gateway.yaml').map(withoutApiVersion));
    expectValid(objects);
  });

  test('routes can be added after construction', () => {
    const chart = Testing.chart();
    new IngressRoute(chart, 'shop', { name: 'shop', hosts: ['shop.example.com'], tls: { credentialName: 'c' } })
      .addRoute({ route: [{ destination: Destination.host('frontend') }] });
    expect(find(synth(chart), 'VirtualService', 'shop').spec.http).toEqual([{ route: [{ destination: { host: 'frontend' } }] }]);
  });

  test('invalid input fails with a clear error', () => {
    expect(() => build({ tls: undefined })).toThrow('test/shop: give tls (HTTPS with a credential, recommended) or plainHttp');
    expect(() => build({ plainHttp: { port: 80 } })).toThrow(/tls and plainHttp are both set/);
    expect(() => build({ hosts: [] })).toThrow(/hosts is empty/);
    expect(() => build({ tls: { credentialName: '' } })).toThrow(/credentialName/);
    expect(() => build({ routes: [] })).toThrow(/has no routes/);
  });
});
