import * as fs from 'fs';
import * as path from 'path';
import { run, writeFiles } from './helpers';

const SHOP = fs.readFileSync(path.join(__dirname, '..', 'model', 'scenarios', '10-shop.yaml'), 'utf8');

describe('cdk8s-istio explain', () => {
  test('access: text names the decision, the deciding policy and rule, and why', async () => {
    const dir = writeFiles({ 'shop.yaml': SHOP });
    const r = await run('explain', 'access', '--from', 'shop/frontend', '--to', 'shop/orders:8080', '--method', 'POST', '--path', '/api/orders', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^shop\/frontend -> shop\/orders:8080 POST \/api\/orders: ALLOW \(200\)\n  policy: shop\/orders-frontend-only rule 0\n  why: /);
  });

  test('access --format json with a token and claims', async () => {
    const dir = writeFiles({ 'shop.yaml': SHOP });
    const r = await run('explain', 'access', '--from', 'shop/reviews', '--to', 'shop/orders:8080', '--method', 'DELETE', '--path', '/api/orders',
      '--jwt-issuer', 'https://auth.shop.example', '--jwt-subject', 'user-1', '--jwt-claim', 'groups=["a"]', '--format', 'json', dir);
    expect(r.code).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(Object.keys(line)).toEqual(['index', 'decision', 'policy', 'reason']);
    expect(line).toMatchObject({ index: 0, decision: 'ALLOW', policy: 'shop/orders-require-jwt' });
  });

  test('route: JSON keys and fully qualified hosts', async () => {
    const dir = writeFiles({
      'shop.yaml': SHOP,
      'vs.yaml': 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: orders, namespace: shop}\n'
      + 'spec: {hosts: [orders], http: [{route: [{destination: {host: orders, subset: v1}, weight: 90}, {destination: {host: orders, subset: v2}, weight: 10}]}]}\n',
    });
    const r = await run('explain', 'route', '--from', 'shop/frontend', '--host', 'orders', '--port', '8080', '--format', 'json', dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      index: 0,
      virtualService: 'shop/orders',
      destinations: [
        { host: 'orders.shop.svc.cluster.local', subset: 'v1', port: null, weight: 90 },
        { host: 'orders.shop.svc.cluster.local', subset: 'v2', port: null, weight: 10 },
      ],
    });
  });

  // An extension of issue 13's contract: `explain tls` and `"kind": "tls"` in --requests (existing keys unchanged).
  test('tls: text and JSON say whether the peer is verified and by which names', async () => {
    const dir = writeFiles({ 'shop.yaml': SHOP });
    const text = await run('explain', 'tls', '--from', 'shop/frontend', '--host', 'orders', '--port', '8080', dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^shop\/frontend -> orders:8080: ISTIO_MUTUAL \(auto\), peer verified\n  names: spiffe:\/\/cluster.local\/ns\/shop\/sa\/orders\n/);
    const requests = path.join(writeFiles({ 'q.json': JSON.stringify([{ kind: 'tls', from: 'shop/frontend', host: 'orders', port: 8080 }]) }), 'q.json');
    const json = await run('explain', '--requests', requests, '--format', 'json', dir);
    expect(json.code).toBe(0);
    expect(Object.keys(JSON.parse(json.stdout))).toEqual(['index', 'mode', 'verified', 'subjectAltNames', 'sni', 'trustedCa', 'destinationRule', 'reason']);
    const bad = await run('explain', 'tls', '--from', 'shop/frontend', '--host', 'orders', '--path', '/', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('explain tls does not take --path');
  });

  test('--requests: one line per request in order; an unknown service account exits 2 listing the known ones, the rest still answered', async () => {
    const requests = [
      { kind: 'access', from: 'shop/nobody', to: 'shop/orders:8080' },
      { kind: 'route', from: 'shop/frontend', host: 'orders', port: 8080 },
      { kind: 'access', from: 'anonymous', to: 'shop/orders:8080' },
    ];
    const dir = writeFiles({ 'shop.yaml': SHOP, 'requests.json': JSON.stringify(requests) });
    const r = await run('explain', '--requests', path.join(dir, 'requests.json'), '--format', 'json', path.join(dir, 'shop.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/request 0: unknown service account "shop\/nobody"; known: shop\/frontend, shop\/orders, shop\/reviews/);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.index)).toEqual([0, 1, 2]);
    expect(lines[1]).toEqual({ index: 1, virtualService: null, destinations: [] });
    expect(lines[2]).toMatchObject({ decision: 'DENY', policy: 'shop/default' });
  });

  test('unknown gateway and service exit 2', async () => {
    const dir = writeFiles({ 'shop.yaml': SHOP });
    const gw = await run('explain', 'route', '--from', 'gateway:istio-system/nope', '--host', 'x', dir);
    expect(gw.code).toBe(2);
    expect(gw.stderr).toMatch(/unknown gateway "istio-system\/nope"; known: \(none\)/);
    const svc = await run('explain', 'access', '--from', 'shop/frontend', '--to', 'shop/payments:80', dir);
    expect(svc.code).toBe(2);
    expect(svc.stderr).toMatch(/unknown service "shop\/payments"; known: shop\/frontend, shop\/orders/);
  });

  test('usage, I/O and YAML errors exit 2; objects with errors are skipped with a note', async () => {
    const dir = writeFiles({ 'bad.yaml': 'a: [', 'shop.yaml': `${SHOP}---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: bad, namespace: shop}\nspec: {action: SOMETIMES}\n` });
    expect((await run('explain')).code).toBe(2);
    expect((await run('explain', 'access', '--to', 'shop/orders:8080', dir)).stderr).toMatch(/needs --from/);
    expect((await run('explain', 'access', '--from', 'a/b', '--to', 'shop/orders:8080', '--format', 'yaml', dir)).code).toBe(2);
    expect((await run('explain', '--requests', path.join(dir, 'missing.json'), dir)).code).toBe(2);
    expect((await run('explain', 'access', '--from', 'shop/frontend', '--to', 'shop/orders:8080', path.join(dir, 'bad.yaml'))).code).toBe(2);
    const r = await run('explain', 'access', '--from', 'shop/frontend', '--to', 'shop/orders:8080', '--path', '/api', path.join(dir, 'shop.yaml'));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: AuthorizationPolicy shop\/bad: skipped: Istio rejects it/);
    expect((await run('explain', '--help')).code).toBe(0);
  });
});
