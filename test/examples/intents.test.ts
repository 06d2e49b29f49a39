import { App } from 'cdk8s';
import { EXAMPLES } from '../../examples';
import { buildPlatform } from '../../examples/platform/platform';
import { MeshIntent } from '../../lib';
import { IstioChecks } from '../../lib/checks';

// Issue 14: the examples are behaviourally right and say so: each declares its intents (reachable from ingress where
// it serves users, the intended callers), they hold (no CIS5017), and no other behaviour check (CIS50xx) fires.
const apps: Array<[string, () => App, number]> = [
  ...EXAMPLES.map((e): [string, () => App, number] => [e.name, e.app, 1]),
  ['platform', () => {
    const app = new App();
    buildPlatform(app, {});
    return app;
  }, 0],
];

describe.each(apps)('example %s', (_name, build, minIntents) => {
  test('declares its intents, they hold, and no CIS50xx finding', () => {
    const app = build();
    expect(MeshIntent.of(app).length).toBeGreaterThanOrEqual(minIntents);
    const findings = IstioChecks.findings(app).filter((f) => /^CIS50\d\d$/.test(f.code) && !f.suppressedBy);
    expect(findings.map((f) => `${f.code} ${f.constructPath}: ${f.message}`)).toEqual([]);
  });
});

test('the patterns example promises the shop\'s flows, and the ambient Bookinfo the token through its waypoint', () => {
  const paths = (name: string) => MeshIntent.of(EXAMPLES.find((e) => e.name === name)!.app()).map((i) => i.node.path);
  expect(paths('patterns')).toEqual(expect.arrayContaining([
    'ingress/shop/reachable-intent', 'jwt/orders/no-token-denied-intent', 'jwt/orders/claim-rule-1-allowed-intent',
    'strict-mtls/payments/plaintext-denied-intent', 'zero-trust/mesh/Allow-shop-ingress-to-api-intent',
  ]));
  expect(paths('bookinfo-ambient')).toEqual(expect.arrayContaining([
    'bookinfo/users-reach-productpage', 'bookinfo/productpage-calls-reviews', 'bookinfo/reviews-jwt/no-token-denied-intent',
  ]));
});
