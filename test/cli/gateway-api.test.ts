import * as path from 'path';
import { run, writeFiles } from './helpers';

const TCP_ROUTE = `apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata:
  name: db
  namespace: shop
spec:
  parentRefs: [{name: gw, sectionName: tcp}]
  rules:
  - backendRefs: [{name: db, port: 5432}]
`;

const BAD_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: cart
  namespace: shop
spec:
  rules:
  - backendRefs:
    - name: cart
`;

describe('cdk8s-istio validate on Gateway API objects', () => {
  test('a CRD rule fails with the field\'s line', async () => {
    const dir = writeFiles({ 'route.yaml': BAD_ROUTE });
    const r = await run('validate', path.join(dir, 'route.yaml'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path.join(dir, 'route.yaml')}:9 HTTPRoute/shop/cart [error CIS1011] spec.rules[0].backendRefs[0]: Must have port for Service reference`);
    expect(r.stdout).toContain('1 Istio object checked, 0 other documents skipped, 1 error');
  });

  test('--gateway-api-channel: an experimental kind fails on standard (the default) and passes on experimental', async () => {
    const dir = writeFiles({ 'tcp.yaml': TCP_ROUTE });
    const file = path.join(dir, 'tcp.yaml');
    const standard = await run('validate', file);
    expect(standard.code).toBe(1);
    expect(standard.stdout).toContain('[error CIS1016] apiVersion: TCPRoute gateway.networking.k8s.io/v1alpha2 is only served by the Gateway API experimental channel');
    expect(await run('validate', '--gateway-api-channel', 'experimental', file)).toEqual(expect.objectContaining({ code: 0 }));
  });

  test('a bad channel is a usage error', async () => {
    const r = await run('validate', '--gateway-api-channel', 'beta', 'x.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown Gateway API channel \'beta\': use standard or experimental.');
  });
});
