import { run } from './helpers';

const deployment = (extra = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
${extra}      containers: [{ name: web, image: web }]
`;
const service = (name: string, ports: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec: { selector: { app: web }, ports: ${ports} }
`;

describe('deployment.MultiServiceAnalyzer (IST0116, IST0137)', () => {
  const analyzer = 'deployment.MultiServiceAnalyzer';

  test('clean: two Services on the same port and protocol', () => {
    expect(run(analyzer, [deployment(), service('a', '[{ name: http, port: 80 }]'), service('b', '[{ name: http, port: 80, protocol: TCP }]')].join('\n---\n'))).toEqual([]);
  });

  test('broken: the same port with two protocols; the same targetPort from two ports', () => {
    expect(run(analyzer, [deployment(), service('a', '[{ name: http, port: 80 }]'), service('b', '[{ name: dns, port: 80, protocol: UDP }]')].join('\n---\n')))
      .toEqual(['IST0116 Deployment shop/web']);
    expect(run(analyzer, [deployment(), service('a', '[{ name: http, port: 80, targetPort: 8080 }]'), service('b', '[{ name: http, port: 8000, targetPort: 8080 }]')]
      .join('\n---\n'))).toEqual(['IST0137 Deployment shop/web']);
  });
});

describe('applicationUID.Analyzer (IST0144)', () => {
  const analyzer = 'applicationUID.Analyzer';

  test('clean: another user ID', () => {
    expect(run(analyzer, deployment('      securityContext: { runAsUser: 1000 }\n'))).toEqual([]);
  });

  test('broken: the application runs as UID 1337, the proxy\'s', () => {
    expect(run(analyzer, deployment('      securityContext: { runAsUser: 1337 }\n'))).toEqual(['IST0144 Deployment shop/web']);
  });
});
