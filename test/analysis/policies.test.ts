import { run } from './helpers';

describe('deprecation.DeprecationAnalyzer (IST0002)', () => {
  const analyzer = 'deprecation.DeprecationAnalyzer';
  const vs = (delay: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: ratings }
spec:
  hosts: [ratings]
  http: [{ fault: { delay: ${delay} }, route: [{ destination: { host: ratings } }] }]
`;

  test('clean: delay with percentage', () => {
    expect(run(analyzer, vs('{ percentage: { value: 10 }, fixedDelay: 5s }'))).toEqual([]);
  });

  test('broken: the deprecated percent field, the ignored egressProxy, removed RBAC kinds', () => {
    const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default }\nspec: { outboundTrafficPolicy: { mode: ALLOW_ANY, egressProxy: { host: egress } } }\n';
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: serviceroles.rbac.istio.io }\nspec: { group: rbac.istio.io, names: { kind: ServiceRole } }\n';
    expect(run(analyzer, [vs('{ percent: 10, fixedDelay: 5s }'), sidecar, crd].join('\n---\n'))).toEqual([
      'IST0002 VirtualService default/ratings', 'IST0002 Sidecar default/default', 'IST0002 CustomResourceDefinition serviceroles.rbac.istio.io',
    ]);
  });
});

describe('envoyfilter.EnvoyPatchAnalyzer (IST0151-IST0155)', () => {
  const analyzer = 'envoyfilter.EnvoyPatchAnalyzer';
  const ef = (name: string, patches: string, priority = '') => `
apiVersion: networking.istio.io/v1alpha3
kind: EnvoyFilter
metadata: { name: ${name}, namespace: shop }
spec:
${priority}  configPatches:
${patches}
`;

  test('clean: absolute operations, or a priority', () => {
    expect(run(analyzer, ef('a', '  - { applyTo: HTTP_FILTER, patch: { operation: INSERT_FIRST, value: { name: lua } } }'))).toEqual([]);
    expect(run(analyzer, ef('b', '  - { applyTo: HTTP_FILTER, patch: { operation: INSERT_BEFORE, value: { name: lua } } }', '  priority: 10\n'))).toEqual([]);
  });

  test('broken: relative operations without priority, and operations ignored for what they apply to', () => {
    expect(run(analyzer, ef('a', [
      '  - { applyTo: HTTP_FILTER, patch: { operation: INSERT_AFTER, value: { name: lua } } }',
      '  - { applyTo: CLUSTER, patch: { operation: REPLACE, value: { name: c } } }',
      '  - { applyTo: HTTP_ROUTE, patch: { operation: ADD, value: { name: r } } }',
      '  - { applyTo: ROUTE_CONFIGURATION, patch: { operation: REMOVE } }',
    ].join('\n')))).toEqual(['IST0151 EnvoyFilter shop/a', 'IST0152 EnvoyFilter shop/a', 'IST0153 EnvoyFilter shop/a', 'IST0154 EnvoyFilter shop/a']);
  });

  test('broken: a relative operation on a filter another EnvoyFilter patches for a proxy version', () => {
    const versioned = ef('a', '  - { applyTo: HTTP_FILTER, match: { proxy: { proxyVersion: "^1\\\\.30.*" } }, patch: { operation: INSERT_FIRST, value: { name: lua } } }');
    const relative = ef('b', '  - { applyTo: HTTP_FILTER, patch: { operation: INSERT_BEFORE, value: { name: lua } } }');
    expect(run(analyzer, [versioned, relative].join('\n---\n'))).toEqual(['IST0155 EnvoyFilter shop/b']);
  });
});

describe('injection.Analyzer (IST0102, IST0103, IST0123, IST0148)', () => {
  const analyzer = 'injection.Analyzer';
  const ns = (name: string, labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: ${labels} }\n`;

  test('clean: namespaces in the mesh (sidecar or ambient), pods injected', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec: { containers: [{ name: web }, { name: istio-proxy, image: proxyv2 }] }\n';
    expect(run(analyzer, [ns('shop', '{ istio-injection: enabled }'), ns('pay', '{ istio.io/dataplane-mode: ambient }'), pod].join('\n---\n'))).toEqual([]);
  });

  test('broken: a namespace not in the mesh, two injection labels, a pod without proxy', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: web, namespace: shop }\nspec: { containers: [{ name: web }] }\n';
    expect(run(analyzer, [ns('shop', '{ istio-injection: enabled }'), ns('legacy', '{}'), ns('mixed', '{ istio-injection: enabled, istio.io/rev: canary }'), pod]
      .join('\n---\n'))).toEqual(['IST0102 Namespace legacy', 'IST0123 Namespace mixed', 'IST0103 Pod shop/web']);
  });

  test('broken: injection enabled by default in the injector config', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio-sidecar-injector, namespace: istio-system }\n'
      + 'data: { values: \'{"sidecarInjectorWebhook": {"enableNamespacesByDefault": true}}\' }\n';
    expect(run(analyzer, [ns('legacy', '{}'), cm].join('\n---\n'))).toEqual(['IST0148 Namespace legacy']);
  });
});

