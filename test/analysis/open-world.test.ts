import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { IstioSettings, l1 } from '../../lib';
import { analyze } from '../../lib/analysis';
import { IstioChecks } from '../../lib/checks';
import { Finding } from '../../lib/vocab/finding';
import { KubeObject } from '../../lib/vocab/object';

const meta = (name: string, namespace: string, labels?: Record<string, string>) => ({ name, namespace, ...(labels ? { labels } : {}) });
const service = (name: string, namespace: string, port = 8080): KubeObject => ({
  apiVersion: 'v1', kind: 'Service', metadata: meta(name, namespace), spec: { selector: { app: name }, ports: [{ name: 'http', port }] },
});
const deployment = (name: string, namespace: string, labels: Record<string, string>): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta(name, namespace),
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app' }] } } },
});
const gateway = (name: string, namespace: string, selector: Record<string, string>, server: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'Gateway',
  metadata: meta(name, namespace),
  spec: { selector, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], ...server }] },
});
const virtualService = (name: string, namespace: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta(name, namespace), spec: { hosts: [`${name}.example.com`], ...spec },
});
const route = (destination: Record<string, unknown>) => ({ http: [{ route: [{ destination }] }] });
const destinationRule = (name: string, namespace: string, host: string, subsets: Array<[string, string]>): KubeObject => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'DestinationRule',
  metadata: meta(name, namespace),
  spec: { host, subsets: subsets.map(([n, version]) => ({ name: n, labels: { version } })) },
});
const policy = (name: string, namespace: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(name, namespace), spec,
});
const secret = (name: string, namespace: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: meta(name, namespace), type: 'kubernetes.io/tls' });
const namespaceObject = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });

/** One kind of reference: the object holding it, and the finding (code and path) a missing target gives. */
interface ReferenceCase {
  readonly reference: string;
  readonly code: string;
  readonly path: string;
  readonly referrer: readonly KubeObject[];
  /** Objects of the set that do not make the target's kind and namespace part of it (the target is someone else's). */
  readonly elsewhere: readonly KubeObject[];
  /** Objects of the target's kind in the target's namespace, but not the target itself. */
  readonly sameNamespace: readonly KubeObject[];
}

const CASES: readonly ReferenceCase[] = [
  {
    reference: 'VirtualService gateway istio-system/public',
    code: 'IST0101',
    path: 'spec.gateways[0]',
    referrer: [virtualService('web', 'bookinfo', { gateways: ['istio-system/public'], ...route({ host: 'web' }) })],
    elsewhere: [gateway('public', 'bookinfo', { istio: 'ingressgateway' })],
    sameNamespace: [gateway('private', 'istio-system', { istio: 'ingressgateway' })],
  },
  {
    reference: 'VirtualService short host ratings',
    code: 'IST0101',
    path: 'spec.http[0].route[0].destination.host',
    referrer: [virtualService('web', 'bookinfo', route({ host: 'ratings' }))],
    elsewhere: [service('ratings', 'other')],
    sameNamespace: [service('reviews', 'bookinfo')],
  },
  {
    reference: 'VirtualService mirror to a cluster-local host of another namespace',
    code: 'IST0101',
    path: 'spec.http[0].mirror.host',
    referrer: [virtualService('web', 'bookinfo', { http: [{ route: [{ destination: { host: 'web' } }], mirror: { host: 'shadow.test.svc.cluster.local' } }] }),
      service('web', 'bookinfo')],
    elsewhere: [service('shadow', 'bookinfo')],
    sameNamespace: [service('other', 'test')],
  },
  {
    reference: 'VirtualService subset ratings+v1',
    code: 'IST0101',
    path: 'spec.http[0].route[0].destination.subset',
    referrer: [virtualService('web', 'bookinfo', route({ host: 'ratings', subset: 'v1' }))],
    elsewhere: [destinationRule('reviews', 'bookinfo', 'reviews', [['v1', 'v1']])],
    sameNamespace: [destinationRule('ratings', 'bookinfo', 'ratings', [['v2', 'v2']])],
  },
  {
    reference: 'DestinationRule host (IST0174)',
    code: 'IST0174',
    path: 'spec.host',
    referrer: [destinationRule('ratings', 'bookinfo', 'ratings', [])],
    elsewhere: [service('ratings', 'other')],
    sameNamespace: [service('reviews', 'bookinfo')],
  },
  {
    reference: 'DestinationRule subset pods (IST0173)',
    code: 'IST0173',
    path: 'spec.subsets[0].labels',
    referrer: [destinationRule('ratings', 'bookinfo', 'ratings', [['v1', 'v1']]), service('ratings', 'bookinfo')],
    elsewhere: [deployment('ratings-v1', 'other', { app: 'ratings', version: 'v0' })],
    sameNamespace: [deployment('ratings-v2', 'bookinfo', { app: 'ratings', version: 'v2' })],
  },
  {
    reference: 'AuthorizationPolicy selector (IST0127)',
    code: 'IST0127',
    path: 'spec.selector',
    referrer: [policy('ratings', 'bookinfo', { selector: { matchLabels: { app: 'ratings' } }, action: 'DENY', rules: [{}] })],
    elsewhere: [deployment('ratings', 'other', { app: 'ratings' })],
    sameNamespace: [deployment('reviews', 'bookinfo', { app: 'reviews' })],
  },
  {
    reference: 'Sidecar workload selector',
    code: 'IST0101',
    path: 'spec.workloadSelector.labels',
    referrer: [{
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: meta('ratings', 'bookinfo'),
      spec: { workloadSelector: { labels: { app: 'ratings' } }, egress: [{ hosts: ['./*'] }] },
    }],
    elsewhere: [deployment('ratings', 'other', { app: 'ratings' })],
    sameNamespace: [deployment('reviews', 'bookinfo', { app: 'reviews' })],
  },
  {
    reference: 'Telemetry selector',
    code: 'IST0101',
    path: 'spec.selector.matchLabels',
    referrer: [{
      apiVersion: 'telemetry.istio.io/v1',
      kind: 'Telemetry',
      metadata: meta('ratings', 'bookinfo'),
      spec: { selector: { matchLabels: { app: 'ratings' } }, tracing: [{ randomSamplingPercentage: 10 }] },
    }],
    elsewhere: [deployment('ratings', 'other', { app: 'ratings' })],
    sameNamespace: [deployment('reviews', 'bookinfo', { app: 'reviews' })],
  },
  {
    reference: "Gateway port on its pods' Service (IST0162)",
    code: 'IST0162',
    path: 'spec.servers[0].port.number',
    referrer: [gateway('edge', 'edge', { app: 'edge' }), deployment('edge', 'edge', { app: 'edge' })],
    elsewhere: [service('other', 'bookinfo', 80)],
    sameNamespace: [service('edge', 'edge', 8443)],
  },
  {
    reference: 'Gateway credentialName',
    code: 'IST0101',
    path: 'spec.servers[0].tls.credentialName',
    referrer: [gateway('public', 'istio-system', { istio: 'ingressgateway' },
      { port: { number: 443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'SIMPLE', credentialName: 'public-cert' } })],
    elsewhere: [secret('public-cert', 'bookinfo')],
    sameNamespace: [secret('other-cert', 'istio-system')],
  },
];

