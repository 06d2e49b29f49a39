import * as fc from 'fast-check';
import { errorLines } from './helpers';
import { GatewayApiChannel } from '../../lib/core';
import { validateObject } from '../../lib/validation';
import { adaptToCelLibrary, isIpAddress } from '../../lib/validation/cel';
import { applyDefaults } from '../../lib/validation/defaults';
import { gatewayApiSchemaFile } from '../../lib/validation/schemas';

// Our own small equivalents of the Gateway API project's examples and invalid examples
// (kubernetes-sigs/gateway-api v1.5.1 examples/ and hack/invalid-examples/); the whole set is
// measured by scripts/measure-gateway-api-agreement.ts.

const V1 = 'gateway.networking.k8s.io/v1';
const errors = (o: unknown, channel?: GatewayApiChannel) => errorLines(validateObject(o, { gatewayApiChannel: channel }));

function route(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: V1, kind: 'HTTPRoute', metadata: { name: 'r', namespace: 'shop' }, spec };
}
function gateway(listeners: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: V1, kind: 'Gateway', metadata: { name: 'gw', namespace: 'shop' }, spec: { gatewayClassName: 'istio', listeners, ...extra } };
}

describe('Gateway API objects: schema, defaults and CEL rules of the CRDs', () => {
  test('a plain HTTPRoute and Gateway pass', () => {
    expect(errors(route({
      parentRefs: [{ name: 'gw' }],
      hostnames: ['shop.example.com'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/cart' } }], backendRefs: [{ name: 'cart', port: 8080, weight: 90 }, { name: 'cart-v2', port: 8080, weight: 10 }] }],
    }))).toEqual([]);
    expect(errors(gateway([{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'All' } } }]))).toEqual([]);
  });

  test('an unknown field is an error with a suggestion', () => {
    const found = validateObject(route({ parentRefs: [{ name: 'gw' }], rules: [{ backendRef: [{ name: 'cart', port: 80 }] }] }));
    expect(found).toEqual([expect.objectContaining({ code: 'CIS1002', path: 'spec.rules[0].backendRef', hint: 'did you mean "backendRefs"?' })]);
  });

  test('defaults apply before the rules: an HTTPS listener without tls.mode is Terminate and needs certificateRefs', () => {
    // hack/invalid-examples/standard/gateway/invalid-tls-mode.yaml is of this family.
    const lines = errors(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', tls: {} }]));
    expect(lines).toEqual([expect.stringMatching(/^CIS1011 spec\.listeners\[0\]\.tls: certificateRefs or options must be specified when mode is Terminate/)]);
    expect(errors(gateway([{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'cert' }] } }]))).toEqual([]);
  });

  test('a backendRef to a Service needs a port (the rule reads the defaulted group and kind)', () => {
    expect(errors(route({ rules: [{ backendRefs: [{ name: 'cart' }] }] }))).toEqual([
      expect.stringMatching(/^CIS1011 spec\.rules\[0\]\.backendRefs\[0\]: Must have port for Service reference/),
    ]);
    expect(errors(route({ rules: [{ backendRefs: [{ name: 'cart', group: 'example.com', kind: 'Bucket' }] }] }))).toEqual([]);
  });

  test('rules that test a field of an indexed value: ReplacePrefixMatch needs exactly one PathPrefix match', () => {
    const redirect = { type: 'RequestRedirect', requestRedirect: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/new' } } };
    expect(errors(route({ rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/old' } }], filters: [redirect] }] }))).toEqual([]);
    expect(errors(route({ rules: [{ matches: [{ path: { type: 'Exact', value: '/old' } }], filters: [redirect] }] }))).toEqual([
      expect.stringMatching(/^CIS1011 spec\.rules\[0\]: When using RequestRedirect filter with path\.replacePrefixMatch/),
    ]);
  });

  test('regexes are RE2: GRPCRoute service names are matched case-insensitively with (?i)', () => {
    const grpc = (service: string) => ({
      apiVersion: V1,
      kind: 'GRPCRoute',
      metadata: { name: 'g' },
      spec: { rules: [{ matches: [{ method: { service, method: 'Get' } }], backendRefs: [{ name: 'svc', port: 9000 }] }] },
    });
    expect(errors(grpc('com.Example.Store'))).toEqual([]);
    expect(errors(grpc('com example'))).toEqual([expect.stringMatching(/^CIS1011 spec\.rules\[0\]\.matches\[0\]\.method: service must only contain valid characters/)]);
  });

  test('address formats: an IPAddress must be an IPv4 or IPv6 address', () => {
    expect(errors(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], { addresses: [{ value: '10.0.0.1' }, { value: 'fd00::1' }] }))).toEqual([]);
    expect(errors(gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], { addresses: [{ value: '10.0.0.300' }] }))).toEqual([
      expect.stringMatching(/^CIS1009 spec\.addresses\[0\]/),
    ]);
  });

  test('TLSRoute hostnames must not be IP addresses (isIP of the Kubernetes CEL library)', () => {
    const tls = (hostnames: string[]) => ({ apiVersion: V1, kind: 'TLSRoute', metadata: { name: 't' }, spec: { hostnames, rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] } });
    expect(errors(tls(['db.example.com']))).toEqual([]);
    expect(errors(tls(['10.1.2.3'])).join('\n')).toMatch(/CIS1011 spec\.hostnames/);
  });

  test('duplicate listener names are a duplicate map key', () => {
    const l = { name: 'http', port: 80, protocol: 'HTTP' };
    expect(errors(gateway([l, { ...l, port: 8080 }])).join('\n')).toMatch(/CIS1010 spec\.listeners\[1\]/);
  });

  test('metadata is checked as for any custom resource', () => {
    expect(errors({ ...route({}), metadata: { name: 'Bad_Name' } })).toEqual([expect.stringMatching(/^CIS1012 metadata\.name/)]);
  });
});

