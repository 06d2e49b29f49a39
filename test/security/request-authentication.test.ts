import { Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { synthValid } from './validate';
import { JwksSource, PolicyTarget, RequestAuthentication, WorkloadSelector } from '../../lib';

describe('RequestAuthentication', () => {
  test('renders every JWT rule field', () => {
    // GIVEN fields written as given, and the two that L2 types (jwks source, timeout)
    const chart = Testing.chart();
    const asGiven = {
      issuer: 'https://auth.example.com',
      audiences: ['bookinfo-api'],
      fromHeaders: [{ name: 'x-jwt', prefix: 'Bearer ' }, { name: 'x-token' }],
      fromParams: ['token'],
      fromCookies: ['session'],
      forwardOriginalToken: true,
      outputPayloadToHeader: 'x-jwt-payload',
      outputClaimToHeaders: [{ header: 'x-sub', claim: 'sub' }],
      spaceDelimitedClaims: ['roles'],
    };
    // WHEN
    new RequestAuthentication(chart, 'jwt', { selector: WorkloadSelector.labels({ app: 'productpage' }) }).addJwtRule({
      ...asGiven, jwks: JwksSource.fromUri('https://auth.example.com/.well-known/jwks.json'), timeout: Duration.millis(1500),
    });
    // THEN
    expect(synthValid(chart)[0].spec).toEqual({
      selector: { matchLabels: { app: 'productpage' } },
      jwtRules: [{ ...asGiven, jwksUri: 'https://auth.example.com/.well-known/jwks.json', timeout: '1500ms' }],
    });
  });

  test('inline jwks is written as a JSON string, from an object or a string', () => {
    const chart = Testing.chart();
    const keys = { keys: [{ kty: 'RSA', e: 'AQAB', n: 'abc', kid: 'k1' }] };
    new RequestAuthentication(chart, 'jwt', {
      jwtRules: [{ issuer: 'a', jwks: JwksSource.fromJson(keys) }, { issuer: 'b', jwks: JwksSource.fromJson(JSON.stringify(keys)) }],
    });
    const rules = synthValid(chart)[0].spec.jwtRules;
    expect(rules[0]).toEqual({ issuer: 'a', jwks: JSON.stringify(keys) });
    expect(rules[1].jwks).toBe(rules[0].jwks);
  });

  test('several issuers render in the order added', () => {
    const chart = Testing.chart();
    new RequestAuthentication(chart, 'jwt', { jwtRules: [{ issuer: 'one' }] }).addJwtRule({ issuer: 'two' });
    expect(synthValid(chart)[0].spec.jwtRules.map((r: any) => r.issuer)).toEqual(['one', 'two']);
  });

  test('targetRefs instead of a selector', () => {
    const chart = Testing.chart();
    new RequestAuthentication(chart, 'jwt', { targetRefs: [PolicyTarget.gateway('ingress')], jwtRules: [{ issuer: 'x' }] });
    expect(synthValid(chart)[0].spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress' }]);
  });

  test('bad rules are clear errors with the rule index and field', () => {
    const chart = Testing.chart();
    const ra = new RequestAuthentication(chart, 'jwt', { jwtRules: [{ issuer: 'ok' }] });
    expect(() => ra.addJwtRule({})).toThrow(/test\/jwt \(RequestAuthentication test-[a-z0-9-]+\): spec\.jwtRules\[1\]: a JWT rule needs an issuer or a jwks URI/);
    expect(() => ra.addJwtRule({ issuer: 'x', jwks: JwksSource.fromUri('ftp://x/jwks') })).toThrow(/jwksUri: 'ftp:\/\/x\/jwks' is not an http\(s\) URL/);
    expect(() => ra.addJwtRule({ issuer: 'x', jwks: JwksSource.fromJson('{nope') })).toThrow(/jwks: not valid JSON/);
    expect(() => ra.addJwtRule({ issuer: 'x', jwks: JwksSource.fromJson({ keys: [{ kty: 'RSA', d: 'secret' }] }) }))
      .toThrow(/jwks\.keys\[0\]: the key set holds private key material/);
    expect(() => ra.addJwtRule({ issuer: 'x', outputClaimToHeaders: [{ header: 'x y', claim: 'sub' }] }))
      .toThrow(/outputClaimToHeaders\[0\]\.header: 'x y' is not a valid header name/);
    expect(() => ra.addJwtRule({ issuer: 'x', audiences: [''] })).toThrow(/audiences\[0\]: empty string/);
    expect(() => ra.addJwtRule({ issuer: 'x', timeout: Duration.millis(0) })).toThrow(/timeout/);
    expect(() => new RequestAuthentication(chart, 'both', { selector: WorkloadSelector.labels({ app: 'a' }), targetRefs: [PolicyTarget.service('a')] }))
      .toThrow(/selector and targetRefs are both set/);
    // nothing was half-added: neither a rule nor the failed policy
    expect(synthValid(chart)).toHaveLength(1);
    expect(synthValid(chart)[0].spec.jwtRules).toHaveLength(1);
  });

  test('property: a rule with an issuer and an https jwks URI always renders both, unchanged', () => {
    fc.assert(fc.property(fc.webUrl({ validSchemes: ['https'] }), fc.string({ minLength: 1 }), (uri, issuer) => {
      const chart = Testing.chart();
      new RequestAuthentication(chart, 'jwt', { jwtRules: [{ issuer, jwks: JwksSource.fromUri(uri) }] });
      expect(synthValid(chart)[0].spec.jwtRules).toEqual([{ issuer, jwksUri: uri }]);
    }));
  });
});
