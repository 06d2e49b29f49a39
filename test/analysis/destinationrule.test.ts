import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

describe('destinationrule.CaCertificateAnalyzer (IST0128, IST0129)', () => {
  const analyzer = 'destinationrule.CaCertificateAnalyzer';
  const dr = (tls: string, extra = '') => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: db-tls, namespace: data }
spec:
  host: db.example.com
${extra}
  trafficPolicy:
${tls}
`;

  test('clean: TLS origination that verifies the server (caCertificates, or credentialName with a workloadSelector)', () => {
    expect(run(analyzer, dr('    tls: { mode: SIMPLE, caCertificates: /etc/certs/ca.pem }'))).toEqual([]);
    expect(run(analyzer, dr('    tls: { mode: SIMPLE, credentialName: db-ca }', '  workloadSelector: { matchLabels: { app: egress } }'))).toEqual([]);
    expect(run(analyzer, dr('    tls: { mode: ISTIO_MUTUAL }'))).toEqual([]);
  });

  test('broken: SIMPLE at destination level and MUTUAL at port level without CA', () => {
    const tls = `    tls: { mode: SIMPLE }
    portLevelSettings:
    - port: { number: 5432 }
      tls: { mode: MUTUAL, clientCertificate: /c.pem, privateKey: /k.pem }`;
    expect(findings(analyzer, dr(tls)).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0128', Severity.WARNING, 'spec.trafficPolicy.tls',
        'DestinationRule data/db-tls in namespace data has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: db.example.com'],
      ['IST0129', Severity.WARNING, 'spec.trafficPolicy.portLevelSettings[0].tls',
        'DestinationRule data/db-tls in namespace data has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: db.example.com at port number:5432'],
    ]);
  });
});

describe('destinationrule.SubsetSelectPodAnalyzer (IST0173, IST0174)', () => {
  const analyzer = 'destinationrule.SubsetSelectPodAnalyzer';
  const app = `
apiVersion: v1
kind: Service
metadata: { name: reviews, namespace: bookinfo }
spec: { selector: { app: reviews }, ports: [{ name: http, port: 9080 }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: reviews-v1, namespace: bookinfo }
spec:
  selector: { matchLabels: { app: reviews, version: v1 } }
  template:
    metadata: { labels: { app: reviews, version: v1 } }
    spec: { containers: [{ name: reviews, image: reviews:v1 }] }
`;
  const dr = (host: string, subsets: string[]) => `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: ${host}
  subsets: [${subsets.map((s) => `{ name: ${s}, labels: { version: ${s} } }`).join(', ')}]
`;

  test('clean: every subset selects the pods of a workload (a Deployment template counts as its pods)', () => {
    expect(run(analyzer, `${app}---${dr('reviews', ['v1'])}`)).toEqual([]);
  });

  test('clean: without Services in the set, DestinationRules are not checked (like file-only istioctl)', () => {
    expect(run(analyzer, dr('nowhere', ['v1']))).toEqual([]);
  });

  test('broken: a host that matches no Service (warning)', () => {
    const result = findings(analyzer, `${app}---${dr('review', ['v1'])}`);
    expect(result.map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0174', Severity.WARNING, 'spec.host', 'The host review defined in the DestinationRule does not match any services in the mesh.'],
    ]);
  });

  test('broken: a subset that selects no pod is an error when a route uses it, a warning otherwise', () => {
    const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: bookinfo }
spec:
  hosts: [reviews]
  http: [{ route: [{ destination: { host: reviews, subset: v2 } }] }]
`;
    const result = findings(analyzer, `${app}---${dr('reviews', ['v1', 'v2', 'v3'])}---${vs}`);
    expect(result.map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0173', Severity.ERROR, 'spec.subsets[1].labels',
        'The Subset v2 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).'],
      ['IST0173', Severity.WARNING, 'spec.subsets[2].labels',
        'The Subset v3 defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).'],
    ]);
  });

  test('broken: node topology labels count, as Istio adds them to the pod', () => {
    const yaml = `${app}
---
apiVersion: v1
kind: Pod
metadata: { name: reviews-eu, namespace: bookinfo, labels: { app: reviews } }
spec: { nodeName: node-1, containers: [{ name: reviews }] }
---
apiVersion: v1
kind: Node
metadata: { name: node-1, labels: { topology.kubernetes.io/region: eu-west } }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: bookinfo }
spec:
  host: reviews
  subsets:
  - { name: eu, labels: { topology.kubernetes.io/region: eu-west } }
  - { name: us, labels: { topology.kubernetes.io/region: us-east } }
`;
    expect(findings(analyzer, yaml).map((f) => f.path)).toEqual(['spec.subsets[1].labels']);
  });
});
