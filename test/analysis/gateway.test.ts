import { findings, objects, run } from './helpers';
import { secretProblem } from '../../lib/analysis/analyzers/gateway';
import { AnalysisContext, GK } from '../../lib/analysis/context';
import { Severity } from '../../lib/vocab/finding';

/** A self-signed certificate valid until 2126, and its key (test data only). */
const TLS_CRT = 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJqRENDQVRPZ0F3SUJBZ0lVQkk4Z1J3cE5mYWx3T0pzcGZpVzB2YTRscU1Nd0NnWUlLb1pJemowRUF3SXcKR3pFWk1CY0dBMVVFQXd3UWMyaHZjQzVsZUdGdGNHeGxMbU52YlRBZ0Z3MHlOakV4TWpVeE16UXlNemRhR0E4eQpNVEkyTVRFd01URXpOREl6TjFvd0d6RVpNQmNHQTFVRUF3d1FjMmh2Y0M1bGVHRnRjR3hsTG1OdmJUQlpNQk1HCkJ5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEEwSUFCTC9iNzg2dEZ2K2pYc0NlbmM0YmNDS04yS2dXdTF0OGExaWYKUGFsSHNqVXJsdVdCZnpadmxzd0JkREt1RHlFcUJ6ZlJQb3NCbGhvWU5IaUdad0x3MlN5alV6QlJNQjBHQTFVZApEZ1FXQkJTQWg5ZktrTXpFcHBkWGt5cUNoaHRwSFFaOFRUQWZCZ05WSFNNRUdEQVdnQlNBaDlmS2tNekVwcGRYCmt5cUNoaHRwSFFaOFRUQVBCZ05WSFJNQkFmOEVCVEFEQVFIL01Bb0dDQ3FHU000OUJBTUNBMGNBTUVRQ0lFbS8KQ1VpVXFQNkQ4WjEwVXV6dm44UXA4ajlIQzAvSFFXUzNNaW1vMzRXQ0FpQnhBT3Qwa0k2WGZpT283cVNnQ2FhSApoWEIxU2YvdUxiQlIzMTNDaFAvYVhRPT0KLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=';
const TLS_KEY = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ2cwRWRXSUJGV2JXY3ErVk0KSm5qdEcvb1dzYnRDL0FLTTRDQ0tEQU1NWmpHaFJBTkNBQVMvMisvT3JSYi9vMTdBbnAzT0czQWlqZGlvRnJ0YgpmR3RZbnoycFI3STFLNWJsZ1g4MmI1Yk1BWFF5cmc4aEtnYzMwVDZMQVpZYUdEUjRobWNDOE5rcwotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==';

const gateway = (name: string, selector: string, servers: string, ns = 'edge') => `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: ${selector}
  servers:
${servers}
`;
const http = (port: number, host = '"*"') => `  - { port: { number: ${port}, name: http, protocol: HTTP }, hosts: [${host}] }`;

describe('gateway.IngressGatewayPortAnalyzer (IST0101 selector, IST0162)', () => {
  const analyzer = 'gateway.IngressGatewayPortAnalyzer';

  test('clean: the default ingress gateway is assumed, with its ports 80/443 and the 8080/8443 it listens on', () => {
    expect(run(analyzer, gateway('web', '{ istio: ingressgateway }', [http(80), http(8080), http(443)].join('\n')))).toEqual([]);
  });

  test('clean: a custom gateway Deployment and its Service', () => {
    const yaml = `${gateway('web', '{ app: my-gw }', http(8443))}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: my-gw, namespace: gw }
spec:
  selector: { matchLabels: { app: my-gw } }
  template: { metadata: { labels: { app: my-gw } }, spec: { containers: [{ name: istio-proxy, image: auto }] } }
---
apiVersion: v1
kind: Service
metadata: { name: my-gw, namespace: gw }
spec: { selector: { app: my-gw }, ports: [{ name: https, port: 443, targetPort: 8443 }] }
`;
    expect(run(analyzer, yaml)).toEqual([]);
  });

  test('clean: without workloads in the set, a custom gateway is deployed elsewhere', () => {
    expect(run(analyzer, gateway('web', '{ istio: egressgateway }', http(80)))).toEqual([]);
  });

  test('broken: a selector that matches no gateway pod or deployment of the set', () => {
    const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\n'
      + 'spec: { template: { metadata: { labels: { app: web } }, spec: { containers: [{ name: web }] } } }\n';
    expect(findings(analyzer, [app, gateway('web', '{ istio: ingress }', http(80))].join('\n---\n')).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0101', Severity.ERROR, 'spec.selector', 'Referenced selector not found: "istio=ingress"'],
    ]);
  });

  test('broken: a port the gateway Service does not expose', () => {
    expect(findings(analyzer, gateway('web', '{ istio: ingressgateway }', http(8004))).map((f) => [f.code, f.severity, f.path])).toEqual([
      ['IST0162', Severity.WARNING, 'spec.servers[0].port.number'],
    ]);
  });
});

