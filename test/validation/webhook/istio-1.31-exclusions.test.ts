import { check, table } from './helpers';
import { IstioVersion, SUPPORTED_ISTIO_VERSIONS, isAtLeast } from '../../../lib/core/istio-version';
import { WebhookCode } from '../../../lib/validation/webhook/codes';
import { namespacedHostErrors } from '../../../lib/validation/webhook/hosts';

// Rules istiod 1.31 relaxes, compared with 1.30.3 (pkg/config/validation, 1.30.3..1.31.0-rc.0):
// - validation.go validateLoadBalancer: warmup aggression `< 1` rejected until 1.30, `<= 0` from 1.31
//   (no Istio unit test pins the boundary; testdata/crds/destinationrule-invalid.yaml rejects -0.1 in both);
// - agent/validation.go ValidateNamespaceSlashWildcardHostname and validation.go ValidateSidecar: a Sidecar egress
//   host may exclude a namespace with `~ns/` and is left out of the duplicate check
//   (validation_test.go TestValidateSidecar: "import all except a namespace", "import all except an exact host",
//   "exclude with invalid namespace"; istio/istio#60581).
const TP = WebhookCode.INVALID_TRAFFIC_POLICY;
const HOST = WebhookCode.INVALID_NAMESPACED_HOST;
const V = IstioVersion.V1_31;
const BEFORE = SUPPORTED_ISTIO_VERSIONS.filter((v) => !isAtLeast(v, V));

describe('DestinationRule warmup aggression', () => {
  const dr = (aggression: number) => ({ host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST', warmup: { duration: '60s', aggression } } } });
  const at = 'spec.trafficPolicy.loadBalancer.warmup.aggression';

  test.each(BEFORE)('below 1 is rejected by %s', (version) => {
    const findings = check('DestinationRule', dr(0.5), undefined, version);
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([[TP, at, 'aggression should be greater than or equal to 1']]);
    expect(findings[0].hint).toContain('1.31');
  });

  table('DestinationRule', [
    { name: '1.31: between 0 and 1 is accepted', version: V, spec: dr(0.5), expect: [] },
    { name: '1.31: 1 is accepted', version: V, spec: dr(1), expect: [] },
    { name: '1.31: 0 is rejected', version: V, spec: dr(0), expect: [['E', TP, at]] },
    { name: '1.31: a negative value is rejected', version: V, spec: dr(-0.1), expect: [['E', TP, at]] },
    { name: '1.30: 1 is accepted', version: IstioVersion.V1_30, spec: dr(1), expect: [] },
  ]);

  test('the 1.31 message says greater than 0, and a subset\'s policy follows the release too', () => {
    const spec = { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1' }, trafficPolicy: dr(0).trafficPolicy }] };
    expect(check('DestinationRule', spec, undefined, V).map((f) => [f.path, f.message]))
      .toEqual([['spec.subsets[0].trafficPolicy.loadBalancer.warmup.aggression', 'aggression should be greater than 0']]);
    spec.subsets[0].trafficPolicy = dr(0.5).trafficPolicy;
    expect(check('DestinationRule', spec, undefined, V)).toEqual([]);
    expect(check('DestinationRule', spec, undefined, IstioVersion.V1_30).map((f) => f.path)).toEqual(['spec.subsets[0].trafficPolicy.loadBalancer.warmup.aggression']);
  });
});

describe('Sidecar egress hosts that exclude a namespace (~ns/)', () => {
  const sidecar = (...hosts: string[]) => ({ egress: [{ hosts }] });

  table('Sidecar', [
    { name: '1.31: import all except a namespace', version: V, spec: sidecar('*/*', '~ns1/*'), expect: [] },
    { name: '1.31: import all except an exact host', version: V, spec: sidecar('*/*', '~/foo.com'), expect: [] },
    { name: '1.31: exclude with invalid namespace', version: V, spec: sidecar('*/*', '~Invalid_NS/*'), expect: [['E', HOST, 'spec.egress[0].hosts[1]']] },
    { name: '1.31: excluding everything but this namespace', version: V, spec: sidecar('./*', '~*/*.internal', '~./db.svc'), expect: [] },
    { name: '1.30: ~ns1/ is an invalid namespace', version: IstioVersion.V1_30, spec: sidecar('*/*', '~ns1/*'), expect: [['E', HOST, 'spec.egress[0].hosts[1]'], ['W', HOST, 'spec.egress[0].hosts']] },
    { name: '1.30: ~/ alone still means none', version: IstioVersion.V1_30, spec: sidecar('~/*'), expect: [] },
    // An exclusion is not counted as a second host of its namespace: istiod skips `~` hosts in the duplicate check.
    { name: '1.31: an exclusion is not a duplicate', version: V, spec: sidecar('~ns1/*', '~ns1/*'), expect: [] },
    { name: '1.30: the same ~/ host twice is a duplicate', version: IstioVersion.V1_30, spec: sidecar('~/*', '~/*'), expect: [['W', HOST, 'spec.egress[0].hosts[1]']] },
  ]);

  test('the error names the excluded namespace as written', () => {
    expect(namespacedHostErrors('~Invalid_NS/*', false, true)).toEqual(['invalid namespace value "~Invalid_NS" in sidecar']);
    expect(namespacedHostErrors('~ns1/*', false, false)).toEqual(['invalid namespace value "~ns1" in sidecar']);
    // A Gateway never takes exclusions.
    expect(namespacedHostErrors('~ns1/*', true, true)).toEqual(['invalid namespace value "~ns1" in gateway']);
  });

  test.each(BEFORE)('%s rejects ~ns1/', (version) => {
    expect(check('Sidecar', sidecar('~ns1/*'), undefined, version).map((f) => [f.severity, f.path])).toEqual([['error', 'spec.egress[0].hosts[0]']]);
  });
});
