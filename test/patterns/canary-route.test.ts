import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { expectValid, find, ids, synth } from './util';
import { Gateway, GatewayTarget, LoadBalancer, LoadBalancerAlgorithm, Protocol, RetryOn } from '../../lib';
import { CanaryRoute, CanaryRouteProps } from '../../lib/patterns/canary-route';
import { readSample, withoutApiVersion } from '../networking/util';

function build(props: Partial<CanaryRouteProps> = {}) {
  const chart = Testing.chart();
  new CanaryRoute(chart, 'reviews', { host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, ...props });
  const objects = synth(chart);
  return { objects, dr: find(objects, 'DestinationRule', 'reviews'), vs: find(objects, 'VirtualService', 'reviews') };
}

/** The subsets a VirtualService routes or mirrors to. */
function routedSubsets(vs: any): string[] {
  return vs.spec.http.flatMap((r: any) => [...r.route.map((d: any) => d.destination.subset), ...(r.mirror ? [r.mirror.subset] : [])]);
}

describe('CanaryRoute', () => {
  test('reproduces Bookinfo: DestinationRule reviews with v1/v2/v3 and the 90/10 VirtualService', () => {
    const { objects } = build({ otherVersions: [{ name: 'v3' }], canaryWeight: 10 });
    const reviewsDr = readSample('bookinfo--networking--destination-rule-all.yaml').find((o) => o.metadata.name === 'reviews');
    const reviewsVs = readSample('bookinfo--networking--virtual-service-reviews-90-10.yaml')[0];
    expect(ids(objects)).toEqual(['DestinationRule/reviews', 'VirtualService/reviews']);
    expect(withoutApiVersion(find(objects, 'DestinationRule', 'reviews'))).toEqual(withoutApiVersion(reviewsDr));
    expect(withoutApiVersion(find(objects, 'VirtualService', 'reviews'))).toEqual(withoutApiVersion(reviewsVs));
    expectValid(objects);
  });

  test('property: for any weight, the weights add up to 100 and every routed subset exists in the DestinationRule', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.boolean(), fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      (canaryWeight, withOverride, mirrorPercent) => {
        const { dr, vs } = build({
          canaryWeight,
          mirrorPercent,
          otherVersions: [{ name: 'v3' }],
          mirrorVersion: mirrorPercent === undefined ? undefined : 'v3',
          override: withOverride ? { header: { name: 'x-canary', value: 'on' } } : undefined,
        });
        const weighted = vs.spec.http[vs.spec.http.length - 1].route;
        const defined = dr.spec.subsets.map((s: any) => s.name);
        return weighted.reduce((sum: number, d: any) => sum + d.weight, 0) === 100
          && weighted[1].weight === canaryWeight
          && routedSubsets(vs).every((s) => defined.includes(s));
      }));
  });

  test('a rollout plan gives the weight of its current step', () => {
    const { vs } = build({ rollout: { steps: [5, 25, 50, 100], step: 2 } });
    expect(vs.spec.http[0].route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['v1', 50], ['v2', 50]]);
  });

  test('header and cookie overrides route testers to the canary first', () => {
    const { objects, vs } = build({ canaryWeight: 0, override: { header: { name: 'X-Canary', value: 'always' }, cookie: { name: 'canary', value: 'yes' } } });
    expect(vs.spec.http[0]).toEqual({
      match: [{ headers: { 'x-canary': { exact: 'always' } } }, { headers: { cookie: { regex: '^(.*?;\\s*)?(canary=yes)(;.*)?$' } } }],
      route: [{ destination: { host: 'reviews', subset: 'v2' } }],
    });
    const cookieRe = new RegExp(vs.spec.http[0].match[1].headers.cookie.regex);
    expect(cookieRe.test('session=1; canary=yes')).toBe(true);
    expect(cookieRe.test('canary=yes')).toBe(true);
    expect(cookieRe.test('notcanary=yes')).toBe(false);
    expectValid(objects);
  });

  test('mirroring a share of ALL the route\'s requests: to the canary only while it has no weight (else it would get its own twice)', () => {
    const dark = build({ canaryWeight: 0, mirrorPercent: 10 }).vs.spec.http[0];
    expect(dark.mirror).toEqual({ host: 'reviews', subset: 'v2' });
    expect(dark.mirrorPercentage).toEqual({ value: 10 });
    expect(() => build({ canaryWeight: 10, mirrorPercent: 5 })).toThrow(
      /test\/reviews: mirrorPercent mirrors 5% of ALL the route's requests, including the canary's own 10%, to the canary.*mirrorVersion/);
    expect(() => build({ canaryWeight: 10, mirrorPercent: 5, mirrorVersion: 'v1' })).toThrow(/mirrorVersion 'v1' is the stable version/);
    expect(() => build({ canaryWeight: 10, mirrorPercent: 5, mirrorVersion: 'v9' })).toThrow(/v9/);
    expect(() => build({ mirrorVersion: 'v2' })).toThrow(/mirrorVersion is set without mirrorPercent/);
  });

  test('a pin to stable before the canary override, timeout and retries on every route, and sticky sessions within a version', () => {
    const { objects, dr, vs } = build({
      canaryWeight: 10,
      stableOverride: { header: { name: 'x-canary', value: 'never' } },
      override: { header: { name: 'x-canary', value: 'always' } },
      timeout: Duration.seconds(5),
      retries: { attempts: 2, retryOn: [RetryOn.CONNECT_FAILURE] },
      stickySession: LoadBalancer.consistentHashCookie({ name: 'session', ttl: Duration.hours(1) }),
    });
    const policy = { timeout: '5s', retries: { attempts: 2, retryOn: 'connect-failure' } };
    expect(vs.spec.http).toEqual([
      { match: [{ headers: { 'x-canary': { exact: 'never' } } }], route: [{ destination: { host: 'reviews', subset: 'v1' } }], ...policy },
      { match: [{ headers: { 'x-canary': { exact: 'always' } } }], route: [{ destination: { host: 'reviews', subset: 'v2' } }], ...policy },
      { route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }], ...policy },
    ]);
    expect(dr.spec.trafficPolicy).toEqual({ loadBalancer: { consistentHash: { httpCookie: { name: 'session', ttl: '3600s' } } } });
    expectValid(objects);
    expect(() => build({ stickySession: LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN) })).toThrow(/stickySession is not a consistent-hash/);
    expect(() => build({ stableOverride: { header: { name: 'x', value: '' } } })).toThrow(/stableOverride.header needs a non-empty name and value/);
  });

  test('mirroring, ports, workloads and an ingress gateway', () => {
    const chart = Testing.chart();
    const gateway = (name: string, namespace: string, port: number) => new Gateway(chart, name, {
      metadata: { name, namespace }, servers: [{ port: { number: port, protocol: Protocol.HTTP }, hosts: ['reviews.example.com'] }],
    });
    const v2 = { matchLabels: { app: 'reviews', track: 'canary' } };
    new CanaryRoute(chart, 'reviews', {
      host: 'reviews',
      namespace: 'shop',
      stable: { name: 'v1' },
      canary: { name: 'v2', workload: v2 },
      otherVersions: [{ name: 'v3' }],
      canaryWeight: 20,
      mirrorPercent: 50,
      mirrorVersion: 'v3',
      port: 9080,
      gateways: [gateway('public', 'istio-ingress', 80), gateway('internal', 'istio-system', 8080)],
      gatewayHosts: ['reviews.example.com'],
    });
    const objects = synth(chart);
    const dr = find(objects, 'DestinationRule', 'reviews');
    expect(dr.spec.subsets).toEqual([
      { name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { app: 'reviews', track: 'canary' } }, { name: 'v3', labels: { version: 'v3' } },
    ]);
    const vs = find(objects, 'VirtualService', 'reviews');
    expect(vs.spec).toEqual({
      hosts: ['reviews', 'reviews.example.com'],
      gateways: ['istio-ingress/public', 'istio-system/internal', 'mesh'],
      http: [{
        route: [
          { destination: { host: 'reviews', subset: 'v1', port: { number: 9080 } }, weight: 80 },
          { destination: { host: 'reviews', subset: 'v2', port: { number: 9080 } }, weight: 20 },
        ],
        mirror: { host: 'reviews', subset: 'v3', port: { number: 9080 } },
        mirrorPercentage: { value: 50 },
      }],
    });
    expectValid(objects);
  });

  test('invalid input fails with a clear error', () => {
    expect(() => build({ canaryWeight: 120 })).toThrow('test/reviews: canaryWeight is 120, it must be a whole percentage in 0..100.');
    expect(() => build({ canaryWeight: 12.5 })).toThrow(/canaryWeight is 12.5, it must be a whole percentage/);
    expect(() => build({ canaryWeight: -1 })).toThrow(/canaryWeight is -1/);
    expect(() => build({ mirrorPercent: 101 })).toThrow(/mirrorPercent is 101/);
    expect(() => build({ canaryWeight: 5, rollout: { steps: [5], step: 0 } })).toThrow(/canaryWeight and rollout are both set/);
    expect(() => build({ rollout: { steps: [5, 50, 25], step: 0 } })).toThrow(/rollout.steps must ascend/);
    expect(() => build({ rollout: { steps: [5, 50], step: 2 } })).toThrow(/rollout.step is 2, it must be an index into rollout.steps \(0..1\)/);
    expect(() => build({ canary: { name: 'v1' } })).toThrow(/already has a subset named 'v1'/);
    expect(() => build({ gateways: [GatewayTarget.fromName('gw')] })).toThrow(/gatewayHosts is empty/);
    expect(() => build({ override: { cookie: { name: 'canary', value: '' } } })).toThrow(/override.cookie needs a non-empty name and value/);
  });
});
