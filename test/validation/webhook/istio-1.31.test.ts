import { table } from './helpers';
import { IstioVersion, parseIstioVersion } from '../../../lib/core/istio-version';
import { SchemaCodes, validateObject } from '../../../lib/validation';
import { WebhookCode } from '../../../lib/validation/webhook/codes';

// What Istio 1.31 (schema and webhook of 1.31.0-rc.0) changes: fields that older releases reject as
// unknown, and the rules istiod 1.31 applies to them (pkg/config/validation/validation.go and
// agent/validation.go, 1.30.3..1.31.0-rc.0; tests in validation_test.go TestValidateHTTPRedirect,
// TestValidateLoadBalancer, TestValidateConnectionPool).
const V = IstioVersion.V1_31;
const HTTP = WebhookCode.INVALID_HTTP_ACTION;
const LB = WebhookCode.INVALID_LOCALITY_LB;

test('1.31 is a supported release, parsed from 1.31.0-rc.0', () => {
  expect(parseIstioVersion('1.31.0-rc.0')).toBe(IstioVersion.V1_31);
  expect(parseIstioVersion('1.31')).toBe(IstioVersion.V1_31);
});

describe('a redirect with prefixRewrite', () => {
  const vs = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'old', namespace: 'shop' },
    spec: { hosts: ['shop.example.com'], gateways: ['edge'], http: [{ match: [{ uri: { prefix: '/old' } }], redirect: { prefixRewrite: '/new' } }] },
  };

  test('is a field of a newer release for 1.30, and valid for 1.31', () => {
    expect(validateObject(vs, { istioVersion: IstioVersion.V1_30 }).map((f) => [f.code, f.path]))
      .toEqual([[SchemaCodes.FIELD_NOT_IN_VERSION, 'spec.http[0].redirect.prefixRewrite']]);
    expect(validateObject(vs, { istioVersion: V })).toEqual([]);
  });
});

describe('VirtualService rules new in 1.31', () => {
  const route = (http: object) => ({ hosts: ['a'], http: [http] });
  table('VirtualService', [
    { name: 'prefixRewrite alone', version: V, spec: route({ redirect: { prefixRewrite: '/v2' } }), expect: [] },
    { name: 'uri and prefixRewrite', version: V, spec: route({ redirect: { uri: '/x', prefixRewrite: '/v2' } }), expect: [['E', HTTP, 'spec.http[0].redirect']] },
    {
      name: 'prefixRewrite with an exact URI match',
      version: V,
      spec: route({ match: [{ uri: { exact: '/a' } }], redirect: { prefixRewrite: '/v2' } }),
      expect: [['E', HTTP, 'spec.http[0].redirect']],
    },
    {
      name: 'prefixRewrite with a prefix match and a header-only match',
      version: V,
      spec: route({ match: [{ uri: { prefix: '/a' } }, { headers: { x: { exact: 'y' } } }], redirect: { prefixRewrite: '/v2' } }),
      expect: [],
    },
  ]);
});

describe('DestinationRule rules new in 1.31', () => {
  const lb = (loadBalancer: object, extra: object = {}) => ({ host: 'reviews', trafficPolicy: { loadBalancer, ...extra } });
  const outlier = { outlierDetection: { consecutive5xxErrors: 5 } };
  table('DestinationRule', [
    { name: 'zone aware lb with region failover', version: V, spec: lb({ zoneAwareLbSetting: { failover: [{ from: 'us-east', to: 'us-west' }] } }, outlier), expect: [] },
    {
      name: 'localityLbSetting and zoneAwareLbSetting',
      version: V,
      spec: lb({ localityLbSetting: { enabled: true }, zoneAwareLbSetting: { enabled: true } }),
      expect: [['E', WebhookCode.INVALID_TRAFFIC_POLICY, 'spec.trafficPolicy.loadBalancer']],
    },
    {
      name: 'zone aware failoverPriority on a topology label',
      version: V,
      spec: lb({ zoneAwareLbSetting: { failoverPriority: ['topology.kubernetes.io/zone'] } }, outlier),
      expect: [['E', LB, 'spec.trafficPolicy.loadBalancer.zoneAwareLbSetting.failoverPriority[0]']],
    },
    {
      name: 'zone aware failover to a zone, to itself, without outlier detection',
      version: V,
      spec: lb({ zoneAwareLbSetting: { failover: [{ from: 'us-east/a', to: 'us-east/a' }] } }),
      expect: [['E', LB, 'spec.trafficPolicy.loadBalancer.zoneAwareLbSetting.failover[0]'], ['W', LB, 'spec.trafficPolicy.loadBalancer.zoneAwareLbSetting']],
    },
    {
      name: 'http2KeepAlive without a timeout',
      version: V,
      spec: { host: 'reviews', trafficPolicy: { connectionPool: { http: { http2KeepAlive: { interval: '30s' } } } } },
      expect: [['E', WebhookCode.INVALID_TRAFFIC_POLICY, 'spec.trafficPolicy.connectionPool.http.http2KeepAlive.timeout']],
    },
  ]);
});
