import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

// pilot/pkg/serviceregistry/ambient/authorization.go (Istio 1.30.3) handleRule: an ALLOW rule with an HTTP attribute
// is dropped; a DENY rule keeps its L4 matches. ztunnel src/rbac.rs `matches`: an empty match group never matches.
const analyzer = 'cdk8s-istio.AmbientL7Analyzer';
const ns = (name: string, labels: string) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${labels} }
`;
const ap = (name: string, namespace: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${namespace} }
spec: ${spec}
`;
const ambient = ns('shop', '{ istio.io/dataplane-mode: ambient }');
const getOnly = '{ selector: { matchLabels: { app: orders } }, rules: [{ from: [{ source: { principals: [cluster.local/ns/web/sa/frontend] } }], to: [{ operation: { methods: [GET] } }] }] }';

describe('CIS5013: L7 attributes where ztunnel enforces L4 only', () => {
  test('clean: the same policy with sidecars; L4-only rules in ambient; a policy bound to a waypoint with targetRefs', () => {
    expect(run(analyzer, [ns('shop', '{ istio-injection: enabled }'), ap('orders', 'shop', getOnly)].join('---'))).toEqual([]);
    expect(run(analyzer, [ambient, ap('orders', 'shop', '{ rules: [{ from: [{ source: { principals: [cluster.local/ns/web/sa/frontend] } }], to: [{ operation: { ports: ["8080"] } }] }] }')]
      .join('---'))).toEqual([]);
    expect(run(analyzer, [ambient, ap('orders', 'shop', getOnly.replace('selector: { matchLabels: { app: orders } }', 'targetRefs: [{ kind: Service, group: "", name: orders }]'))]
      .join('---'))).toEqual([]);
  });

  test('broken: an ALLOW whose only rule has methods: istiod drops it and the policy denies every request (error)', () => {
    const result = findings(analyzer, [ambient, ap('orders', 'shop', getOnly)].join('---'));
    expect(result.map((f) => [f.code, f.severity, f.resource?.name, f.path])).toEqual([['CIS5013', Severity.ERROR, 'orders', 'spec.rules[0]']]);
    expect(result[0].message).toContain('uses L7 attributes [methods] on ambient workloads in shop');
    expect(result[0].message).toContain('the policy denies every request');
  });

  test('broken: an ALLOW keeping another rule loses only the L7 one (warning)', () => {
    const spec = '{ rules: [{ to: [{ operation: { paths: [/api/*] } }] }, { from: [{ source: { namespaces: [web] } }] }] }';
    expect(findings(analyzer, [ambient, ap('orders', 'shop', spec)].join('---')).map((f) => [f.severity, f.path])).toEqual([[Severity.WARNING, 'spec.rules[0]']]);
  });

  test('broken: a DENY on a header or a method alone never matches (the DENY protects nothing); with a port it denies more', () => {
    const spec = `{ action: DENY, rules: [
      { when: [{ key: 'request.headers[x-debug]', values: ["1"] }] },
      { to: [{ operation: { methods: [DELETE], ports: ["8080"] } }] }] }`;
    const result = findings(analyzer, [ambient, ap('no-debug', 'shop', spec)].join('---'));
    expect(result.map((f) => [f.severity, f.path])).toEqual([[Severity.WARNING, 'spec.rules[0]'], [Severity.WARNING, 'spec.rules[1]']]);
    expect(result[0].message).toContain('rule 0 never matches: the DENY protects nothing');
    expect(result[1].message).toContain('rule 1 matches on its L4 parts alone');
  });

  test('broken: with a waypoint, a selector policy still goes to ztunnel; the hint says targetRefs', () => {
    const result = findings(analyzer, [ns('shop', '{ istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint }'), ap('orders', 'shop', getOnly)].join('---'));
    expect(result[0].hint).toMatch(/bind the L7 policy to it with targetRefs/);
  });
});
