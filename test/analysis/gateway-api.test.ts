import { findings, run } from './helpers';

// Rules from Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go (referenceAllowed, buildDestination)
// and conditions.go (generateSupportedKinds); the scenarios follow Istio's status tests in
// pilot/pkg/config/kube/gateway/testdata (route-binding, invalid-backend, reference-grant).

const A = 'cdk8s-istio.GatewayApiRouteAnalyzer';

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ingress}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: "*.example.com", allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {ingress: "yes"}}}}}
  - {name: tcp, port: 5432, protocol: TCP, allowedRoutes: {namespaces: {from: All}}}
  - name: https
    port: 443
    protocol: HTTPS
    hostname: shop.example.com
    tls: {certificateRefs: [{name: shop-cert, namespace: certs}]}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {ingress: "yes"}}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {ports: [{port: 8080}]}
`;

function route(ns: string, name: string, spec: string): string {
  return `---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
}

const GRANT_CERT = `---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: gw-certs, namespace: certs}
spec:
  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: ingress}]
  to: [{group: "", kind: Secret}]
---
apiVersion: v1
kind: Secret
metadata: {name: shop-cert, namespace: certs}
type: kubernetes.io/tls
`;

describe('GatewayApiRouteAnalyzer', () => {
  test('a route that attaches and resolves everything is clean', () => {
    expect(run(A, GATEWAY + GRANT_CERT + route('shop', 'cart', `  parentRefs: [{name: gw, namespace: ingress, sectionName: http}]
  hostnames: [shop.example.com]
  rules: [{backendRefs: [{name: cart, port: 8080}]}]
`))).toEqual([]);
  });

  test('NoMatchingParent: a missing Gateway, listener or port', () => {
    const found = findings(A, GATEWAY + GRANT_CERT + route('shop', 'r', `  parentRefs:
  - {name: nope, namespace: ingress}
  - {name: gw, namespace: ingress, sectionName: grpc}
  - {name: gw, namespace: ingress, port: 8443}
`));
    expect(found.map((f) => `${f.code} ${f.path}`)).toEqual(['CIS5100 spec.parentRefs[0]', 'CIS5100 spec.parentRefs[1].sectionName', 'CIS5100 spec.parentRefs[2].port']);
    expect(found[0].message).toBe('HTTPRoute shop/r is not attached to parentRef Gateway ingress/nope (Istio sets Accepted=False, reason NoMatchingParent): Gateway "ingress/nope" not found');
    expect(found[1].hint).toBe('Use a listener of Gateway gw: http, tcp, https.');
  });

  test('a Service parentRef without group "" (GAMMA): the group defaults to the Gateway API\'s, and Istio attaches to no Service', () => {
    // Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go toInternalParentReference: the parent's group/kind
    // must be one of allowedParentReferences; gateway.networking.k8s.io/Service is not ("unsupported parent").
    const found = findings(A, GATEWAY + GRANT_CERT + route('shop', 'r', `  parentRefs:
  - {kind: Service, name: cart, port: 8080}
  - {group: gateway.networking.k8s.io, kind: Service, name: cart}
  - {group: "", kind: Service, name: cart, port: 8080}
`));
    expect(found.map((f) => `${f.code} ${f.severity} ${f.path}`)).toEqual(['CIS5107 warning spec.parentRefs[0].group', 'CIS5107 warning spec.parentRefs[1].group']);
    expect(found[0].message).toBe('HTTPRoute shop/r: parentRef Service shop/cart has kind Service in group gateway.networking.k8s.io (the default when group is left out), which Istio does not support as a parent: the route applies to no Service');
    expect(found[0].hint).toBe('Set group: "" on the parentRef (a core Service; RouteParent.service() writes it).');
  });

  test('a RegularExpression match behind a PathPrefix "/" catch-all on the same parent and host is never reached', () => {
    // Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go sortHTTPRoutes/getURIRank (Exact 3 > Prefix 2 > Regex 1,
    // before length, method, headers, query params; conversion_test.go TestSortHTTPRoutes); the HTTPRoutes of a
    // parent and host are merged before sorting (route_collections.go).
    const regex = (ns: string, name: string, hosts: string) => route(ns, name, `  parentRefs: [{name: gw, namespace: ingress, sectionName: http}]
  hostnames: ${hosts}
  rules:
  - matches: [{path: {type: RegularExpression, value: "/api/v[0-9]+/.*"}, headers: [{name: x-beta, value: "1"}]}]
    backendRefs: [{name: cart, port: 8080}]
`);
    const catchAll = (ns: string, name: string, hosts: string, match: string) => route(ns, name, `  parentRefs: [{name: gw, namespace: ingress, sectionName: http}]
  hostnames: ${hosts}
  rules:
  - ${match}backendRefs: [{name: cart, port: 8080}]
`);
    const found = findings(A, GATEWAY + GRANT_CERT + catchAll('shop', 'all', '[a.example.com]', '') + regex('shop', 'r', '[a.example.com]'));
    expect(found.map((f) => `${f.code} ${f.severity} ${f.path}`)).toEqual(['CIS5108 warning spec.rules[0].matches[0].path']);
    expect(found[0].message).toBe('HTTPRoute shop/r: the RegularExpression path match "/api/v[0-9]+/.*" is never reached on Gateway ingress/gw#http: '
      + 'Istio orders every PathPrefix match before any RegularExpression match, and HTTPRoute shop/all matches every request with PathPrefix "/"');
    // The same with an explicit PathPrefix "/"; not when the prefix is longer, carries a condition, or serves another host.
    expect(findings(A, GATEWAY + GRANT_CERT + catchAll('shop', 'all', '[a.example.com]', 'matches: [{path: {type: PathPrefix, value: /}}]\n    ') + regex('shop', 'r', '[a.example.com]'))
      .map((f) => f.code)).toEqual(['CIS5108']);
    for (const [hosts, match] of [
      ['[a.example.com]', 'matches: [{path: {type: PathPrefix, value: /shop}}]\n    '],
      ['[a.example.com]', 'matches: [{path: {type: PathPrefix, value: /}, method: GET}]\n    '],
      ['[b.example.com]', ''],
    ]) {
      expect(findings(A, GATEWAY + GRANT_CERT + catchAll('shop', 'all', hosts, match) + regex('shop', 'r', '[a.example.com]'))).toEqual([]);
    }
  });

  test('NotAllowedByListeners: a namespace the listener does not select, a kind the protocol does not carry', () => {
    const found = findings(A, GATEWAY + GRANT_CERT + route('other', 'r', `  parentRefs: [{name: gw, namespace: ingress, sectionName: http}]
  hostnames: [a.example.com]
`) + route('shop', 'tcp', `  parentRefs: [{name: gw, namespace: ingress, sectionName: tcp}]
`));
    expect(found.map((f) => f.code)).toEqual(['CIS5101', 'CIS5101']);
    expect(found[0].message).toContain('reason NotAllowedByListeners): hostnames matched parent hostname "*.example.com", but namespace "other" is not allowed by the parent');
    expect(found[1].message).toContain('kind HTTPRoute is not allowed (listener tcp admits TCPRoute)');
  });

  test('NoMatchingListenerHostname: hostnames that do not intersect', () => {
    const found = findings(A, GATEWAY + GRANT_CERT + route('shop', 'r', `  parentRefs: [{name: gw, namespace: ingress, sectionName: https}]
  hostnames: [admin.example.org]
`));
    expect(found.map((f) => f.code)).toEqual(['CIS5102']);
    expect(found[0].message).toContain('reason NoMatchingListenerHostname): no hostnames matched parent hostname "shop.example.com"');
  });

  test('BackendNotFound, InvalidKind and RefNotPermitted for backendRefs and mirrors', () => {
    const found = findings(A, GATEWAY + GRANT_CERT + `---
apiVersion: v1
kind: Service
metadata: {name: pg, namespace: data}
spec: {ports: [{port: 5432}]}
` + route('shop', 'r', `  rules:
  - backendRefs: [{name: gone, port: 80}, {name: cart, port: 9999}, {name: bucket, group: example.com, kind: Bucket}, {name: pg, namespace: data, port: 5432}]
    filters: [{type: RequestMirror, requestMirror: {backendRef: {name: shadow, port: 80}}}]
`));
    expect(found.map((f) => `${f.code} ${f.path}`)).toEqual([
      'CIS5103 spec.rules[0].backendRefs[0]', 'CIS5103 spec.rules[0].backendRefs[1]', 'CIS5103 spec.rules[0].backendRefs[2]',
      'CIS5104 spec.rules[0].backendRefs[3]', 'CIS5103 spec.rules[0].filters[0].requestMirror.backendRef',
    ]);
    expect(found[0].message).toContain('reason BackendNotFound): backend(gone.shop.svc.cluster.local) not found');
    expect(found[1].message).toContain('Service shop/cart has no port 9999 (ports: 8080)');
    expect(found[2].message).toContain('reason InvalidKind)');
    expect(found[3].message).toBe('HTTPRoute shop/r refers to Service pg in namespace data, and no ReferenceGrant there allows it (Istio sets ResolvedRefs=False, reason RefNotPermitted)');
    expect(found[3].hint).toBe('Add a ReferenceGrant in namespace data from HTTPRoute in shop to Service pg.');
  });

  test('a ReferenceGrant for the route kind and namespace permits the cross-namespace backend', () => {
    expect(run(A, GATEWAY + GRANT_CERT + `---
apiVersion: v1
kind: Service
metadata: {name: pg, namespace: data}
spec: {ports: [{port: 5432}]}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: shop, namespace: data}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service, name: pg}]
` + route('shop', 'r', `  rules: [{backendRefs: [{name: pg, namespace: data, port: 5432}]}]
`))).toEqual([]);
  });

  test('certificateRefs: another namespace without a grant, and a missing Secret', () => {
    expect(run(A, GATEWAY)).toEqual(['CIS5104 Gateway ingress/gw']);
    const found = findings(A, GATEWAY + GRANT_CERT.replace('name: shop-cert, namespace: certs}\ntype', 'name: other-cert, namespace: certs}\ntype'));
    expect(found.map((f) => `${f.code} ${f.path}`)).toEqual(['CIS5106 spec.listeners[2].tls.certificateRefs[0]']);
  });

  test('conflicting routes: the same match on the same parent and host; the first by namespace/name wins', () => {
    const spec = `  parentRefs: [{name: gw, namespace: ingress, sectionName: http}]
  hostnames: [shop.example.com]
  rules: [{matches: [{path: {type: PathPrefix, value: /cart}}], backendRefs: [{name: cart, port: 8080}]}]
`;
    const found = findings(A, GATEWAY + GRANT_CERT + route('shop', 'b', spec) + route('shop', 'a', spec));
    expect(found.map((f) => `${f.code} ${f.resource?.name}`)).toEqual(['CIS5105 b']);
    expect(found[0].message).toContain('only shop/a applies to it');
  });

  test('open world: references into namespaces the app does not define are not findings', () => {
    expect(run(A, route('shop', 'r', `  parentRefs: [{name: public, namespace: istio-ingress}]
  rules: [{backendRefs: [{name: ratings, namespace: shared, port: 9080}]}]
`), { assumeCompleteMesh: false })).toEqual([]);
  });
});
