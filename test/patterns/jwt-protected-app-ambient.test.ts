import { ApiObject, Chart, Testing } from 'cdk8s';
import { find, synth } from './util';
import {
  Dataplane, IstioSettings, JwksSource, MeshNamespace, useWaypoint, Waypoint, WaypointTraffic, WorkloadSelector,
} from '../../lib';
import { analyze } from '../../lib/analysis';
import { JwtProtectedApp, JwtProtectedAppProps } from '../../lib/patterns/jwt-protected-app';
import { KubeObject } from '../../lib/vocab/object';

const ISSUER = 'https://idp.example.com';
const issuers = [{ issuer: ISSUER, jwks: JwksSource.fromUri(`${ISSUER}/jwks.json`) }];

/** An ambient `shop` namespace with the orders Service and Deployment, a waypoint the Service uses, and the pattern. */
function build(props: Partial<JwtProtectedAppProps> = {}, options: { useWaypoint?: boolean; waypoint?: boolean } = {}) {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new MeshNamespace(chart, 'ns', { metadata: { name: 'shop' }, dataplane: Dataplane.AMBIENT });
  const waypoint = new Waypoint(chart, 'waypoint');
  const service = new ApiObject(chart, 'svc', {
    apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 8080 }] },
  });
  new ApiObject(chart, 'deploy', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: { selector: { matchLabels: { app: 'orders' } }, template: { metadata: { labels: { app: 'orders' } }, spec: { serviceAccountName: 'orders', containers: [{ name: 'orders', image: 'orders' }] } } },
  });
  if (options.useWaypoint !== false) useWaypoint(service, waypoint);
  const app = new JwtProtectedApp(chart, 'orders', {
    selector: WorkloadSelector.labels({ app: 'orders' }), issuers, publicPaths: ['/healthz'], ...(options.waypoint === false ? {} : { waypoint }), ...props,
  });
  return { app, objects: synth(chart) };
}

function codes(objects: readonly KubeObject[]): string[] {
  return analyze(objects).filter((f) => f.severity !== 'info').map((f) => `${f.code} ${f.resource?.kind}/${f.resource?.name}`);
}

describe('JwtProtectedApp in an ambient namespace (issue 15 bug 2)', () => {
  test('targets the Service on its waypoint and admits only the waypoint at L4 (pilot/pkg/model/policyattachment.go, ambient/authorization.go)', () => {
    const { app, objects } = build();
    expect(app.dataplane).toBe(Dataplane.AMBIENT);
    const target = { targetRefs: [{ group: '', kind: 'Service', name: 'orders' }] };
    expect(find(objects, 'RequestAuthentication', 'orders').spec).toEqual({ ...target, jwtRules: [{ issuer: ISSUER, jwksUri: `${ISSUER}/jwks.json` }] });
    expect(find(objects, 'AuthorizationPolicy', 'orders-require-jwt').spec).toEqual({
      ...target,
      action: 'DENY',
      rules: [{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`] } }], to: [{ operation: { notPaths: ['/healthz'] } }] }],
    });
    expect(find(objects, 'AuthorizationPolicy', 'orders-allow').spec).toEqual({
      ...target, rules: [{ from: [{ source: { requestPrincipals: [`${ISSUER}/*`] } }] }, { to: [{ operation: { paths: ['/healthz'] } }] }],
    });
    // ztunnel enforces this one: only the waypoint (its service account is the Gateway's name) may reach the pods.
    expect(find(objects, 'AuthorizationPolicy', 'orders-via-waypoint').spec).toEqual({
      selector: { matchLabels: { app: 'orders' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/waypoint'] } }] }],
    });
    expect(codes(objects)).toEqual([]);
  });

  test('without a waypoint it refuses, instead of emitting policies that deny everything', () => {
    expect(() => build({}, { waypoint: false })).toThrow(/shop\/orders: the namespace is ambient: ztunnel does not verify JWTs and drops HTTP rules, so a waypoint must enforce them/);
  });

  test('a Service that does not use the waypoint fails the synth (CIS5023)', () => {
    expect(() => build({}, { useWaypoint: false })).toThrow(/Istio checks found \d+ errors:\n.*RequestAuthentication shop\/orders is not enforced: it targets Service shop\/orders, which uses no waypoint.*\n.*orders-require-jwt is not enforced.*\n.*orders-allow is not enforced/);
  });

  test('the sidecar form in an ambient namespace (what the pattern emitted before) fails the synth', () => {
    const attempt = () => build({ dataplane: Dataplane.SIDECAR, waypoint: undefined }, { waypoint: false });
    expect(attempt).toThrow(/RequestAuthentication shop\/orders is not enforced: namespace shop is ambient.*CIS5023/);
    expect(attempt).toThrow(/orders-allow has HTTP attributes \(paths, requestPrincipals\).*no rule is left, so the policy denies every request.*CIS5022/);
  });

  test('the data plane comes from IstioSettings for a namespace the app does not define', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'pay' });
    IstioSettings.apply(chart, { namespaceDataplanes: { pay: Dataplane.AMBIENT } });
    const app = new JwtProtectedApp(chart, 'pay', {
      selector: WorkloadSelector.labels({ app: 'payments' }), issuers, service: 'payments-api', waypoint: Waypoint.fromName('waypoint', 'pay'),
    });
    expect(app.dataplane).toBe(Dataplane.AMBIENT);
    expect(find(synth(chart), 'RequestAuthentication', 'payments').spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'payments-api' }]);
  });

  test('bad combinations fail with a fix', () => {
    expect(() => build({ ports: [8080] })).toThrow(/ports \(workload ports\) is for sidecars/);
    const chart = Testing.chart();
    expect(() => new JwtProtectedApp(chart, 'x', { selector: WorkloadSelector.labels({ app: 'x' }), issuers, waypoint: Waypoint.fromName('w', 'default') }))
      .toThrow(/waypoint and service are for an ambient namespace, this one is sidecar/);
    expect(() => build({ waypoint: Waypoint.fromName('w', 'shop', { traffic: WaypointTraffic.WORKLOAD }) })).toThrow(/takes workload traffic/);
    expect(() => build({ selector: WorkloadSelector.labels({ tier: 'api' }), name: 'api' })).toThrow(/the selector has no app label: name the Service/);
  });
});