/** `code path` of the findings about a missing target. */
function hits(objects: readonly KubeObject[], assumeCompleteMesh: boolean | undefined, c: ReferenceCase): Finding[] {
  return analyze(objects, assumeCompleteMesh === undefined ? {} : { assumeCompleteMesh }).filter((f) => f.code === c.code && f.path === c.path);
}

describe('analyze with assumeCompleteMesh', () => {
  describe.each(CASES.map((c) => [c.reference, c] as const))('%s', (_, c) => {
    test('GIVEN the target is not in the set WHEN the set is the whole mesh (the default) THEN it is not found', () => {
      expect(hits([...c.referrer, ...c.elsewhere], undefined, c)).toHaveLength(1);
      expect(hits([...c.referrer, ...c.elsewhere], true, c)).toHaveLength(1);
    });

    test("GIVEN the set defines nothing of the target's kind in its namespace WHEN it is part of a mesh THEN the reference is not checked", () => {
      expect(hits([...c.referrer, ...c.elsewhere], false, c)).toEqual([]);
    });

    test("GIVEN the set defines the target's kind in its namespace, but not the target WHEN it is part of a mesh THEN it is not found", () => {
      const open = hits([...c.referrer, ...c.elsewhere, ...c.sameNamespace], false, c);
      expect(open).toHaveLength(1);
      expect(open).toEqual(hits([...c.referrer, ...c.elsewhere, ...c.sameNamespace], true, c));
      expect(open[0].resource?.name).toBe(c.referrer[0].metadata?.name);
    });
  });

  test('a host of no Kubernetes Service (a ServiceEntry host) may be defined anywhere: not checked in an open world', () => {
    const objects = [virtualService('web', 'bookinfo', route({ host: 'api.example.com' })), service('web', 'bookinfo')];
    expect(analyze(objects).map((f) => f.code)).toContain('IST0101');
    expect(analyze(objects, { assumeCompleteMesh: false }).filter((f) => f.code === 'IST0101')).toEqual([]);
  });

  test('source namespaces of an AuthorizationPolicy are not checked in an open world, even when the set defines Namespaces', () => {
    const objects = [namespaceObject('bookinfo'), policy('ratings', 'bookinfo', { rules: [{ from: [{ source: { namespaces: ['web'] } }] }] })];
    expect(analyze(objects).filter((f) => f.code === 'IST0101').map((f) => f.path)).toEqual(['spec.rules[0].from[0].source.namespaces[0]']);
    expect(analyze(objects, { assumeCompleteMesh: false }).filter((f) => f.code === 'IST0101')).toEqual([]);
  });

  test('a root-namespace policy selects workloads of the whole mesh: not checked in an open world', () => {
    const objects = [deployment('tools', 'istio-system', { app: 'tools' }),
      policy('ratings', 'istio-system', { selector: { matchLabels: { app: 'ratings' } }, action: 'DENY', rules: [{}] })];
    expect(analyze(objects).map((f) => f.code)).toContain('IST0127');
    expect(analyze(objects, { assumeCompleteMesh: false }).filter((f) => f.code === 'IST0127')).toEqual([]);
  });

  test('a gateway selector matches pods of any namespace: not checked in an open world, even with workloads in its namespace', () => {
    const objects = [gateway('edge', 'edge', { app: 'edge' }), deployment('web', 'edge', { app: 'web' })];
    expect(analyze(objects).filter((f) => f.code === 'IST0101').map((f) => f.path)).toEqual(['spec.selector']);
    expect(analyze(objects, { assumeCompleteMesh: false }).filter((f) => f.code === 'IST0101')).toEqual([]);
  });

  test('checks between objects of the set are the same: conflicting gateways, unreachable rules', () => {
    const objects = [
      gateway('a', 'istio-system', { istio: 'ingressgateway' }),
      gateway('b', 'istio-system', { istio: 'ingressgateway' }),
      virtualService('web', 'bookinfo', { http: [{ route: [{ destination: { host: 'web' } }] }, { route: [{ destination: { host: 'web' } }] }] }),
    ];
    // Hosts are references to objects outside the set (CIS5015 reports them only in a complete mesh).
    const closed = analyze(objects).filter((f) => f.code !== 'CIS5015');
    expect(closed.map((f) => f.code)).toEqual(expect.arrayContaining(['IST0145', 'IST0130']));
    expect(analyze(objects, { assumeCompleteMesh: false })).toEqual(closed);
  });

  test('property: an open world reports a subset of what the complete mesh reports', () => {
    const pool = [...new Map(CASES.flatMap((c) => [...c.referrer, ...c.elsewhere, ...c.sameNamespace])
      .map((o) => [`${o.kind}|${o.metadata?.namespace}|${o.metadata?.name}`, o] as const)).values()];
    fc.assert(fc.property(fc.subarray(pool), (objects) => {
      const closed = new Set(analyze(objects).map((f) => JSON.stringify(f)));
      for (const f of analyze(objects, { assumeCompleteMesh: false })) expect(closed).toContain(JSON.stringify(f));
    }), { numRuns: 50 });
  });
});

