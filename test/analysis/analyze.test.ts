import { objects, summary } from './helpers';
import { analyze, ANALYZERS } from '../../lib/analysis';
import { MESSAGES } from '../../lib/analysis/messages';
import { Severity } from '../../lib/vocab/finding';
import { KubeObject } from '../../lib/vocab/object';

describe('analyze()', () => {
  test('every analyzer reports only codes of the message table, each with a description', () => {
    for (const a of ANALYZERS) {
      expect(a.description).not.toBe('');
      for (const code of a.codes) expect(MESSAGES[code]).toBeDefined();
    }
    expect(new Set(ANALYZERS.map((a) => a.name)).size).toBe(ANALYZERS.length);
  });

  test('objects without namespace are in default; Kubernetes system namespaces are ignored', () => {
    const yaml = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: a }
spec: { hosts: [x], gateways: [missing], http: [{ route: [{ destination: { host: x } }] }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: b, namespace: kube-system }
spec: { hosts: [x], gateways: [missing], http: [{ route: [{ destination: { host: x } }] }] }
`;
    expect(summary(analyze(objects(yaml), { analyzers: ['virtualservice.GatewayAnalyzer'] }))).toEqual([
      'IST0101 VirtualService default/a', 'IST0132 VirtualService default/a',
    ]);
  });

  test('the items of a List are analyzed; the same object given twice (e.g. in two API versions) counts once', () => {
    const vs = (apiVersion: string) => ({
      apiVersion, kind: 'VirtualService', metadata: { name: 'a' }, spec: { hosts: ['x'], http: [{ route: [{ destination: { host: 'x' } }] }] },
    });
    const list = { apiVersion: 'v1', kind: 'List', items: [vs('networking.istio.io/v1beta1')] };
    expect(analyze([list, vs('networking.istio.io/v1')] as KubeObject[])).toEqual([]);
  });

  test('malformed objects do not make analysis throw', () => {
    const broken = objects(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: a }
spec: { hosts: x, gateways: 3, http: { route: 1 } }
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: "oops"
spec: { selector: [1, 2], servers: [null, { port: "80", hosts: [1] }] }
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
spec: { host: 7, subsets: [{ name: null, labels: [] }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: p }
spec: { rules: [null, { from: 5 }] }
`);
    expect(() => analyze([...broken, null as unknown as KubeObject, 'text' as unknown as KubeObject])).not.toThrow();
  });

  test('the analyzers option runs only the named analyzers', () => {
    const yaml = objects(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: a }
spec: { hosts: [x], gateways: [missing], http: [{ route: [{ destination: { host: x, subset: v1 } }] }] }
`);
    expect(summary(analyze(yaml, { analyzers: ['virtualservice.DestinationRuleAnalyzer'] }))).toEqual(['IST0101 VirtualService default/a']);
    expect(summary(analyze(yaml)).sort()).toEqual(['IST0101 VirtualService default/a', 'IST0101 VirtualService default/a', 'IST0132 VirtualService default/a']);
  });
});

describe('a mesh of 2,000 services', () => {
  /** A service with its Deployment, Service, DestinationRule and VirtualService, all consistent. */
  const service = (i: number): KubeObject[] => {
    const name = `svc-${i}`;
    const ns = `team-${i % 20}`;
    const labels = { app: name, version: 'v1' };
    return [
      { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 8080 }] } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-v1`, namespace: ns },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'app' }] } } },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: ns },
        spec: { host: name, subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace: ns },
        spec: {
          hosts: [name],
          http: [{ route: [{ destination: { host: name, subset: 'v1', port: { number: 8080 } } }] }],
        },
      },
    ];
  };

  test('reports exactly the broken routes, subsets and hosts among 8,000 consistent objects', () => {
    const all: KubeObject[] = [];
    for (let i = 0; i < 2000; i++) all.push(...service(i));
    // Break three services: a route to an undefined subset, a subset no pod has, a host that does not exist.
    const vs7 = all[7 * 4 + 3] as unknown as { spec: { http: Array<{ route: Array<{ destination: { subset: string } }> }> } };
    vs7.spec.http[0].route[0].destination.subset = 'v2';
    const dr13 = all[13 * 4 + 2] as unknown as { spec: { subsets: Array<{ name: string; labels: Record<string, string> }> } };
    dr13.spec.subsets.push({ name: 'v3', labels: { version: 'v3' } });
    const vs21 = all[21 * 4 + 3] as unknown as { spec: { http: Array<{ route: Array<{ destination: { host: string } }> }> } };
    vs21.spec.http[0].route[0].destination.host = 'svc-21.team-9.svc.cluster.local';
    // Plus one ingress Gateway and a VirtualService binding to it.
    all.push(...objects(`
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: { name: web, namespace: istio-system }
spec: { selector: { istio: ingressgateway }, servers: [{ port: { number: 80, name: http, protocol: HTTP }, hosts: ["*"] }] }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: web, namespace: team-0 }
spec: { hosts: [www.example.com], gateways: [istio-system/web], http: [{ route: [{ destination: { host: svc-0, port: { number: 8080 } } }] }] }
`));

    const result = analyze(all);
    expect(result.map((f) => `${f.severity} ${f.code} ${f.resource?.kind} ${f.resource?.namespace}/${f.resource?.name} ${f.path}`)).toEqual([
      `${Severity.ERROR} IST0101 VirtualService team-7/svc-7 spec.http[0].route[0].destination.subset`,
      `${Severity.WARNING} IST0173 DestinationRule team-13/svc-13 spec.subsets[1].labels`,
      `${Severity.ERROR} IST0101 VirtualService team-1/svc-21 spec.http[0].route[0].destination.host`,
      `${Severity.ERROR} IST0101 VirtualService team-1/svc-21 spec.http[0].route[0].destination.subset`,
      // The ingress route to svc-0 ignores the subsets the mesh routes svc-0 to.
      `${Severity.WARNING} IST0140 VirtualService team-0/web spec.http[0].route[0].destination.host`,
    ]);
  });
});