describe('k8sgateway.SelectorAnalyzer (IST0166)', () => {
  const analyzer = 'k8sgateway.SelectorAnalyzer';
  const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: gw-1, namespace: shop, labels: { gateway.networking.k8s.io/gateway-name: web } }\nspec: { containers: [{ name: istio-proxy }] }\n';
  const ap = (spec: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: gw, namespace: shop }\nspec: ${spec}\n`;

  test('clean: policies attach to the Kubernetes Gateway with targetRefs', () => {
    expect(run(analyzer, [pod, ap('{ targetRef: { kind: Gateway, group: gateway.networking.k8s.io, name: web }, action: DENY, rules: [{}] }')].join('\n---\n'))).toEqual([]);
  });

  test('broken: a selector on the gateway pods', () => {
    expect(run(analyzer, [pod, ap('{ selector: { matchLabels: { gateway.networking.k8s.io/gateway-name: web } }, action: DENY, rules: [{}] }')].join('\n---\n')))
      .toEqual(['IST0166 AuthorizationPolicy shop/gw']);
  });
});

describe('conditions.ConditionAnalyzer (IST0171)', () => {
  const analyzer = 'conditions.ConditionAnalyzer';
  const se = (status: string) => `apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: { name: ext }\nspec: { hosts: [a.example.com] }\nstatus: ${status}\n`;

  test('clean: positive conditions', () => {
    expect(run(analyzer, se('{ conditions: [{ type: istio.io/WaypointBound, status: "True" }] }'))).toEqual([]);
  });

  test('broken: a negative condition in the status', () => {
    expect(run(analyzer, se('{ conditions: [{ type: istio.io/WaypointBound, status: "False", reason: WaypointNotFound, message: none }] }')))
      .toEqual(['IST0171 ServiceEntry default/ext']);
  });
});

describe('authn.BlockedCIDRsAnalyzer (IST0175)', () => {
  const analyzer = 'authn.BlockedCIDRsAnalyzer';
  const istiod = (env: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: istiod, namespace: istio-system, labels: { app: istiod } }
spec:
  template: { spec: { containers: [{ name: discovery, env: ${env} }] } }
`;
  const ra = 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata: { name: jwt, namespace: shop }\nspec: { jwtRules: [{ issuer: x }] }\n';

  test('clean: istiod restricts JWKS fetches', () => {
    expect(run(analyzer, [istiod('[{ name: BLOCKED_CIDRS_IN_JWKS_URIS, value: "10.0.0.0/8" }]'), ra].join('\n---\n'))).toEqual([]);
  });

  test('broken: RequestAuthentications while istiod fetches JWKS from anywhere', () => {
    expect(run(analyzer, [istiod('[]'), ra].join('\n---\n'))).toEqual(['IST0175 Deployment istio-system/istiod']);
  });
});

describe('annotations.K8sAnalyzer (IST0107, IST0108, IST0125, IST0135)', () => {
  const analyzer = 'annotations.K8sAnalyzer';
  const deployment = (annotations: string, templateAnnotations = '{}') => `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop, annotations: ${annotations} }
spec:
  template: { metadata: { annotations: ${templateAnnotations} }, spec: { containers: [{ name: web }] } }
`;

  test('clean: sidecar annotations on the pod template, known annotations where they belong', () => {
    expect(run(analyzer, deployment('{}', '{ sidecar.istio.io/proxyCPU: 100m }'))).toEqual([]);
    expect(run(analyzer, 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, annotations: { traffic.sidecar.istio.io/excludeOutboundPorts: "3306,5432" } }\n')).toEqual([]);
  });

  test('broken: an annotation on the Deployment instead of its pod template, unknown, and invalid ones', () => {
    expect(run(analyzer, deployment('{ sidecar.istio.io/proxyCPU: 100m }'))).toEqual(['IST0107 Deployment shop/web']);
    expect(run(analyzer, 'apiVersion: v1\nkind: Service\nmetadata: { name: s, annotations: { networking.istio.io/exportToo: "." } }\n'))
      .toEqual(['IST0108 Service default/s']);
    expect(run(analyzer, 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, annotations: { sidecar.istio.io/interceptionMode: BOUNCE } }\n'))
      .toEqual(['IST0125 Pod default/p']);
    expect(run(analyzer, 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, annotations: { sidecar.istio.io/inject: "true" } }\n'))
      .toEqual(['IST0135 Pod default/p']);
  });
});
