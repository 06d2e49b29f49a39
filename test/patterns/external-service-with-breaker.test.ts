import { Duration, Testing } from 'cdk8s';
import { expectValid, find, ids, synth } from './util';
import { Protocol, RetryOn } from '../../lib';
import { ExternalServiceWithBreaker, ExternalServiceWithBreakerProps } from '../../lib/patterns/external-service-with-breaker';

function build(props: Partial<ExternalServiceWithBreakerProps> = {}) {
  const chart = Testing.chart();
  new ExternalServiceWithBreaker(chart, 'stripe', { host: 'api.stripe.com', ...props });
  const objects = synth(chart);
  return { objects, se: find(objects, 'ServiceEntry', 'api-stripe-com'), dr: find(objects, 'DestinationRule', 'api-stripe-com') };
}

const breaker = {
  connectionPool: { tcp: { maxConnections: 100, connectTimeout: '5s' }, http: { http1MaxPendingRequests: 100, maxRetries: 3 } },
  outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 100 },
};
// On an HTTPS (TLS passthrough) port the proxy never reads HTTP: no HTTP limits are written there.
const tcpBreaker = { ...breaker, connectionPool: { tcp: breaker.connectionPool.tcp } };

describe('ExternalServiceWithBreaker', () => {
  test('defaults: an HTTPS host resolved by DNS, with the documented breaker', () => {
    const { objects, se, dr } = build();
    expect(ids(objects)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com']);
    expect(se.spec).toEqual({
      hosts: ['api.stripe.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], location: 'MESH_EXTERNAL', resolution: 'DNS',
    });
    expect(dr.spec).toEqual({ host: 'api.stripe.com', trafficPolicy: tcpBreaker });
    expectValid(objects);
  });

  test('HTTP limits on a port the proxy cannot read print a warning; timeout and retries there fail', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { dr } = build({ connectionPool: { http: { http1MaxPendingRequests: 10 } } });
      expect(dr.spec.trafficPolicy.connectionPool.http).toEqual({ http1MaxPendingRequests: 10, maxRetries: 3 });
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /warning: \[test\/stripe\] connectionPool.http is set, but no port of api.stripe.com is HTTP \(443\/HTTPS\).*Use tlsOrigination/);
    } finally {
      write.mockRestore();
    }
    expect(() => build({ timeout: Duration.seconds(3) })).toThrow(/test\/stripe: timeout and retries need an HTTP port.*Use tlsOrigination/);
  });

  test('timeout and retries: a VirtualService on the HTTP port (Istio sets no HTTP timeout by default)', () => {
    const { objects } = build({
      tlsOrigination: {},
      timeout: Duration.seconds(3),
      retries: { attempts: 2, perTryTimeout: Duration.seconds(1), retryOn: [RetryOn.GATEWAY_ERROR] },
    });
    expect(ids(objects)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com', 'VirtualService/api-stripe-com']);
    expect(find(objects, 'VirtualService', 'api-stripe-com').spec).toEqual({
      hosts: ['api.stripe.com'],
      http: [{
        route: [{ destination: { host: 'api.stripe.com', port: { number: 80 } } }],
        timeout: '3s',
        retries: { attempts: 2, perTryTimeout: '1s', retryOn: 'gateway-error' },
      }],
    });
    expectValid(objects);
  });

  test('TLS origination: plain HTTP on port 80 leaves the sidecar as HTTPS to 443, with the breaker on that port too', () => {
    const { objects, se, dr } = build({ tlsOrigination: {} });
    expect(se.spec.ports).toEqual([
      { number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 },
      { number: 443, name: 'https', protocol: 'HTTPS' },
    ]);
    expect(dr.spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 80 }, ...breaker, tls: { mode: 'SIMPLE', sni: 'api.stripe.com', subjectAltNames: ['api.stripe.com'] } }]);
    expectValid(objects);
  });

  test('TLS origination verifies the server name: with sni set Istio turns off automatic SAN checks (cluster_tls.go)', () => {
    const tlsOf = (tls: object) => build({ tlsOrigination: { tls } }).dr.spec.trafficPolicy.portLevelSettings[0].tls;
    expect(tlsOf({ sni: 'stripe.example' })).toEqual({ mode: 'SIMPLE', sni: 'stripe.example', subjectAltNames: ['api.stripe.com'] });
    expect(tlsOf({ subjectAltNames: ['*.stripe.com'] })).toEqual({ mode: 'SIMPLE', sni: 'api.stripe.com', subjectAltNames: ['*.stripe.com'] });
    expect(tlsOf({ insecureSkipVerify: true })).toEqual({ mode: 'SIMPLE', sni: 'api.stripe.com', insecureSkipVerify: true });
  });

  test('static addresses, TCP ports, and overridden limits merged over the defaults', () => {
    const { objects, se, dr } = build({
      host: 'db.legacy.example',
      name: 'api-stripe-com',
      staticAddresses: ['10.20.0.5', '10.20.0.6'],
      ports: [{ number: 5432, protocol: Protocol.TCP, name: 'tcp-postgres' }],
      connectionPool: { tcp: { maxConnections: 20 } },
      outlierDetection: { consecutiveGatewayErrors: 3, baseEjectionTime: Duration.minutes(1) },
    });
    expect(se.spec).toMatchObject({ resolution: 'STATIC', endpoints: [{ address: '10.20.0.5' }, { address: '10.20.0.6' }] });
    expect(dr.spec.trafficPolicy.connectionPool.tcp).toEqual({ maxConnections: 20, connectTimeout: '5s' });
    expect(dr.spec.trafficPolicy.outlierDetection).toEqual({
      consecutive5xxErrors: 5, consecutiveGatewayErrors: 3, interval: '10s', baseEjectionTime: '60s', maxEjectionPercent: 100,
    });
    expectValid(objects);
  });

  test('invalid input fails with a clear error', () => {
    expect(() => build({ host: '*.stripe.com' })).toThrow("test/stripe: host '*.stripe.com' must be one external host name");
    expect(() => build({ ports: [{ number: 53, protocol: Protocol.UDP }] })).toThrow(/ports\[0\] has protocol UDP/);
    expect(() => build({ tlsOrigination: {}, ports: [{ number: 80, protocol: Protocol.HTTP }] })).toThrow(/port 80 is in ports and is also tlsOrigination.httpPort/);
  });
});
