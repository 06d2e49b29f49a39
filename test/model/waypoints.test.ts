import { app, model, ns, policy } from './helpers';

const WAYPOINT = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: wp, namespace: amb}
spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
`;
const AMBIENT = { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'wp' };
const BASE = [ns('amb', AMBIENT), app('amb', 'server'), app('amb', 'client'), WAYPOINT, ns('side'), app('side', 'legacy')];
const allowNothing = policy('istio-system', 'allow-nothing', {});
const allowFromWaypoint = policy('amb', 'allow-from-waypoint', { rules: [{ from: [{ source: { principals: ['cluster.local/ns/amb/sa/wp'] } }] }] });
const allowNothingWaypoint = policy('istio-system', 'allow-nothing-waypoint', {
  targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'GatewayClass', name: 'istio-waypoint' }],
});

describe('access through a waypoint', () => {
  // tests/integration/ambient/baseline_test.go `TestAuthorizationWaypointDefaultDeny`: a mesh-wide allow-nothing is
  // enforced by the pods' ztunnel (the waypoint never applies selector or namespace-wide policies,
  // pilot/pkg/model/policyattachment.go); admitting the waypoint's identity there lets traffic through; a policy
  // targeting the GatewayClass istio-waypoint in the root namespace applies at every waypoint.
  test('default deny, allow from the waypoint, allow-nothing on the waypoint class', () => {
    const ask = (docs: string[]) => model([...BASE, ...docs]).access({ from: 'amb/client', to: 'amb/server:80' });
    expect(ask([allowNothing])).toMatchObject({ decision: 'DENY', policy: 'istio-system/allow-nothing', status: 503 });
    expect(ask([allowNothing, allowFromWaypoint])).toMatchObject({ decision: 'ALLOW', policy: 'amb/allow-from-waypoint' });
    expect(ask([allowNothing, allowFromWaypoint, allowNothingWaypoint])).toMatchObject({ decision: 'DENY', policy: 'istio-system/allow-nothing-waypoint', status: 403 });
  });

  // tests/integration/ambient/waypoint_test.go `TestIngressToWaypoint`: sidecars and (without istio.io/ingress-use-waypoint)
  // ingress gateways do not traverse the waypoint; pilot/pkg/xds/endpoints/endpoint_builder.go `findServiceWaypoint`.
  test('sidecars bypass the waypoint; the ingress gateway only with istio.io/ingress-use-waypoint', () => {
    const denyAtWaypoint = policy('amb', 'deny-all-waypoint', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' }] });
    const m = model([...BASE, denyAtWaypoint]);
    expect(m.access({ from: 'amb/client', to: 'amb/server:80' })).toMatchObject({ decision: 'DENY', policy: 'amb/deny-all-waypoint' });
    expect(m.access({ from: 'side/legacy', to: 'amb/server:80' }).decision).toBe('ALLOW');
    const gatewayAccount = 'istio-system/istio-ingressgateway-service-account';
    expect(m.access({ from: gatewayAccount, to: 'amb/server:80' }).decision).toBe('ALLOW');
    const optIn = model([ns('amb', { ...AMBIENT, 'istio.io/ingress-use-waypoint': 'true' }), ...BASE.slice(1), denyAtWaypoint]);
    expect(optIn.access({ from: gatewayAccount, to: 'amb/server:80' })).toMatchObject({ decision: 'DENY', policy: 'amb/deny-all-waypoint' });
  });

  // pilot/pkg/serviceregistry/ambient/waypoints.go: a waypoint for workloads only does not take Service traffic; `none` opts out.
  test('a waypoint that does not take service traffic, or a Service that opts out, is not on the path', () => {
    const denyAtWaypoint = policy('amb', 'deny-all-waypoint', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'wp' }] });
    const workloadOnly = WAYPOINT.replace('namespace: amb}', 'namespace: amb, labels: {istio.io/waypoint-for: workload}}');
    expect(model([...BASE.filter((d) => d !== WAYPOINT), workloadOnly, denyAtWaypoint]).access({ from: 'amb/client', to: 'amb/server:80' }).decision).toBe('ALLOW');
    const optOut = app('amb', 'server').replace('metadata: {name: server, namespace: amb}\nspec: {selector', 'metadata: {name: server, namespace: amb, labels: {istio.io/use-waypoint: none}}\nspec: {selector');
    expect(model([...BASE.filter((d) => !d.includes('name: server')), optOut, denyAtWaypoint]).access({ from: 'amb/client', to: 'amb/server:80' }).decision).toBe('ALLOW');
  });

  // baseline_test.go `TestAuthorizationServiceAttached`: a policy attached to one Service does not apply to another behind the same waypoint.
  test('a Service-attached policy applies to that Service only', () => {
    const svcPolicy = policy('amb', 'server-only', { targetRefs: [{ kind: 'Service', group: 'core', name: 'server' }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/something/sa/else'] } }] }] });
    const m = model([...BASE, app('amb', 'other'), svcPolicy]);
    expect(m.access({ from: 'amb/client', to: 'amb/server:80' })).toMatchObject({ decision: 'DENY', policy: 'amb/server-only' });
    expect(m.access({ from: 'amb/client', to: 'amb/other:80' }).decision).toBe('ALLOW');
  });
});
