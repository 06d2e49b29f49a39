import { findings, run } from './helpers';

const se = (ports: string, extra = '') => `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: db }
spec:
  hosts: [db.example.com]
  ports: ${ports}
  resolution: DNS
${extra}
`;

describe('serviceentry.Analyzer (IST0134)', () => {
  const analyzer = 'serviceentry.Analyzer';

  test('clean: HTTP/TLS ports, or TCP with addresses, or DNS auto-allocation in the mesh config', () => {
    expect(run(analyzer, se('[{ number: 443, name: tls, protocol: TLS }]'))).toEqual([]);
    expect(run(analyzer, se('[{ number: 5432, name: tcp, protocol: TCP }]', '  addresses: [240.0.0.1]'))).toEqual([]);
    const meshConfig = { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' } } };
    expect(run(analyzer, se('[{ number: 5432, name: tcp, protocol: TCP }]'), { meshConfig })).toEqual([]);
  });

  test('broken: a TCP (or protocol-less) port without addresses', () => {
    expect(findings(analyzer, se('[{ number: 5432, name: pg, protocol: tcp }, { number: 6379, name: redis }]')).map((f) => [f.code, f.path])).toEqual([
      ['IST0134', 'spec.ports[0].protocol'], ['IST0134', 'spec.ports[1].protocol'],
    ]);
  });
});
