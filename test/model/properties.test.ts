import * as fc from 'fast-check';
import { app, model, ns, policy } from './helpers';
import { AccessRequest, Decision } from '../../lib/model';

const BASE = [ns('shop'), app('shop', 'orders'), app('shop', 'frontend'), ns('legacy', {}), app('legacy', 'client')];

const source = fc.oneof(
  fc.record({ principals: fc.subarray(['cluster.local/ns/shop/sa/frontend', 'cluster.local/ns/shop/*', '*'], { minLength: 1 }) }),
  fc.record({ namespaces: fc.subarray(['shop', 'legacy'], { minLength: 1 }) }),
  fc.record({ notPrincipals: fc.subarray(['cluster.local/ns/shop/sa/orders'], { minLength: 1 }) }),
);
const operation = fc.oneof(
  fc.record({ methods: fc.subarray(['GET', 'POST', 'DELETE'], { minLength: 1 }) }),
  fc.record({ paths: fc.subarray(['/a', '/b/*', '*'], { minLength: 1 }) }),
  fc.record({ ports: fc.subarray(['8080', '9090'], { minLength: 1 }) }),
);
const rule = fc.record({
  from: fc.option(fc.array(fc.record({ source }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  to: fc.option(fc.array(fc.record({ operation }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
}).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));
const spec = (action: 'ALLOW' | 'DENY') => fc.record({
  selector: fc.option(fc.constantFrom({ matchLabels: { app: 'orders' } }, { matchLabels: { app: 'frontend' } }), { nil: undefined }),
  rules: fc.array(rule, { maxLength: 2 }),
}).map((s) => ({ action, ...Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) }));
const request: fc.Arbitrary<AccessRequest> = fc.record({
  from: fc.constantFrom('shop/frontend', 'shop/orders', 'legacy/client', 'anonymous'),
  to: fc.constantFrom('shop/orders:80', 'shop/frontend:80'),
  method: fc.constantFrom('GET', 'POST', 'DELETE'),
  path: fc.constantFrom('/a', '/b/c', '/'),
});

const docsOf = (specs: object[], prefix: string) => specs.map((s, i) => policy('shop', `${prefix}-${i}`, s));
const RUNS = { numRuns: 60 };

describe('properties of the access model', () => {
  test('adding a DENY policy never turns a DENY into an ALLOW', () => {
    fc.assert(fc.property(fc.array(fc.oneof(spec('ALLOW'), spec('DENY')), { maxLength: 3 }), spec('DENY'), request, (existing, extra, req) => {
      const before = model([...BASE, ...docsOf(existing, 'p')], { skipInvalid: false }).access(req);
      const after = model([...BASE, ...docsOf(existing, 'p'), ...docsOf([extra], 'extra')], { skipInvalid: false }).access(req);
      return before.decision === Decision.ALLOW || after.decision === Decision.DENY;
    }), RUNS);
  });

  test('adding an ALLOW policy to a workload without one never widens access', () => {
    fc.assert(fc.property(fc.array(spec('DENY'), { maxLength: 2 }), spec('ALLOW'), request, (denies, extra, req) => {
      const before = model([...BASE, ...docsOf(denies, 'd')], { skipInvalid: false }).access(req);
      const after = model([...BASE, ...docsOf(denies, 'd'), ...docsOf([extra], 'a')], { skipInvalid: false }).access(req);
      return before.decision === Decision.ALLOW || after.decision === Decision.DENY;
    }), RUNS);
  });

  test('a STRICT mesh never allows a caller without a proxy', () => {
    const strict = policy('istio-system', 'default', { mtls: { mode: 'STRICT' } }, 'PeerAuthentication');
    fc.assert(fc.property(fc.array(fc.oneof(spec('ALLOW'), spec('DENY')), { maxLength: 3 }), request, (specs, req) => {
      const r = model([...BASE, strict, ...docsOf(specs, 'p')], { skipInvalid: false }).access({ ...req, from: 'legacy/client' });
      return r.decision === Decision.DENY;
    }), RUNS);
  });
});

describe('properties of the route model', () => {
  test('weights that sum to 100 still sum to 100, without zero weights, in order', () => {
    const weights = fc.array(fc.nat(100), { minLength: 1, maxLength: 5 }).filter((w) => w.reduce((a, b) => a + b, 0) === 100 || w.length === 1);
    fc.assert(fc.property(weights, (ws) => {
      const vs = policy('shop', 'orders', { hosts: ['orders'], http: [{ route: ws.map((w, i) => ({ destination: { host: 'orders', subset: `s${i}` }, weight: w })) }] }, 'VirtualService');
      const r = model([...BASE, vs], { skipInvalid: false }).route({ from: 'shop/frontend', host: 'orders' });
      const total = r.destinations.reduce((a, d) => a + d.weight, 0);
      const expected = ws.length === 1 ? ['s0'] : ws.map((w, i) => (w > 0 ? `s${i}` : undefined)).filter((s) => s);
      const subsets = r.destinations.map((d) => d.subset);
      return total === 100 && r.destinations.every((d) => d.weight > 0) && JSON.stringify(subsets) === JSON.stringify(expected);
    }), RUNS);
  });
});