describe('gateway.ConflictingGatewayAnalyzer (IST0145)', () => {
  const analyzer = 'gateway.ConflictingGatewayAnalyzer';

  test('clean: same workload and port, different hosts; or same host on different ports', () => {
    expect(run(analyzer, [gateway('a', '{ istio: ingressgateway }', http(80, 'a.example.com')),
      gateway('b', '{ istio: ingressgateway }', http(80, 'b.example.com')),
      gateway('c', '{ istio: ingressgateway }', http(8080, 'a.example.com'))].join('\n---\n'))).toEqual([]);
  });

  test('broken: two Gateways claim the same host and port on the same workload', () => {
    const result = findings(analyzer, [gateway('a', '{ istio: ingressgateway }', http(80, 'shop.example.com')),
      gateway('b', '{ istio: ingressgateway }', http(80, 'shop.example.com'), 'other')].join('\n---\n'));
    expect(result.map((f) => [f.code, f.severity, f.resource?.name, f.message])).toEqual([
      ['IST0145', Severity.ERROR, 'a', 'Conflict with gateways other/b (workload selector istio=ingressgateway, port 80, hosts shop.example.com).'],
      ['IST0145', Severity.ERROR, 'b', 'Conflict with gateways edge/a (workload selector istio=ingressgateway, port 80, hosts shop.example.com).'],
    ]);
  });

  test('broken: overlapping selectors conflict through the pods both select', () => {
    const pod = `
apiVersion: v1
kind: Pod
metadata: { name: gw-1, namespace: gw, labels: { app: gw, tier: edge } }
spec: { containers: [{ name: istio-proxy, image: proxyv2 }] }
`;
    expect(run(analyzer, [pod, gateway('a', '{ app: gw }', http(80, 'x.example.com')),
      gateway('b', '{ app: gw, tier: edge }', http(80, 'x.example.com'))].join('\n---\n'))).toEqual([
      'IST0145 Gateway edge/a', 'IST0145 Gateway edge/b',
    ]);
  });
});

describe('gateway.CertificateAnalyzer (IST0138)', () => {
  const analyzer = 'gateway.CertificateAnalyzer';
  const https = (cred: string, host: string) => `  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [${host}]
    tls: { mode: SIMPLE, credentialName: ${cred} }`;

  test('clean: one certificate per Gateway', () => {
    expect(run(analyzer, [gateway('a', '{ istio: ingressgateway }', https('a-cert', 'a.example.com')),
      gateway('b', '{ istio: ingressgateway }', https('b-cert', 'b.example.com'))].join('\n---\n'))).toEqual([]);
  });

  test('broken: two Gateways on the same workload serve the same certificate', () => {
    expect(findings(analyzer, [gateway('a', '{ istio: ingressgateway }', https('wildcard', 'a.example.com')),
      gateway('b', '{ istio: ingressgateway }', https('wildcard', 'b.example.com'))].join('\n---\n')).map((f) => f.message)).toEqual([
      'Duplicate certificate in multiple gateways [edge/a edge/b] may cause 404s if clients re-use HTTP2 connections.',
      'Duplicate certificate in multiple gateways [edge/b edge/a] may cause 404s if clients re-use HTTP2 connections.',
    ]);
  });
});

