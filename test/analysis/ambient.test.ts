import { findings, run } from './helpers';
import { Dataplane } from '../../lib';

const AMBIENT = 'cdk8s-istio.AmbientAnalyzer';

const ns = (name: string, labels: Record<string, string>) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${name}, labels: ${JSON.stringify(labels)} }
---`;
const waypoint = (name: string, namespace: string, extra = '') => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ${name}, namespace: ${namespace}${extra} }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
---`;
const service = (name: string, namespace: string, labels: Record<string, string> = {}) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)} }
spec: { selector: { app: ${name} }, ports: [{ name: http, port: 9080 }] }
---`;
const deployment = (name: string, namespace: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { serviceAccountName: ${name}, containers: [{ name: app, image: x }] }
---`;

describe('waypoint use (pilot/pkg/serviceregistry/ambient/waypoints.go, status.go)', () => {
  test('CIS5020: a Service uses a waypoint the set does not define, or a Gateway that is no waypoint', () => {
    const yaml = ns('shop', { 'istio.io/dataplane-mode': 'ambient' }) + service('orders', 'shop', { 'istio.io/use-waypoint': 'missing' })
      + service('carts', 'shop', { 'istio.io/use-waypoint': 'ingress' })
      + `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: ingress, namespace: shop }
spec: { gatewayClassName: istio, listeners: [{ name: http, port: 80, protocol: HTTP }] }`;
    expect(run(AMBIENT, yaml)).toEqual(['CIS5020 Service shop/orders', 'CIS5020 Service shop/carts']);
    // In an open world, a waypoint in a namespace the set has no Gateway in may be the platform's.
    const remote = ns('shop', { 'istio.io/dataplane-mode': 'ambient' }) + service('orders', 'shop', { 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'istio-system' });
    expect(run(AMBIENT, remote, { assumeCompleteMesh: false })).toEqual([]);
    expect(run(AMBIENT, remote)).toEqual(['CIS5020 Service shop/orders']);
  });

  test('CIS5021: traffic type and cross-namespace attachment (UnsupportedTrafficType, AttachmentDenied)', () => {
    const yaml = waypoint('wl-only', 'shop', ', labels: { istio.io/waypoint-for: workload }') + waypoint('local', 'infra')
      + service('orders', 'shop', { 'istio.io/use-waypoint': 'wl-only' })
      + service('carts', 'shop', { 'istio.io/use-waypoint': 'local', 'istio.io/use-waypoint-namespace': 'infra' });
    expect(run(AMBIENT, yaml)).toEqual(['CIS5021 Service shop/orders', 'CIS5021 Service shop/carts']);
    const open = waypoint('shared', 'infra').replace('protocol: HBONE }', 'protocol: HBONE, allowedRoutes: { namespaces: { from: All } } }')
      + service('carts', 'shop', { 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra' });
    expect(run(AMBIENT, open)).toEqual([]);
  });

  test('a workload inheriting a service waypoint from its namespace has none, without a finding (fetchWaypointForWorkload)', () => {
    const yaml = ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }) + waypoint('waypoint', 'shop')
      + service('orders', 'shop') + deployment('orders', 'shop');
    expect(run(AMBIENT, yaml)).toEqual([]);
  });
});

