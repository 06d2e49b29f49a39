import * as fs from 'fs';
import { Chart, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { newChart, readSample, SAMPLES_DIR, synth, withoutApiVersion } from './util';
import { expectNoErrors } from './validate';
import {
  ClientTls, Destination, DestinationRule, Gateway, LoadBalancer, LoadBalancerAlgorithm, Protocol,
  ServiceEntry, ServiceEntryResolution, StringMatch, Subset, TrafficPolicy, VirtualService,
} from '../../lib';

// Every Istio object of Istio 1.30.3's `samples/bookinfo/networking/*.yaml`, written with L2.
// GIVEN the L2 code below, WHEN synthesized, THEN each object deep-equals the sample's (key order
// and apiVersion aside).

const BOOKINFO_SUBSETS: Record<string, string[]> = {
  productpage: ['v1'],
  reviews: ['v1', 'v2', 'v3'],
  ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
  details: ['v1', 'v2'],
};

/** Bookinfo's DestinationRules (destination-rule-all.yaml), optionally with a traffic policy on each. */
function bookinfoRules(chart: Chart, trafficPolicy?: TrafficPolicy): Record<string, DestinationRule> {
  const rules: Record<string, DestinationRule> = {};
  for (const [host, versions] of Object.entries(BOOKINFO_SUBSETS)) {
    rules[host] = new DestinationRule(chart, `${host}-dr`, {
      metadata: { name: host },
      host,
      trafficPolicy,
      subsets: versions.map((v) => ({ name: v, labels: { version: v } })),
    });
  }
  return rules;
}

/** A VirtualService sending everything for `host` to one subset. */
function allTo(chart: Chart, subset: Subset): VirtualService {
  const host = subset.destinationRule.host;
  return new VirtualService(chart, `${host}-vs`, {
    metadata: { name: host },
    hosts: [host],
    http: [{ route: [{ destination: subset }] }],
  });
}

/** A VirtualService splitting `host` between two subsets. */
function split(chart: Chart, a: [Subset, number], b: [Subset, number]): VirtualService {
  const host = a[0].destinationRule.host;
  return new VirtualService(chart, `${host}-vs`, {
    metadata: { name: host },
    hosts: [host],
    http: [{ route: [{ destination: a[0], weight: a[1] }, { destination: b[0], weight: b[1] }] }],
  });
}

/** The jason-vs-everyone-else pattern: requests with `end-user: jason` go to one subset, the rest to another. */
function jason(chart: Chart, forJason: Subset, others: Subset): VirtualService {
  const host = forJason.destinationRule.host;
  return new VirtualService(chart, `${host}-vs`, {
    metadata: { name: host },
    hosts: [host],
    http: [
      { match: [{ headers: { 'end-user': StringMatch.exact('jason') } }], route: [{ destination: forJason }] },
      { route: [{ destination: others }] },
    ],
  });
}

/** Builds a sample in `chart`; `rules()` gives Bookinfo's DestinationRules, in a chart of their own in the same app. */
type Builder = (chart: Chart, rules: () => Record<string, DestinationRule>) => void;

const CASES: Record<string, Builder> = {
  'bookinfo--networking--bookinfo-gateway.yaml': (chart) => {
    const gateway = new Gateway(chart, 'gw', {
      metadata: { name: 'bookinfo-gateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: Protocol.HTTP }, hosts: ['*'] }],
    });
    new VirtualService(chart, 'vs', {
      metadata: { name: 'bookinfo' },
      hosts: ['*'],
      gateways: [gateway],
      http: [{
        match: [
          { uri: StringMatch.exact('/productpage') },
          { uri: StringMatch.prefix('/static') },
          { uri: StringMatch.exact('/login') },
          { uri: StringMatch.exact('/logout') },
          { uri: StringMatch.prefix('/api/v1/products') },
        ],
        route: [{ destination: Destination.host('productpage', { port: 9080 }) }],
      }],
    });
  },

  'bookinfo--networking--certmanager-gateway.yaml': (chart) => {
    const gateway = new Gateway(chart, 'gw', {
      metadata: { name: 'cert-manager-gateway', namespace: 'istio-system' },
      servers: [{ port: { number: 80, name: 'http', protocol: Protocol.HTTP }, hosts: ['*'] }],
    });
    new VirtualService(chart, 'vs', {
      metadata: { name: 'cert-manager', namespace: 'istio-system' },
      hosts: ['*'],
      gateways: [gateway],
      http: [{
        match: [{ uri: StringMatch.prefix('/.well-known/acme-challenge/') }],
        route: [{ destination: Destination.host('cert-manager-resolver', { port: 8089 }) }],
      }],
    });
  },

  'bookinfo--networking--destination-rule-all.yaml': (chart) => {
    bookinfoRules(chart);
  },

  'bookinfo--networking--destination-rule-all-mtls.yaml': (chart) => {
    bookinfoRules(chart, { tls: ClientTls.istioMutual() });
  },

  'bookinfo--networking--destination-rule-reviews.yaml': (chart) => {
    new DestinationRule(chart, 'reviews', {
      metadata: { name: 'reviews' },
      host: 'reviews',
      trafficPolicy: { loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.RANDOM) },
      subsets: ['v1', 'v2', 'v3'].map((v) => ({ name: v, labels: { version: v } })),
    });
  },

  'bookinfo--networking--egress-rule-google-apis.yaml': (chart) => {
    const googleapis = new ServiceEntry(chart, 'se', {
      metadata: { name: 'googleapis' },
      hosts: ['www.googleapis.com'],
      ports: [
        { number: 80, name: 'http', protocol: Protocol.HTTP },
        { number: 443, name: 'https', protocol: Protocol.HTTPS },
      ],
      resolution: ServiceEntryResolution.DNS,
    });
    const host = googleapis.hosts[0];
    new VirtualService(chart, 'vs', {
      metadata: { name: 'rewrite-port-for-googleapis' },
      hosts: [host],
      http: [{ match: [{ port: 80 }], route: [{ destination: Destination.host(host, { port: 443 }) }] }],
    });
    new DestinationRule(chart, 'dr', {
      metadata: { name: 'originate-tls-for-googleapis' },
      host,
      trafficPolicy: {
        loadBalancer: LoadBalancer.simple(LoadBalancerAlgorithm.ROUND_ROBIN),
        portLevelSettings: [{ port: 443, tls: ClientTls.simple() }],
      },
    });
  },

  'bookinfo--networking--fault-injection-details-v1.yaml': (chart) => {
    // The sample lists the VirtualService first: reserve its place in the chart before the rule.
    const first = new Construct(chart, 'first');
    const details = new DestinationRule(chart, 'dr', { metadata: { name: 'details' }, host: 'details' });
    const v1 = details.addSubset({ name: 'v1', labels: { version: 'v1' } });
    new VirtualService(first, 'vs', {
      metadata: { name: 'details' },
      hosts: ['details'],
      http: [
        { fault: { abort: { httpStatus: 555, percentage: 100 } }, route: [{ destination: v1 }] },
        { route: [{ destination: v1 }] },
      ],
    });
  },

  'bookinfo--networking--virtual-service-all-v1.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    for (const host of ['productpage', 'reviews', 'ratings', 'details']) allTo(chart, rules[host].subset('v1'));
  },

  'bookinfo--networking--virtual-service-details-v2.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    allTo(chart, rules.details.subset('v2'));
  },

  'bookinfo--networking--virtual-service-ratings-db.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    allTo(chart, rules.reviews.subset('v3'));
    allTo(chart, rules.ratings.subset('v2'));
  },

  'bookinfo--networking--virtual-service-ratings-mysql-vm.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    allTo(chart, rules.reviews.subset('v3'));
    allTo(chart, rules.ratings.subset('v2-mysql-vm'));
  },

  'bookinfo--networking--virtual-service-ratings-mysql.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    allTo(chart, rules.reviews.subset('v3'));
    allTo(chart, rules.ratings.subset('v2-mysql'));
  },

  'bookinfo--networking--virtual-service-ratings-test-abort.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    const v1 = rules.ratings.subset('v1');
    new VirtualService(chart, 'vs', {
      metadata: { name: 'ratings' },
      hosts: ['ratings'],
      http: [
        {
          match: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
          fault: { abort: { httpStatus: 500, percentage: 100 } },
          route: [{ destination: v1 }],
        },
        { route: [{ destination: v1 }] },
      ],
    });
  },

  'bookinfo--networking--virtual-service-ratings-test-delay.yaml': (chart, bookinfo) => {
    const rules = bookinfo();
    const v1 = rules.ratings.subset('v1');
    new VirtualService(chart, 'vs', {
      metadata: { name: 'ratings' },
      hosts: ['ratings'],
      http: [
        {
          match: [{ headers: { 'end-user': StringMatch.exact('jason') } }],
          fault: { delay: { fixedDelay: Duration.seconds(7), percentage: 100 } },
          route: [{ destination: v1 }],
        },
        { route: [{ destination: v1 }] },
      ],
    });
  },

  'bookinfo--networking--virtual-service-reviews-50-v3.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    split(chart, [reviews.subset('v1'), 50], [reviews.subset('v3'), 50]);
  },

  'bookinfo--networking--virtual-service-reviews-80-20.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    split(chart, [reviews.subset('v1'), 80], [reviews.subset('v2'), 20]);
  },

  'bookinfo--networking--virtual-service-reviews-90-10.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    split(chart, [reviews.subset('v1'), 90], [reviews.subset('v2'), 10]);
  },

  'bookinfo--networking--virtual-service-reviews-jason-v2-v3.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    jason(chart, reviews.subset('v2'), reviews.subset('v3'));
  },

  'bookinfo--networking--virtual-service-reviews-test-v2.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    jason(chart, reviews.subset('v2'), reviews.subset('v1'));
  },

  'bookinfo--networking--virtual-service-reviews-v2-v3.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    split(chart, [reviews.subset('v2'), 50], [reviews.subset('v3'), 50]);
  },

  'bookinfo--networking--virtual-service-reviews-v3.yaml': (chart, bookinfo) => {
    const { reviews } = bookinfo();
    allTo(chart, reviews.subset('v3'));
  },
};

describe('Bookinfo networking samples written with L2', () => {
  test.each(Object.keys(CASES))('%s', (file) => {
    // GIVEN an app, where the DestinationRules of destination-rule-all.yaml live in a chart of their
    // own when the sample routes to their subsets (so the app's cross-resource checks see them)
    const chart = newChart();
    let rules: Record<string, DestinationRule> | undefined;
    const bookinfo = () => (rules ??= bookinfoRules(new Chart(chart.node.root as Construct, 'rules')));

    // WHEN the sample is written with L2 and synthesized
    CASES[file](chart, bookinfo);
    const objects = synth(chart);

    // THEN it is the sample, object by object, and our checks find no error
    expect(objects.map(withoutApiVersion)).toEqual(readSample(file).map(withoutApiVersion));
    expect(objects.every((o) => o.apiVersion === 'networking.istio.io/v1')).toBe(true);
    expectNoErrors(objects);
  });

  test('covers every bookinfo networking sample', () => {
    const files = fs.readdirSync(SAMPLES_DIR).filter((f) => f.startsWith('bookinfo--networking--'));
    expect(Object.keys(CASES).sort()).toEqual(files.sort());
  });
});
