import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

const service = (ports: string, extra = '') => `
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop${extra} }
spec:
  selector: { app: web }
  ports: ${ports}
`;

describe('service.PortNameAnalyzer (IST0118, IST0150)', () => {
  const analyzer = 'service.PortNameAnalyzer';

  test('clean: protocol-prefixed names, appProtocol, UDP and well-known ports', () => {
    expect(run(analyzer, service('[{ name: http-web, port: 80 }, { name: grpc, port: 9090 }, { port: 53, protocol: UDP }, '
      + '{ name: db, port: 3306 }, { name: web, port: 8080, appProtocol: http }]'))).toEqual([]);
  });

  test('clean: Istio control-plane Services are skipped', () => {
    expect(run(analyzer, service('[{ name: web, port: 8080 }]', ', labels: { istio: pilot }'))).toEqual([]);
  });

  test('broken: a name that does not tell the protocol (Istio sniffs it)', () => {
    expect(findings(analyzer, service('[{ name: web, port: 8080, targetPort: 80 }, { port: 9000 }]')).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0118', Severity.INFO, 'spec.ports[0].name', 'Port name web (port: 8080, targetPort: 80) doesn\'t follow the naming convention of Istio port.'],
      ['IST0118', Severity.INFO, 'spec.ports[1].name', 'Port name  (port: 9000, targetPort: 0) doesn\'t follow the naming convention of Istio port.'],
    ]);
  });

  test('broken: an ExternalName Service with a tcp port name', () => {
    expect(run(analyzer, service('[{ name: tcp, port: 5432 }]').replace('spec:', 'spec:\n  type: ExternalName\n  externalName: db.example.com')))
      .toEqual(['IST0150 Service shop/web']);
  });
});