describe('synth-time checks of an app (part of a mesh by default)', () => {
  const warnings: string[] = [];
  let previous: (text: string) => void;
  beforeAll(() => { previous = IstioChecks._setWarningWriter((text) => warnings.push(text)); });
  afterAll(() => { IstioChecks._setWarningWriter(previous); });

  /** An app whose `frontend` chart routes, through the platform's Gateway, to another team's ratings Service. */
  function app(assumeCompleteMesh?: boolean): { app: App; chart: Chart } {
    const a = Testing.app();
    if (assumeCompleteMesh !== undefined) IstioSettings.apply(a, { assumeCompleteMesh });
    IstioChecks.enable(a);
    const chart = new Chart(a, 'frontend', { namespace: 'frontend' });
    new ApiObject(chart, 'web-svc', service('web', 'frontend'));
    new l1.networking.VirtualService(chart, 'web', {
      metadata: { name: 'web' },
      spec: { hosts: ['web.example.com'], gateways: ['istio-system/public'], http: [{ route: [{ destination: { host: 'ratings.bookinfo.svc.cluster.local' } }] }] },
    });
    return { app: a, chart };
  }

  test('GIVEN a VirtualService bound to istio-system/public routing to ratings, neither in the app WHEN synthesized THEN it passes', () => {
    const { app: a } = app();
    expect(() => a.synthYaml()).not.toThrow();
    // Nor a warning that its host is not on the (unknown) Gateway.
    expect(IstioChecks.findings(a)).toEqual([]);
  });

  test('GIVEN assumeCompleteMesh: true WHEN synthesized THEN the missing gateway and host fail the synth, as istioctl analyze would', () => {
    const { app: a } = app(true);
    expect(() => a.synthYaml()).toThrow(/Referenced gateway not found: "istio-system\/public"/);
    expect(IstioChecks.findings(a).filter((f) => f.code === 'IST0101').map((f) => f.path))
      .toEqual(['spec.http[0].route[0].destination.host', 'spec.gateways[0]']);
  });

  test("GIVEN a route to a subset the app's own DestinationRule lacks WHEN synthesized THEN the synth fails", () => {
    const { app: a, chart } = app();
    new l1.networking.DestinationRule(chart, 'ratings', {
      metadata: { name: 'ratings' },
      spec: { host: 'ratings.bookinfo.svc.cluster.local', subsets: [{ name: 'v2', labels: { version: 'v2' } }] },
    });
    new l1.networking.VirtualService(chart, 'ratings-vs', {
      metadata: { name: 'ratings' },
      spec: { hosts: ['ratings.bookinfo.svc.cluster.local'], http: [{ route: [{ destination: { host: 'ratings.bookinfo.svc.cluster.local', subset: 'v1' } }] }] },
    });
    expect(() => a.synthYaml()).toThrow(/\[frontend\/ratings-vs\] VirtualService frontend\/ratings: spec.http\[0\].route\[0\].destination.subset: Referenced host\+subset in destinationrule not found/);
  });
});
