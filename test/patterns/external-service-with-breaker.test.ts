import { Duration, Testing } from 'cdk8s';
import { expectValid, find, ids, synth } from './util';
import { Protocol } from '../../lib';
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

describe('ExternalServiceWithBreaker', () => {
  test('defaults: an HTTPS host resolved by DNS, with the documented breaker', () => {
    const { objects, se, dr } = build();
    expect(ids(objects)).toEqual(['ServiceEntry/api-stripe-com', 'DestinationRule/api-stripe-com']);
    expect(se.spec).toEqual({
      hosts: ['api.stripe.com'], ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }], location: 'MESH_EXTERNAL', resolution: 'DNS',
    });
    expect(dr.spec).toEqual({ host: 'api.stripe.com', trafficPolicy: breaker });
    expectValid(objects);
  });

  test('TLS origination: plain HTTP on port 80 leaves the sidecar as HTTPS to 443, with the breaker on that port too', () => {
    const { objects, se, dr } = build({ tlsOrigination: {} });
    expect(se.spec.ports).toEqual([
      { number: 80, name: 'http', protocol: 'HTTP', targetPort: 443 },
      { number: 443, name: 'https', protocol: 'HTTPS' },
    ]);
    expect(dr.spec.trafficPolicy.portLevelSettings).toEqual([{ port: { number: 80 }, ...breaker, tls: { mode: 'SIMPLE', sni: 'api.stripe.com' } }]);
    expectValid(objects);
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
