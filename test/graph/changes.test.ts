import { MeshGraph, renderGraphChanges } from '../../lib/graph';

const deployment = (name: string, version: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: `${name}-${version}`, namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: name, version } },
    template: { metadata: { labels: { app: name, version } }, spec: { serviceAccountName: name, containers: [{ name, image: name }] } },
  },
});

function mesh(weight: number, allowFrontend: boolean) {
  return MeshGraph.fromObjects([
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'reviews', namespace: 'shop' }, spec: { selector: { app: 'reviews' }, ports: [{ name: 'http', port: 9080 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'frontend', namespace: 'shop' }, spec: { selector: { app: 'frontend' }, ports: [{ name: 'http', port: 80 }] } },
    deployment('reviews', 'v1'), deployment('reviews', 'v2'), deployment('frontend', 'v1'),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }] },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 - weight }, { destination: { host: 'reviews', subset: 'v2' }, weight }] }] },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'reviews', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'reviews' } }, rules: [{ from: [{ source: { principals: allowFrontend ? ['cluster.local/ns/shop/sa/frontend'] : ['cluster.local/ns/shop/sa/nobody'] } }] }] },
    },
  ], { findings: [] });
}

describe('the picture of a change', () => {
  test('a weight change is marked on its edge, with the old value; the rest of the mesh is left out', () => {
    const text = renderGraphChanges(mesh(10, false), mesh(25, false))!;
    expect(text).toContain('-->|"[changed] 75% (was 90%)"|');
    expect(text).toContain('-->|"[changed] 25% (was 10%)"|');
    expect(text).not.toContain('frontend');
  });

  test('a newly allowed caller is an added "may call" edge from its service', () => {
    const text = renderGraphChanges(mesh(10, false), mesh(10, true))!;
    expect(text).toMatch(/n\d+ -\.->\|"\[added\] may call"\| n\d+/);
    expect(text).toContain('host frontend.shop');
    expect(text).toContain('linkStyle 0 stroke:#2e7d32,stroke-width:3px');
  });

  test('no change, no picture', () => {
    expect(renderGraphChanges(mesh(10, true), mesh(10, true))).toBeUndefined();
  });
});
