import * as fc from 'fast-check';
import { parseProtocol, servicePortProtocol } from '../../lib/vocab/protocol';

// Istio 1.30.3 pkg/config/kube/conversion.go `ConvertProtocol`, cases of its TestConvertProtocol and the branches they leave out.
describe('servicePortProtocol reads a Service port as Istio does', () => {
  test.each([
    ['nothing set: sniffed', { port: 80, name: '' }, 'Unsupported'],
    ['UDP by the Kubernetes protocol, whatever the name', { port: 53, name: 'http-dns', protocol: 'UDP' }, 'UDP'],
    ['the name\'s prefix', { port: 80, name: 'http-something' }, 'HTTP'],
    ['the prefix, case-insensitively', { port: 80, name: 'GRPC-api' }, 'GRPC'],
    ['appProtocol over the name', { port: 80, name: 'http-something', appProtocol: 'https' }, 'HTTPS'],
    ['appProtocol over a name that says nothing', { port: 80, name: 'something-httpx', appProtocol: 'https' }, 'HTTPS'],
    ['grpc-web before the cut at the first dash', { port: 80, name: 'grpc-web-x' }, 'GRPC-Web'],
    ['grpcweb is no grpc-web', { port: 80, name: 'grpcweb-x' }, 'Unsupported'],
    ['a well-known port with an unrecognised name: TCP, not sniffed', { port: 3306, name: 'random-name' }, 'TCP'],
    ['every well-known port, unnamed', { port: 27017, name: '' }, 'TCP'],
    ['a well-known port keeps a recognised name', { port: 25, name: 'http' }, 'HTTP'],
    ['kubernetes.io/h2c is HTTP2, also on a well-known port', { port: 3306, name: 'random-name', appProtocol: 'kubernetes.io/h2c' }, 'HTTP2'],
    ['kubernetes.io/ws is HTTP', { port: 80, name: 'tcp', appProtocol: 'kubernetes.io/ws' }, 'HTTP'],
    ['kubernetes.io/wss is HTTPS', { port: 80, name: 'http', appProtocol: 'kubernetes.io/wss' }, 'HTTPS'],
    ['a kubernetes.io name only counts as appProtocol', { port: 80, name: 'kubernetes.io/ws' }, 'Unsupported'],
    ['an unknown appProtocol on a well-known port: TCP', { port: 53, name: 'http', appProtocol: 'example.com/x' }, 'TCP'],
  ])('%s', (_name, port, expected) => {
    expect(servicePortProtocol(port)).toBe(expected);
  });

  test('without UDP, appProtocol or a grpc-web prefix, it is the name\'s prefix read by protocol.Parse, TCP for an unknown one on a well-known port', () => {
    fc.assert(fc.property(fc.stringMatching(/^[a-zA-Z0-9_]{0,8}(-[a-z0-9]{1,5})?$/), fc.constantFrom(25, 53, 80, 3306, 8080, 27017), (name, port) => {
      fc.pre(!name.toLowerCase().startsWith('grpc-web'));
      const parsed = parseProtocol(name.split('-')[0]);
      const expected = parsed === 'Unsupported' && [25, 53, 3306, 27017].includes(port) ? 'TCP' : parsed;
      expect(servicePortProtocol({ port, name, protocol: 'TCP' })).toBe(expected);
    }));
  });
});
