import { run } from './helpers';

const sidecar = (name: string, selector?: string, ns = 'shop') => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: { name: ${name}, namespace: ${ns} }
spec:
${selector ? `  workloadSelector: { labels: ${selector} }\n` : ''}  egress: [{ hosts: ["./*"] }]
`;
const deployment = (name: string, labels: string, ns = 'shop') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: ${labels} }
  template: { metadata: { labels: ${labels} }, spec: { containers: [{ name: app, image: app }] } }
`;

describe('sidecar.SelectorAnalyzer (IST0101, IST0110, IST0111, IST0167)', () => {
  const analyzer = 'sidecar.SelectorAnalyzer';

  test('clean: one namespace-wide Sidecar and one per workload', () => {
    expect(run(analyzer, [deployment('web', '{ app: web }'), sidecar('default'), sidecar('web', '{ app: web }')].join('\n---\n'))).toEqual([]);
  });

  test('broken: a selector no workload of the namespace matches', () => {
    expect(run(analyzer, [deployment('web', '{ app: web }', 'other'), sidecar('web', '{ app: web }')].join('\n---\n'))).toEqual(['IST0101 Sidecar shop/web']);
  });

  test('broken: two Sidecars select the same workload; two have no selector', () => {
    expect(run(analyzer, [deployment('web', '{ app: web, tier: front }'), sidecar('a', '{ app: web }'), sidecar('b', '{ tier: front }'),
      sidecar('c'), sidecar('d')].join('\n---\n'))).toEqual([
      'IST0110 Sidecar shop/a', 'IST0110 Sidecar shop/b', 'IST0111 Sidecar shop/c', 'IST0111 Sidecar shop/d',
    ]);
  });

  test('broken: a Sidecar in an ambient namespace has no effect', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { istio.io/dataplane-mode: ambient } }\n';
    expect(run(analyzer, [ns, sidecar('default')].join('\n---\n'))).toEqual(['IST0167 Sidecar shop/default']);
  });
});