describe('gateway.SecretAnalyzer (IST0101 credentialName, IST0161)', () => {
  const analyzer = 'gateway.SecretAnalyzer';
  const secret = (name: string, data: string) => `
apiVersion: v1
kind: Secret
metadata: { name: ${name}, namespace: istio-system }
type: kubernetes.io/tls
data: ${data}
`;
  const https = (cred: string) => gateway('web', '{ istio: ingressgateway }', `  - port: { number: 443, name: https, protocol: HTTPS }
    hosts: [shop.example.com]
    tls: { mode: SIMPLE, credentialName: ${cred} }`);

  test('clean: the Secret is in the namespace of the gateway pods and holds a valid certificate', () => {
    expect(run(analyzer, `${secret('shop-cert', `{ tls.crt: ${TLS_CRT}, tls.key: ${TLS_KEY} }`)}---${https('shop-cert')}`)).toEqual([]);
  });

  test('clean: a cert-manager Certificate issues the Secret', () => {
    const certificate = `
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: { name: shop, namespace: istio-system }
spec: { secretName: shop-cert, dnsNames: [shop.example.com], issuerRef: { name: letsencrypt, kind: ClusterIssuer } }
`;
    expect(run(analyzer, `${certificate}---${https('shop-cert')}`)).toEqual([]);
  });

  test('clean: without Secrets or Certificates in the set, credentials are not checked', () => {
    expect(run(analyzer, https('anything'))).toEqual([]);
  });

  test('broken: no such Secret where the gateway runs, or one without a usable certificate', () => {
    const other = secret('other', `{ tls.crt: ${TLS_CRT}, tls.key: ${TLS_KEY} }`);
    expect(findings(analyzer, `${other}---${https('shop-cert')}`).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0101', Severity.ERROR, 'spec.servers[0].tls.credentialName', 'Referenced credentialName not found: "shop-cert"'],
    ]);
    const empty = secret('shop-cert', '{ ca.crt: Zm9v }');
    expect(findings(analyzer, `${empty}---${https('shop-cert')}`).map((f) => [f.code, f.message])).toEqual([
      ['IST0161', 'The credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected.'],
    ]);
  });

  test('CIS5030: the Secret sits in the Gateway object\'s namespace, but istiod reads it where the gateway pods run (pilot/pkg/xds/sds.go)', () => {
    const inEdge = secret('shop-cert', `{ tls.crt: ${TLS_CRT}, tls.key: ${TLS_KEY} }`).replace('namespace: istio-system', 'namespace: edge');
    const open = { assumeCompleteMesh: false };
    expect(findings(analyzer, `${inEdge}---${https('shop-cert')}`, open).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['CIS5030', Severity.WARNING, 'spec.servers[0].tls.credentialName', 'Gateway web reads credentialName "shop-cert" from namespace istio-system, '
        + 'where its gateway pods run, but the Secret is defined in the Gateway\'s own namespace edge: the server gets no certificate.'],
    ]);
    // Clean when the Secret is (also) where the pods run.
    const both = `${inEdge}---${secret('shop-cert', `{ tls.crt: ${TLS_CRT}, tls.key: ${TLS_KEY} }`)}`;
    expect(run(analyzer, `${both}---${https('shop-cert')}`, open)).toEqual([]);
  });

  test('broken: an expired certificate', () => {
    const ctx = new AnalysisContext(objects(secret('shop-cert', `{ tls.crt: ${TLS_CRT}, tls.key: ${TLS_KEY} }`)));
    const s = ctx.list(GK.Secret)[0];
    expect(secretProblem(s)).toBeUndefined();
    expect(secretProblem(s, new Date('2200-01-01'))).toBe('certificate is expired or not yet valid');
  });
});
