import { run } from './helpers';

const ns = (name: string, labels = '{ istio-injection: enabled }') => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: ${labels} }\n`;
const deployment = (name: string, namespace: string, labels: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: ${labels} }
  template: { metadata: { labels: ${labels} }, spec: { containers: [{ name: app, image: app }] } }
`;
const policy = (name: string, namespace: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;

describe('auth.AuthorizationPoliciesAnalyzer (IST0127, IST0101 namespace)', () => {
  const analyzer = 'auth.AuthorizationPoliciesAnalyzer';

  test('clean: the selected workloads are in the mesh and the source namespaces exist', () => {
    const yaml = [ns('shop'), ns('front'), deployment('web', 'shop', '{ app: web }'),
      policy('web', 'shop', '{ selector: { matchLabels: { app: web } }, rules: [{ from: [{ source: { namespaces: [front, "fr*"] } }] }] }'),
      policy('all', 'istio-system', '{ selector: { matchLabels: { app: web } } }')].join('\n---\n');
    expect(run(analyzer, yaml)).toEqual([]);
  });

  test('clean: without Namespace objects, workload templates count as in the mesh and namespaces are not checked', () => {
    const yaml = [deployment('web', 'shop', '{ app: web }'),
      policy('web', 'shop', '{ selector: { matchLabels: { app: web } }, rules: [{ from: [{ source: { namespaces: [anything] } }] }] }')].join('\n---\n');
    expect(run(analyzer, yaml)).toEqual([]);
  });

  test('broken: no workload in the mesh matches, and an unknown source namespace', () => {
    const yaml = [ns('shop'), ns('legacy', '{}'), deployment('web', 'shop', '{ app: web }'), deployment('old', 'legacy', '{ app: old }'),
      policy('api', 'shop', '{ selector: { matchLabels: { app: api } } }'),
      policy('old', 'legacy', '{ selector: { matchLabels: { app: old } } }'),
      policy('web', 'shop', '{ selector: { matchLabels: { app: web } }, rules: [{ from: [{ source: { notNamespaces: [fronts] } }] }] }')].join('\n---\n');
    expect(run(analyzer, yaml)).toEqual(['IST0127 AuthorizationPolicy shop/api', 'IST0127 AuthorizationPolicy legacy/old', 'IST0101 AuthorizationPolicy shop/web']);
  });
});
