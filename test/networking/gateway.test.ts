import { Testing } from 'cdk8s';
import { newChart, synth } from './util';
import { expectNoErrors } from './validate';
import { Gateway, Protocol, ServerTls, TlsProtocolVersion } from '../../lib';

function serversOf(gw: (chart: ReturnType<typeof newChart>) => Gateway): any {
  const chart = newChart('istio-ingress');
  gw(chart);
  const objects = synth(chart);
  expectNoErrors(objects);
  return objects[0].spec;
}

describe('Gateway', () => {
  test('the selector defaults to istio: ingressgateway and can be set', () => {
    const spec = serversOf((chart) => new Gateway(chart, 'gw', {
      selector: { istio: 'ingress' },
      servers: [{ port: { number: 80, protocol: Protocol.HTTP }, hosts: ['*'] }],
    }));
    expect(spec).toEqual({ selector: { istio: 'ingress' }, servers: [{ port: { number: 80, name: 'http-80', protocol: 'HTTP' }, hosts: ['*'] }] });
  });

  test('HTTP to HTTPS redirect, several hosts per server, namespace/host forms', () => {
    const spec = serversOf((chart) => new Gateway(chart, 'gw')
      .addServer({ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['shop/shop.example.com', './admin.example.com'], httpsRedirect: true })
      .addServer({
        port: { number: 443, name: 'https', protocol: Protocol.HTTPS },
        hosts: ['shop/shop.example.com', './admin.example.com'],
        tls: ServerTls.simple('shop-cert', { minProtocolVersion: TlsProtocolVersion.TLSV1_2, cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] }),
      }));
    expect(spec.servers).toEqual([
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['shop/shop.example.com', './admin.example.com'], tls: { httpsRedirect: true } },
      {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['shop/shop.example.com', './admin.example.com'],
        tls: { mode: 'SIMPLE', credentialName: 'shop-cert', minProtocolVersion: 'TLSV1_2', cipherSuites: ['ECDHE-RSA-AES256-GCM-SHA384'] },
      },
    ]);
  });

  test.each([
    ['MUTUAL', Protocol.HTTPS, ServerTls.mutual('mtls-cert', { subjectAltNames: ['client.example.com'] }), { mode: 'MUTUAL', credentialName: 'mtls-cert', subjectAltNames: ['client.example.com'] }],
    ['OPTIONAL_MUTUAL', Protocol.HTTPS, ServerTls.optionalMutual('cert'), { mode: 'OPTIONAL_MUTUAL', credentialName: 'cert' }],
    ['PASSTHROUGH', Protocol.TLS, ServerTls.passthrough(), { mode: 'PASSTHROUGH' }],
    ['AUTO_PASSTHROUGH', Protocol.TLS, ServerTls.autoPassthrough(), { mode: 'AUTO_PASSTHROUGH' }],
    ['ISTIO_MUTUAL (no certificates)', Protocol.TLS, ServerTls.istioMutual(), { mode: 'ISTIO_MUTUAL' }],
  ])('TLS mode %s', (_name, protocol, tls, expected) => {
    const spec = serversOf((chart) => new Gateway(chart, 'gw', { servers: [{ port: { number: 15443, name: 'tls', protocol }, hosts: ['*.local'], tls }] }));
    expect(spec.servers[0].tls).toEqual(expected);
  });

  test('AUTO_PASSTHROUGH needs a TLS server', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 443, protocol: Protocol.HTTPS }, hosts: ['*'], tls: ServerTls.autoPassthrough() })).toThrow(/AUTO_PASSTHROUGH works only on a TLS server/);
  });

  test('httpsRedirect is for HTTP servers only', () => {
    const gw = new Gateway(newChart(), 'gw');
    expect(() => gw.addServer({ port: { number: 443, protocol: Protocol.HTTPS }, hosts: ['*'], tls: ServerTls.simple('c'), httpsRedirect: true })).toThrow(/HTTP servers only/);
  });

  test('a Gateway name with dots, and a targetPort, are rejected', () => {
    const chart = newChart();
    new Gateway(chart, 'gw', { metadata: { name: 'public.gateway' }, servers: [{ port: { number: 80, protocol: Protocol.HTTP }, hosts: ['*'] }] });
    expect(() => Testing.synth(chart)).toThrow(/Gateway name 'public.gateway' must be a DNS label/);
    expect(() => new Gateway(newChart(), 'g2').addServer({ port: { number: 80, targetPort: 8080, protocol: Protocol.HTTP }, hosts: ['*'] }))
      .toThrow(/targetPort has no effect on Gateway listeners/);
  });

  test('MUTUAL from certificate files', () => {
    const spec = serversOf((chart) => new Gateway(chart, 'gw', {
      servers: [{
        port: { number: 443, name: 'https', protocol: Protocol.HTTPS },
        hosts: ['*'],
        tls: ServerTls.mutualFromFiles({ serverCertificate: '/certs/tls.crt', privateKey: '/certs/tls.key', caCertificates: '/certs/ca.crt' }),
      }],
    }));
    expect(spec.servers[0].tls).toEqual({ mode: 'MUTUAL', serverCertificate: '/certs/tls.crt', privateKey: '/certs/tls.key', caCertificates: '/certs/ca.crt' });
    expect(() => ServerTls.mutualFromFiles({ serverCertificate: 'a', privateKey: 'b' })).toThrow(/caCertificates must not be empty/);
  });

  test('a Gateway without servers fails at synth', () => {
    const chart = newChart();
    new Gateway(chart, 'gw');
    expect(() => Testing.synth(chart)).toThrow(/the Gateway has no servers/);
  });
});