describe('policies in ambient namespaces (authorization.go, policyattachment.go)', () => {
  const base = ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }) + waypoint('waypoint', 'shop')
    + service('orders', 'shop') + deployment('orders', 'shop');

  test('CIS5022: HTTP attributes in a selector policy on workloads a waypoint serves; an ALLOW left empty is an error', () => {
    const yaml = `${base}
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: get-only, namespace: shop }
spec:
  selector: { matchLabels: { app: orders } }
  rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/waypoint] } }], to: [{ operation: { methods: [GET] } }] }]`;
    // The ALLOW is left with no rule: it denies everything, the waypoint's requests included (CIS5024 says so too).
    const [cis5022, cis5024] = findings(AMBIENT, yaml);
    expect([cis5022.code, cis5022.severity, cis5024.code]).toEqual(['CIS5022', 'error', 'CIS5024']);
    expect(cis5022.message).toContain('(methods) and selects workloads in ambient namespace shop that waypoint shop/waypoint serves');
    expect(cis5022.message).toContain('no rule is left, so the policy denies every request');
    // A DENY keeps its L4 parts and its HTTP parts match nothing: a warning.
    const deny = findings(AMBIENT, yaml.replace('rules:', 'action: DENY\n  rules:'));
    expect(deny.map((f) => [f.code, f.severity])).toEqual([['CIS5022', 'warning']]);
  });

  test('CIS5023: a RequestAuthentication without targetRefs in an ambient namespace, or targeting a Service without waypoint', () => {
    const yaml = `${ns('shop', { 'istio.io/dataplane-mode': 'ambient' })}${service('orders', 'shop')}
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: by-selector, namespace: shop }
spec: { selector: { matchLabels: { app: orders } }, jwtRules: [{ issuer: https://idp.example.com }] }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: on-service, namespace: shop }
spec: { targetRefs: [{ kind: Service, group: '', name: orders }], action: DENY, rules: [{ to: [{ operation: { paths: [/admin] } }] }] }`;
    expect(run(AMBIENT, yaml)).toEqual(['CIS5023 RequestAuthentication shop/by-selector', 'CIS5023 AuthorizationPolicy shop/on-service']);
    // The same objects in a sidecar namespace: the RequestAuthentication is enforced by the sidecar.
    expect(run(AMBIENT, yaml.replace("'istio.io/dataplane-mode': 'ambient'", "'istio-injection': 'enabled'").replace('"istio.io/dataplane-mode":"ambient"', '"istio-injection":"enabled"')))
      .toEqual(['CIS5023 AuthorizationPolicy shop/on-service']);
  });

  test('the data plane of a namespace the set does not define comes from the options (IstioSettings)', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: shop }
spec: { jwtRules: [{ issuer: https://idp.example.com }] }`;
    expect(run(AMBIENT, yaml)).toEqual([]);
    expect(run(AMBIENT, yaml, { defaultDataplane: Dataplane.AMBIENT })).toEqual(['CIS5023 RequestAuthentication shop/jwt']);
    expect(run(AMBIENT, yaml, { defaultDataplane: Dataplane.AMBIENT, namespaceDataplanes: { shop: Dataplane.SIDECAR } })).toEqual([]);
  });

  test('CIS5024: a deny-by-default ALLOW that does not admit the waypoint denies what the waypoint forwards', () => {
    const allowNothing = `${base}
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-by-default, namespace: shop }
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: frontend, namespace: shop }
spec:
  selector: { matchLabels: { app: orders } }
  rules: [{ from: [{ source: { principals: [cluster.local/ns/web/sa/frontend] } }] }]`;
    expect(run(AMBIENT, allowNothing)).toEqual(['CIS5024 AuthorizationPolicy shop/deny-by-default']);
    const fixed = `${allowNothing}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: via-waypoint, namespace: shop }
spec:
  selector: { matchLabels: { app: orders } }
  rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/waypoint] } }] }]`;
    expect(run(AMBIENT, fixed)).toEqual([]);
  });

  test('a targetRefs policy on a Service that uses a waypoint is fine', () => {
    const yaml = `${base}
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: shop }
spec: { targetRefs: [{ kind: Service, group: '', name: orders }], jwtRules: [{ issuer: https://idp.example.com }] }`;
    expect(run(AMBIENT, yaml)).toEqual([]);
  });
});

describe('L7 routes in ambient namespaces', () => {
  const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews, namespace: shop }
spec:
  hosts: [reviews]
  http: [{ route: [{ destination: { host: reviews, subset: v1 } }] }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: reviews-canary, namespace: shop }
spec:
  parentRefs: [{ group: '', kind: Service, name: reviews, port: 9080 }]
  rules: [{ backendRefs: [{ name: reviews, port: 9080 }] }]
---`;

  test('CIS5025: a mesh route for a Service that uses no waypoint is ignored by ambient callers', () => {
    const without = ns('shop', { 'istio.io/dataplane-mode': 'ambient' }) + service('reviews', 'shop') + vs;
    expect(run(AMBIENT, without)).toEqual(['CIS5025 VirtualService shop/reviews', 'CIS5025 HTTPRoute shop/reviews-canary']);
    const withWaypoint = ns('shop', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }) + waypoint('waypoint', 'shop')
      + service('reviews', 'shop') + vs;
    expect(run(AMBIENT, withWaypoint)).toEqual([]);
    // Sidecars apply routes themselves.
    expect(run(AMBIENT, ns('shop', { 'istio-injection': 'enabled' }) + service('reviews', 'shop') + vs)).toEqual([]);
  });
});
