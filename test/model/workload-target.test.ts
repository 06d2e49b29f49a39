import * as fc from 'fast-check';
import { app, model, ns, policy } from './helpers';
import { Decision, targetText } from '../../lib/model';

// A destination named by its pods (WorkloadTarget) is what a pattern that knows only a selector asks about.
const BASE = [ns('shop'), app('shop', 'orders'), app('shop', 'frontend')];

describe('access to workloads by namespace and labels', () => {
  test('the workload port is what authorization ports match: 8080 (the Service maps 80 to it)', () => {
    const m = model([...BASE, policy('shop', 'orders', { selector: { matchLabels: { app: 'orders' } }, rules: [{ to: [{ operation: { ports: ['8080'] } }] }] })]);
    expect(m.access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'orders' }, port: 8080 } }).decision).toBe(Decision.ALLOW);
    expect(m.access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'orders' }, port: 9090 } }).decision).toBe(Decision.DENY);
    // Default port: the workload's first container port.
    expect(m.access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'orders' } } }).decision).toBe(Decision.ALLOW);
  });

  test('without labels: every workload of the namespace, and one denying denies', () => {
    const m = model([...BASE, policy('shop', 'orders-deny', { selector: { matchLabels: { app: 'orders' } }, action: 'DENY', rules: [{}] })]);
    const r = m.access({ from: 'shop/frontend', to: { namespace: 'shop' } });
    expect([r.decision, r.policy]).toEqual([Decision.DENY, 'shop/orders-deny']);
  });

  test('no workload defined: a pod carrying the labels (a pattern\'s output alone)', () => {
    const m = model([ns('shop'), policy('shop', 'allow-nothing', {}), policy('shop', 'frontend', {
      selector: { matchLabels: { app: 'orders' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }] }],
    }), 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: frontend, namespace: shop}\n']);
    expect(m.access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'orders' }, port: 8080 } }).decision).toBe(Decision.ALLOW);
    expect(m.access({ from: 'shop/frontend', to: { namespace: 'shop', labels: { app: 'reviews' }, port: 8080 } }).policy).toBe('shop/allow-nothing');
    expect(m.access({ from: 'anonymous', to: { namespace: 'shop', labels: { app: 'orders' } } }).decision).toBe(Decision.DENY);
  });

  test('a workload target as text', () => {
    expect(targetText({ namespace: 'shop', labels: { app: 'orders' }, port: 8080 })).toBe('shop/{app=orders}:8080');
    expect(targetText({ namespace: 'shop' })).toBe('shop/{*}');
    expect(targetText('shop/orders:80')).toBe('shop/orders:80');
  });

  test('property: a Service port and the workload port behind it get the same answer', () => {
    const rule = fc.record({
      from: fc.constantFrom(undefined, [{ source: { principals: ['cluster.local/ns/shop/sa/frontend'] } }], [{ source: { namespaces: ['other'] } }]),
      to: fc.constantFrom(undefined, [{ operation: { ports: ['8080'] } }], [{ operation: { ports: ['80'] } }], [{ operation: { methods: ['GET'], paths: ['/a/*'] } }]),
    }).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
    const spec = fc.record({ action: fc.constantFrom('ALLOW', 'DENY'), rules: fc.array(rule, { maxLength: 2 }) });
    fc.assert(fc.property(fc.array(spec, { maxLength: 3 }), fc.constantFrom('shop/frontend', 'anonymous'), fc.constantFrom('GET', 'POST'), fc.constantFrom('/', '/a/b'),
      (specs, from, method, path) => {
        const m = model([...BASE, ...specs.map((s, i) => policy('shop', `p${i}`, { selector: { matchLabels: { app: 'orders' } }, ...s }))], { skipInvalid: false });
        const viaService = m.access({ from, to: 'shop/orders:80', method, path });
        const viaWorkload = m.access({ from, to: { namespace: 'shop', labels: { app: 'orders' }, port: 8080 }, method, path });
        return viaService.decision === viaWorkload.decision && viaService.policy === viaWorkload.policy && viaService.status === viaWorkload.status;
      }), { numRuns: 60 });
  });
});
