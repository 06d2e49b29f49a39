import { findings, run } from './helpers';
import { Severity } from '../../lib/vocab/finding';

const ra = (ns: string, selector = '') => `
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata: { name: jwt, namespace: ${ns} }
spec:
${selector ? `  selector: { matchLabels: ${selector} }\n` : ''}  jwtRules: [{ issuer: https://issuer.example.com, jwksUri: https://issuer.example.com/jwks }]
`;
const ap = (name: string, ns: string, spec: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: ${name}, namespace: ${ns} }
spec: ${spec}
`;
const pa = (name: string, ns: string, spec: string, annotations = '') => `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: ${name}, namespace: ${ns}${annotations} }
spec: ${spec}
`;

describe('CIS5001: RequestAuthentication without a policy requiring a principal', () => {
  const analyzer = 'cdk8s-istio.RequestAuthenticationAnalyzer';
  const requireJwt = '{ action: DENY, rules: [{ from: [{ source: { notRequestPrincipals: ["*"] } }] }] }';

  test('clean: a DENY policy for requests without principal, on the same or a wider set of workloads', () => {
    expect(run(analyzer, [ra('shop', '{ app: web }'), ap('require-jwt', 'shop', requireJwt.replace('{ action', '{ selector: { matchLabels: { app: web } }, action'))]
      .join('\n---\n'))).toEqual([]);
    expect(run(analyzer, [ra('shop', '{ app: web, tier: front }'), ap('require-jwt', 'shop', requireJwt.replace('{ action', '{ selector: { matchLabels: { app: web } }, action'))]
      .join('\n---\n'))).toEqual([]);
    expect(run(analyzer, [ra('shop'), ap('require-jwt', 'istio-system', requireJwt)].join('\n---\n'))).toEqual([]);
    expect(run(analyzer, [ra('shop'), ap('allow-users', 'shop', '{ rules: [{ from: [{ source: { requestPrincipals: ["https://issuer.example.com/*"] } }] }] }')]
      .join('\n---\n'))).toEqual([]);
  });

  test('broken: tokens are validated when present, but requests without one pass', () => {
    const result = findings(analyzer, [ra('shop', '{ app: web }'), ap('other', 'shop', requireJwt.replace('{ action', '{ selector: { matchLabels: { app: api } }, action'))]
      .join('\n---\n'));
    expect(result.map((f) => [f.code, f.severity, f.message])).toEqual([[
      'CIS5001', Severity.WARNING,
      'RequestAuthentication shop/jwt validates tokens, but no AuthorizationPolicy requires a request principal for the workloads it selects '
      + '(workloads with labels app=web in namespace shop): requests without a token are still accepted.',
    ]]);
  });
});

describe('CIS5002: ALLOW policy with an empty rule', () => {
  const analyzer = 'cdk8s-istio.AllowAllAnalyzer';

  test('clean: ALLOW rules that narrow; DENY with an empty rule denies all; no rules allows nothing', () => {
    expect(run(analyzer, ap('a', 'shop', '{ rules: [{ from: [{ source: { principals: [cluster.local/ns/front/sa/web] } }] }] }'))).toEqual([]);
    expect(run(analyzer, ap('b', 'shop', '{ action: DENY, rules: [{}] }'))).toEqual([]);
    expect(run(analyzer, ap('c', 'shop', '{}'))).toEqual([]);
  });

  test('broken: an empty rule (or one with empty source and operation) allows everything', () => {
    expect(findings(analyzer, ap('a', 'shop', '{ action: ALLOW, rules: [{ to: [{ operation: { methods: [GET] } }] }, {}] }')).map((f) => [f.code, f.path]))
      .toEqual([['CIS5002', 'spec.rules[1]']]);
    expect(run(analyzer, ap('b', 'shop', '{ rules: [{ from: [{ source: {} }], to: [{ operation: {} }] }] }'))).toEqual(['CIS5002 AuthorizationPolicy shop/b']);
  });
});

describe('CIS5003: PERMISSIVE or DISABLE inside a STRICT namespace', () => {
  const analyzer = 'cdk8s-istio.MtlsDowngradeAnalyzer';
  const strict = pa('default', 'shop', '{ mtls: { mode: STRICT } }');

  test('clean: workload-level STRICT, or PERMISSIVE in a namespace not declared STRICT', () => {
    expect(run(analyzer, [strict, pa('web', 'shop', '{ selector: { matchLabels: { app: web } }, mtls: { mode: STRICT } }')].join('\n---\n'))).toEqual([]);
    expect(run(analyzer, [strict, pa('web', 'other', '{ selector: { matchLabels: { app: web } }, mtls: { mode: PERMISSIVE } }')].join('\n---\n'))).toEqual([]);
  });

  test('broken: a workload and a port downgraded to plaintext', () => {
    const weak = pa('legacy', 'shop', '{ selector: { matchLabels: { app: legacy } }, mtls: { mode: PERMISSIVE }, portLevelMtls: { "8080": { mode: DISABLE } } }');
    expect(findings(analyzer, [strict, weak].join('\n---\n')).map((f) => [f.code, f.path, f.message])).toEqual([
      ['CIS5003', 'spec.mtls.mode',
        'PeerAuthentication shop/legacy sets mTLS mode PERMISSIVE in namespace shop, which PeerAuthentication shop/default declares STRICT: plaintext traffic is accepted there.'],
      ['CIS5003', 'spec.portLevelMtls.8080.mode',
        'PeerAuthentication shop/legacy sets mTLS mode DISABLE on port 8080 in namespace shop, which PeerAuthentication shop/default declares STRICT: plaintext traffic is accepted there.'],
    ]);
  });

  test('suppressed: a deliberate exception carries the suppression annotation and is reported as suppressed', () => {
    const weak = pa('legacy', 'shop', '{ selector: { matchLabels: { app: legacy } }, mtls: { mode: PERMISSIVE } }',
      ', annotations: { galley.istio.io/analyze-suppress: CIS5003 }');
    expect(findings(analyzer, [strict, weak].join('\n---\n')).map((f) => [f.code, f.severity, f.suppressedBy])).toEqual([
      ['CIS5003', Severity.INFO, 'annotation galley.istio.io/analyze-suppress'],
    ]);
  });
});

describe('CIS5004: workload policies in a namespace out of the mesh', () => {
  const analyzer = 'cdk8s-istio.PolicyOutsideMeshAnalyzer';
  const ns = (labels: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: legacy, labels: ${labels} }\n`;

  test('clean: the namespace is in the mesh, or the policy selects a gateway', () => {
    expect(run(analyzer, [ns('{ istio-injection: enabled }'), ap('a', 'legacy', '{ action: DENY, rules: [{}] }')].join('\n---\n'))).toEqual([]);
    const gw = 'apiVersion: v1\nkind: Pod\nmetadata: { name: gw, namespace: legacy, labels: { istio: egressgateway } }\nspec: { containers: [{ name: istio-proxy, image: proxyv2 }] }\n';
    expect(run(analyzer, [ns('{ istio-injection: disabled }'), gw, ap('a', 'legacy', '{ selector: { matchLabels: { istio: egressgateway } } }')].join('\n---\n')))
      .toEqual([]);
  });

  test('broken: a policy in a namespace labelled istio-injection=disabled', () => {
    expect(run(analyzer, [ns('{ istio-injection: disabled }'), ap('a', 'legacy', '{ action: DENY, rules: [{}] }')].join('\n---\n')))
      .toEqual(['CIS5004 AuthorizationPolicy legacy/a']);
  });
});
