import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

const analyzer = 'cdk8s-istio.PrincipalWorkloadAnalyzer';
const deployment = (name: string, ns: string, serviceAccount?: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:${serviceAccount ? `\n      serviceAccountName: ${serviceAccount}` : ''}
      containers: [{ name: app, image: nginx }]
`;
const ap = (name: string, ns: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
const fromFrontend = ap('orders', 'shop', '{ rules: [{ from: [{ source: { principals: ["cluster.local/ns/web/sa/frontend"] } }], to: [{ operation: { methods: [GET] } }] }] }');

describe('CIS5012: an ALLOW or DENY names a service account no workload of its namespace runs as', () => {
  test('clean: the workload runs as the account the policy names', () => {
    expect(run(analyzer, [deployment('frontend', 'web', 'frontend'), fromFrontend].join('---'))).toEqual([]);
  });

  test('clean: the set defines no workload in that namespace (another team runs it), or the principal is a pattern', () => {
    expect(run(analyzer, [deployment('orders', 'shop'), fromFrontend].join('---'))).toEqual([]);
    expect(run(analyzer, [deployment('frontend', 'web'),
      ap('orders', 'shop', '{ rules: [{ from: [{ source: { principals: ["cluster.local/ns/web/sa/*"] } }] }] }')].join('---'))).toEqual([]);
  });

  test('clean: the default ingress gateway runs as istio-ingressgateway-service-account in istio-system', () => {
    expect(run(analyzer, [deployment('kiali', 'istio-system', 'kiali'),
      ap('web', 'web', '{ rules: [{ from: [{ source: { principals: ["cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account"] } }] }] }')]
      .join('---'))).toEqual([]);
  });

  test('clean: a Kubernetes Gateway runs as <name>-<class>, a WorkloadEntry as its serviceAccount', () => {
    const gateway = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: edge, namespace: web }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }
---
apiVersion: networking.istio.io/v1
kind: WorkloadEntry
metadata: { name: vm, namespace: web }
spec: { address: 10.0.0.1, serviceAccount: legacy }
`;
    const policy = ap('orders', 'shop', '{ rules: [{ from: [{ source: { principals: ["cluster.local/ns/web/sa/edge-istio", "cluster.local/ns/web/sa/legacy"] } }] }] }');
    expect(run(analyzer, [deployment('frontend', 'web'), gateway, policy].join('---'))).toEqual([]);
  });

  test('broken: the pods have no serviceAccountName, so they run as default and the rule matches none of them', () => {
    const result = findings(analyzer, [deployment('frontend', 'web'), fromFrontend].join('---'));
    expect(result.map((f) => [f.code, f.severity, f.resource?.name, f.path])).toEqual([
      ['CIS5012', Severity.WARNING, 'orders', 'spec.rules[0].from[0].source.principals[0]'],
    ]);
    expect(result[0].message).toContain('no workload of namespace web runs as service account frontend (they run as [default])');
    expect(result[0].hint).toContain('serviceAccountName: frontend');
  });

  test('broken: a DENY naming an account nobody runs as protects nothing, in notPrincipals and in a source.principal condition too', () => {
    const deny = ap('deny', 'shop', `{ action: DENY, rules: [
      { from: [{ source: { notPrincipals: ["cluster.local/ns/web/sa/fronted"] } }] },
      { when: [{ key: source.principal, values: ["cluster.local/ns/web/sa/fronted"] }] }] }`);
    expect(findings(analyzer, [deployment('frontend', 'web', 'frontend'), deny].join('---')).map((f) => f.path)).toEqual([
      'spec.rules[0].from[0].source.notPrincipals[0]', 'spec.rules[1].when[0].values[0]',
    ]);
  });
});
