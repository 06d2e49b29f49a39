import { findings, objects } from './helpers';
import { analyze } from '../../lib/analysis';
import { Severity } from '../../lib/vocab/finding';

const service = (name: string, ns: string) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 8080 }] }
`;
const vs = (host: string, ns = 'shop') => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: orders, namespace: ${ns} }
spec: { hosts: [orders.example.com], http: [{ route: [{ destination: { host: ${host} } }] }] }
`;
const se = `
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: { name: stripe, namespace: shop }
spec: { hosts: [api.stripe.com], ports: [{ number: 443, name: tls, protocol: TLS }], resolution: DNS }
`;
const codes = (yaml: string, assumeCompleteMesh: boolean) =>
  analyze(objects(yaml), { assumeCompleteMesh }).filter((f) => ['CIS5015', 'IST0101'].includes(f.code)).map((f) => f.code);

describe('CIS5015: a destination host the set does not define', () => {
  test('clean: the host is a Service, a ServiceEntry host or another VirtualService\'s host', () => {
    for (const host of ['orders', 'orders.shop.svc.cluster.local', 'api.stripe.com', 'orders.example.com']) {
      expect(codes([service('orders', 'shop'), se, vs(host)].join('---'), false)).toEqual([]);
    }
    // As file-only istioctl, a complete mesh wants a Service or ServiceEntry behind a route (IST0101), not only a VirtualService.
    expect(codes([service('orders', 'shop'), se, vs('orders.example.com')].join('---'), true)).toEqual(['IST0101']);
  });

  test('clean: in a part of a mesh, a host with no close name may be another team\'s', () => {
    expect(codes([service('orders', 'shop'), vs('billing.finance.svc.cluster.local')].join('---'), false)).toEqual([]);
  });

  test('broken: a typo of a Service name, with a did-you-mean, instead of IST0101 (one finding per host)', () => {
    for (const assumeCompleteMesh of [false, true]) {
      const result = findings('cdk8s-istio.UnknownHostAnalyzer', [service('orders', 'shop'), vs('ordres')].join('---'), { assumeCompleteMesh });
      expect(result.map((f) => [f.code, f.severity, f.resource?.name, f.path])).toEqual([
        ['CIS5015', Severity.WARNING, 'orders', 'spec.http[0].route[0].destination.host'],
      ]);
      expect(result[0].message).toContain('did you mean orders?');
      expect(codes([service('orders', 'shop'), vs('ordres')].join('---'), assumeCompleteMesh)).toEqual(['CIS5015']);
    }
  });

  test('broken: a typo of a namespace, or of a ServiceEntry host, is suggested fully qualified', () => {
    const result = findings('cdk8s-istio.UnknownHostAnalyzer', [service('payments', 'billing'), vs('payments.bilint.svc.cluster.local')].join('---'));
    expect(result[0].message).toContain('did you mean payments.billing.svc.cluster.local?');
  });

  test('names that differ only in digits or in a whole word are not typos', () => {
    expect(codes([service('svc-1', 'team-1'), vs('svc-1.team-9.svc.cluster.local')].join('---'), false)).toEqual([]);
    expect(codes([service('web', 'shop'), vs('api')].join('---'), false)).toEqual(['IST0101']);
  });

  test('with assumeCompleteMesh, any unknown host; IST0101 keeps the hosts it reports when the set has Services', () => {
    expect(codes([se, vs('billing')].join('---'), true)).toEqual(['CIS5015']);
    expect(codes([se, vs('billing')].join('---'), false)).toEqual([]);
    expect(codes([service('orders', 'shop'), vs('billing')].join('---'), true)).toEqual(['IST0101']);
  });
});
