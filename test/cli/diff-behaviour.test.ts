import * as path from 'path';
import { run, writeFiles } from './helpers';

// What a change does, as `diff` reports it: the behaviour model (lib/model) answers the same requests on
// OLD and NEW. Istio ORs ALLOW policies and a matching DENY wins (pilot/pkg/security/authz/builder/builder.go).
const app = (name: string, ports = '[{ name: http, port: 8080 }]') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name}, version: v1 } }
    spec: { serviceAccountName: ${name}, containers: [{ name: app, image: example/${name} }] }
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec: { selector: { app: ${name} }, ports: ${ports} }
---
`;
const BASE = `apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
${app('frontend')}${app('orders')}${app('reviews', '[{ name: http, port: 9080 }]')}`;
const ap = (name: string, spec: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: shop }
spec: ${spec}
---
`;
const ORDERS_FROM_FRONTEND = ap('orders', '{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/frontend] } }] }] }');
const ORDERS_WIDENED = ap('orders', `{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { principals: [
  cluster.local/ns/shop/sa/frontend, cluster.local/ns/shop/sa/reviews] } }] }] }`);
const NO_DELETE = ap('orders-no-delete', '{ selector: { matchLabels: { app: orders } }, action: DENY, rules: [{ to: [{ operation: { methods: [DELETE] } }] }] }');
const vs = (weights: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec: { hosts: [reviews], http: [{ match: [{ uri: { prefix: /api } }], route: ${weights} }, { route: [{ destination: { host: reviews, subset: v1 } }] }] }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: reviews, namespace: shop }
spec: { host: reviews, subsets: [{ name: v1, labels: { version: v1 } }, { name: v2, labels: { version: v2 } }] }
---
`;
const SECRET = (key: string) => `apiVersion: v1
kind: Secret
metadata: { name: cacerts, namespace: shop }
stringData: { ca-key.pem: "${key}" }
`;

async function diff(oldYaml: string, newYaml: string, ...flags: string[]) {
  const dir = writeFiles({ 'old/all.yaml': oldYaml, 'new/all.yaml': newYaml });
  return run('diff', ...flags, path.join(dir, 'old'), path.join(dir, 'new'));
}

describe('cdk8s-istio diff: what the change does', () => {
  test('widening an ALLOW lists the newly allowed flow first in the markdown, before the explanations', async () => {
    const r = await diff(BASE + ORDERS_FROM_FRONTEND, BASE + ORDERS_WIDENED, '--format', 'markdown');
    expect(r.code).toBe(1);
    const sections = r.stdout.split('\n').filter((l) => l.startsWith('#### '));
    expect(sections[0]).toBe('#### ✅ Newly allowed (1 request)');
    expect(sections.indexOf('#### Resources')).toBeGreaterThan(0);
    expect(r.stdout).toContain('- `shop/reviews` → `shop/orders:8080`: GET / — allowed by shop/orders, was denied (403) by shop/orders');
    expect(r.stdout).not.toMatch(/Newly denied|Routes changed/);
    expect(r.stdout).toMatch(/<sub>Behaviour: sampled 3 service ports × \d+ callers: \d+ access and 0 routing requests on each side \(at most 8 per caller and port or host\)\.<\/sub>/);
  });

  test('adding a DENY lists the newly denied flows, for every caller that could call before', async () => {
    const r = await diff(BASE + ORDERS_FROM_FRONTEND, BASE + ORDERS_FROM_FRONTEND + NO_DELETE, '--format', 'json');
    expect(r.code).toBe(1);
    const { behaviour } = JSON.parse(r.stdout);
    expect(behaviour.newlyAllowed).toEqual([]);
    const flows = behaviour.newlyDenied
      .map((f: any) => [f.from, f.to, f.method, f.path, f.before.decision, f.after.decision, f.after.status, f.after.policy]);
    expect(flows)
      .toEqual([['shop/frontend', 'shop/orders:8080', 'DELETE', '/', 'ALLOW', 'DENY', 403, 'shop/orders-no-delete']]);
    expect(Object.keys(behaviour)).toEqual(['newlyAllowed', 'newlyDenied', 'routes', 'sampled']);
  });

  test('a weight change lists the route, with its match example, in every format', async () => {
    const oldYaml = BASE + vs('[{ destination: { host: reviews, subset: v1 } }]');
    const newYaml = BASE + vs('[{ destination: { host: reviews, subset: v1 }, weight: 90 }, { destination: { host: reviews, subset: v2 }, weight: 10 }]');
    const json = JSON.parse((await diff(oldYaml, newYaml, '--format', 'json')).stdout);
    expect(json.behaviour.routes.map((r: any) => [r.from, r.host, r.method, r.path, r.before.summary, r.after.summary])).toEqual([
      ['shop/frontend', 'reviews', 'GET', '/api', 'reviews.shop.svc.cluster.local v1 100%', 'reviews.shop.svc.cluster.local v1 90%, reviews.shop.svc.cluster.local v2 10%'],
    ]);
    expect(json.behaviour.routes[0].after.destinations).toEqual([
      { host: 'reviews.shop.svc.cluster.local', subset: 'v1', weight: 90 },
      { host: 'reviews.shop.svc.cluster.local', subset: 'v2', weight: 10 },
    ]);
    const md = (await diff(oldYaml, newYaml, '--format', 'markdown')).stdout;
    expect(md.split('\n').find((l) => l.startsWith('#### '))).toBe('#### 🔀 Routes changed (1 request)');
    const text = (await diff(oldYaml, newYaml)).stdout;
    expect(text.split('\n').slice(0, 2)).toEqual([
      'routes changed (1):',
      '    shop/frontend → reviews GET /api: reviews.shop.svc.cluster.local v1 100% → reviews.shop.svc.cluster.local v1 90%, reviews.shop.svc.cluster.local v2 10%',
    ]);
  });

  test('a change with no effect on behaviour says so; Secrets stay redacted in every format', async () => {
    const key = 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oO3c1sV8XqTZoAoGCCqGSM49';
    for (const format of ['text', 'markdown', 'json']) {
      const r = await diff(BASE + SECRET(`${key}AAAA`), BASE + SECRET(`${key}BBBB`), '--format', format);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain(key.slice(0, 16));
      if (format === 'markdown') expect(r.stdout).toContain('_No flow newly allowed or denied, and no route changed, for the requests asked._');
      if (format === 'json') expect(JSON.parse(r.stdout).behaviour).toMatchObject({ newlyAllowed: [], newlyDenied: [], routes: [] });
    }
  });

  test('--dataplane: a namespace the files do not define, taken as ambient, drops the L7 rule (newly denied there, not with sidecars)', async () => {
    const noNs = BASE.slice(BASE.indexOf('---') + 4);
    const l7 = ap('orders', `{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/frontend] } }],
  to: [{ operation: { methods: [GET] } }] }] }`);
    const sidecar = JSON.parse((await diff(noNs + ORDERS_FROM_FRONTEND, noNs + l7, '--format', 'json')).stdout).behaviour;
    // GET, the method the rule names, and POST, one it does not.
    expect(sidecar.newlyDenied.map((f: any) => [f.from, f.method])).toEqual([['shop/frontend', 'POST']]);
    const ambient = JSON.parse((await diff(noNs + ORDERS_FROM_FRONTEND, noNs + l7, '--format', 'json', '--dataplane', 'ambient')).stdout).behaviour;
    expect(ambient.newlyDenied.map((f: any) => [f.from, f.method])).toEqual([['shop/frontend', 'GET'], ['shop/frontend', 'POST']]);
  });

  test('no change: no behaviour computed, exit 0', async () => {
    const r = await diff(BASE, BASE, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).behaviour).toBeUndefined();
  });
});
