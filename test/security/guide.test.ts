/**
 * The security examples of the Istio guide in ../shared/seed (an Istio 1.20-era guide), written with L2.
 * Differences from the guide: security.istio.io/v1 instead of v1beta1, and the corrections noted per test.
 */
import { Testing } from 'cdk8s';
import { synthValid } from './validate';
import {
  AuthorizationPolicy, Condition, JwksSource, MtlsMode, PeerAuthentication, Principal, RequestAuthentication, WorkloadSelector,
} from '../../lib';

const SECURITY = 'security.istio.io/v1';
const meta = (name: string, namespace = 'default') => ({ name, namespace });

describe('Istio guide, Security, written with L2', () => {
  test('mTLS: mesh-wide, namespace and workload with port-level mode', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    PeerAuthentication.meshWide(chart, 'mesh', { mtlsMode: MtlsMode.STRICT });
    PeerAuthentication.forNamespace(chart, 'production', { name: 'namespace-policy', namespace: 'production', mtlsMode: MtlsMode.STRICT });
    PeerAuthentication.forWorkload(chart, 'productpage', {
      metadata: meta('productpage-peer-policy'), selector: WorkloadSelector.labels({ app: 'productpage' }), mtlsMode: MtlsMode.STRICT,
    }).addPortMtls(9080, MtlsMode.DISABLE);
    // The guide's "custom CA" policy is an ordinary namespace policy: the CA is configured by the cacerts Secret.
    PeerAuthentication.forNamespace(chart, 'custom-ca', { name: 'custom-ca-policy', namespace: 'production', mtlsMode: MtlsMode.STRICT });
    // THEN
    expect(synthValid(chart)).toEqual([
      { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: meta('default', 'istio-system'), spec: { mtls: { mode: 'STRICT' } } },
      { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: meta('namespace-policy', 'production'), spec: { mtls: { mode: 'STRICT' } } },
      {
        apiVersion: SECURITY,
        kind: 'PeerAuthentication',
        metadata: meta('productpage-peer-policy'),
        spec: { selector: { matchLabels: { app: 'productpage' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 9080: { mode: 'DISABLE' } } },
      },
      { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: meta('custom-ca-policy', 'production'), spec: { mtls: { mode: 'STRICT' } } },
    ]);
  });

  test('JWT authentication with one issuer, and with several issuers', () => {
    const chart = Testing.chart();
    new RequestAuthentication(chart, 'jwt', { metadata: meta('jwt-auth'), selector: WorkloadSelector.labels({ app: 'productpage' }) }).addJwtRule({
      issuer: 'https://auth.example.com',
      jwks: JwksSource.fromUri('https://auth.example.com/.well-known/jwks.json'),
      audiences: ['bookinfo-api'],
      forwardOriginalToken: true,
    });
    new RequestAuthentication(chart, 'multi', { metadata: meta('multi-jwt'), selector: WorkloadSelector.labels({ app: 'reviews' }) })
      .addJwtRule({ issuer: 'https://auth1.example.com', jwks: JwksSource.fromUri('https://auth1.example.com/.well-known/jwks.json') })
      .addJwtRule({
        issuer: 'https://auth2.example.com', jwks: JwksSource.fromUri('https://auth2.example.com/.well-known/jwks.json'), audiences: ['reviews-api'],
      });
    expect(synthValid(chart)).toEqual([
      {
        apiVersion: SECURITY,
        kind: 'RequestAuthentication',
        metadata: meta('jwt-auth'),
        spec: {
          selector: { matchLabels: { app: 'productpage' } },
          jwtRules: [{
            issuer: 'https://auth.example.com',
            jwksUri: 'https://auth.example.com/.well-known/jwks.json',
            audiences: ['bookinfo-api'],
            forwardOriginalToken: true,
          }],
        },
      },
      {
        apiVersion: SECURITY,
        kind: 'RequestAuthentication',
        metadata: meta('multi-jwt'),
        spec: {
          selector: { matchLabels: { app: 'reviews' } },
          jwtRules: [
            { issuer: 'https://auth1.example.com', jwksUri: 'https://auth1.example.com/.well-known/jwks.json' },
            { issuer: 'https://auth2.example.com', jwksUri: 'https://auth2.example.com/.well-known/jwks.json', audiences: ['reviews-api'] },
          ],
        },
      },
    ]);
  });

  test('allow-all and deny-all (which is "allow nothing": an ALLOW policy without rules)', () => {
    const chart = Testing.chart();
    AuthorizationPolicy.allowAll(chart, 'allow', { metadata: meta('allow-all'), selector: WorkloadSelector.labels({ app: 'productpage' }) });
    AuthorizationPolicy.allowNothing(chart, 'deny', { metadata: meta('deny-all'), selector: WorkloadSelector.labels({ app: 'ratings' }) });
    expect(synthValid(chart).map((o) => o.spec)).toEqual([
      { selector: { matchLabels: { app: 'productpage' } }, rules: [{}] },
      { selector: { matchLabels: { app: 'ratings' } } },
    ]);
  });

  test('method-based authorization, principals built from service accounts', () => {
    const chart = Testing.chart();
    const productpage = { name: 'productpage', metadata: { namespace: 'default' } };
    const admin = { name: 'admin', metadata: { namespace: 'default' } };
    new AuthorizationPolicy(chart, 'reviews', { metadata: meta('reviews-policy'), selector: WorkloadSelector.labels({ app: 'reviews' }) })
      .addRule({ from: [{ principals: [Principal.fromServiceAccount(productpage)] }], to: [{ methods: ['GET'] }] })
      .addRule({ from: [{ principals: [Principal.fromServiceAccount(admin)] }], to: [{ methods: ['GET', 'POST', 'PUT', 'DELETE'] }] });
    expect(synthValid(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'reviews' } },
      rules: [
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }], to: [{ operation: { methods: ['GET'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/default/sa/admin'] } }], to: [{ operation: { methods: ['GET', 'POST', 'PUT', 'DELETE'] } }] },
      ],
    });
  });

  test('IP-based authorization', () => {
    // As in the guide: two rules, so /health and /status are open to anyone. ipBlocks is the direct peer's address;
    // for client addresses behind an ingress gateway use remoteIpBlocks.
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'ip', {
      metadata: meta('ip-allowlist'),
      selector: WorkloadSelector.labels({ app: 'productpage' }),
      rules: [{ from: [{ ipBlocks: ['192.168.1.0/24', '10.0.0.0/8'] }] }, { to: [{ paths: ['/health', '/status'] }] }],
    });
    expect(synthValid(chart)[0].spec.rules).toEqual([
      { from: [{ source: { ipBlocks: ['192.168.1.0/24', '10.0.0.0/8'] } }] },
      { to: [{ operation: { paths: ['/health', '/status'] } }] },
    ]);
  });

  test('JWT claims-based authorization', () => {
    // The issuer https://auth.example.com must also be accepted by a RequestAuthentication of the reviews workload:
    // the guide's multi-jwt policy for reviews only accepts auth1/auth2, so these tokens would be rejected there.
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'claims', { metadata: meta('jwt-claims-policy'), selector: WorkloadSelector.labels({ app: 'reviews' }) })
      .addRule({ from: [{ requestPrincipals: ['https://auth.example.com/user-123'] }], when: [Condition.requestClaim('role', ['admin', 'editor'])] })
      .addRule({ from: [{ requestPrincipals: ['*'] }], to: [{ methods: ['GET'] }], when: [Condition.requestClaim('role', ['viewer'])] });
    expect(synthValid(chart)[0].spec.rules).toEqual([
      {
        from: [{ source: { requestPrincipals: ['https://auth.example.com/user-123'] } }],
        when: [{ key: 'request.auth.claims[role]', values: ['admin', 'editor'] }],
      },
      {
        from: [{ source: { requestPrincipals: ['*'] } }],
        to: [{ operation: { methods: ['GET'] } }],
        when: [{ key: 'request.auth.claims[role]', values: ['viewer'] }],
      },
    ]);
  });
});