describe('Gateway API channels', () => {
  test('a kind of the experimental channel is CIS1016 on a standard-channel cluster, and checked on an experimental one', () => {
    const tcp = { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TCPRoute', metadata: { name: 'db' }, spec: { rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] } };
    const found = validateObject(tcp);
    expect(found).toEqual([expect.objectContaining({ code: 'CIS1016', path: 'apiVersion' })]);
    expect(found[0].hint).toMatch(/gatewayApiChannel: experimental/);
    expect(errors(tcp, GatewayApiChannel.EXPERIMENTAL)).toEqual([]);
  });

  test('a field of the experimental channel is CIS1016 on the standard channel', () => {
    const gw = gateway([{ name: 'http', port: 80, protocol: 'HTTP' }], { defaultScope: 'All' });
    expect(validateObject(gw)).toEqual([expect.objectContaining({ code: 'CIS1016', path: 'spec.defaultScope' })]);
    expect(errors(gw, GatewayApiChannel.EXPERIMENTAL)).toEqual([]);
  });

  test('a version served only by the experimental channel names the standard one', () => {
    const tls = { apiVersion: 'gateway.networking.k8s.io/v1alpha2', kind: 'TLSRoute', metadata: { name: 't' }, spec: { rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] } };
    expect(validateObject(tls)).toEqual([expect.objectContaining({ code: 'CIS1016', hint: expect.stringContaining('or use apiVersion: gateway.networking.k8s.io/v1') })]);
  });

  test('unknown kinds and misspelt groups are reported', () => {
    expect(validateObject({ apiVersion: V1, kind: 'HttpRoute', metadata: { name: 'r' } })).toEqual([
      expect.objectContaining({ code: 'CIS1001', hint: 'did you mean "HTTPRoute"?' }),
    ]);
    expect(validateObject({ apiVersion: 'gateway.networking.k8s.oi/v1', kind: 'HTTPRoute', metadata: { name: 'r' } })).toEqual([
      expect.objectContaining({ code: 'CIS1001', hint: 'did you mean "gateway.networking.k8s.io"?' }),
    ]);
  });
});

describe('the CEL environment', () => {
  test('isIP is Go netip without zones or IPv4-mapped IPv6 (k8s.io/apiserver/pkg/cel/library/ip.go)', () => {
    expect(['1.2.3.4', '::1', 'fd00::1:2', '2001:db8::'].filter((s) => !isIpAddress(s))).toEqual([]);
    expect(['1.2.3', '01.2.3.4', 'fe80::1%eth0', '::ffff:1.2.3.4', '::ffff:102:304', 'example.com', ''].filter(isIpAddress)).toEqual([]);
  });

  test('presence tests on indexed values and matches() are rewritten for the CEL library', () => {
    expect(adaptToCelLibrary('has(self[0].matches) && has(self.a.b) && self.x.matches(\'^a\')'))
      .toBe('hasField(self[0], \'matches\') && has(self.a.b) && self.x.re2Matches(\'^a\')');
  });
});

describe('applyDefaults', () => {
  const schema = gatewayApiSchemaFile(GatewayApiChannel.STANDARD);
  const httpRoute = schema.schemas[schema.kinds['gateway.networking.k8s.io/v1/HTTPRoute']];

  test('fills group, kind and weight of a backendRef and leaves what is set', () => {
    const body = { spec: { rules: [{ backendRefs: [{ name: 'a', port: 80 }, { name: 'b', kind: 'ServiceImport', group: 'multicluster.x-k8s.io', weight: 3 }] }] } };
    const out = applyDefaults(body, httpRoute) as any;
    expect(out.spec.rules[0].backendRefs[0]).toEqual({ name: 'a', port: 80, group: '', kind: 'Service', weight: 1 });
    expect(out.spec.rules[0].backendRefs[1]).toEqual({ name: 'b', kind: 'ServiceImport', group: 'multicluster.x-k8s.io', weight: 3 });
  });

  test('never changes its input, and applying twice is applying once', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('spec', 'rules', 'backendRefs', 'name', 'port', 'parentRefs', 'matches', 'path', 'x'), tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(fc.property(value, (v) => {
      const before = JSON.stringify(v);
      const once = applyDefaults(v, httpRoute);
      expect(JSON.stringify(v)).toBe(before);
      expect(applyDefaults(once, httpRoute)).toEqual(once);
    }), { numRuns: 200 });
  });
});
