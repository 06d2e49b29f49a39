import { table } from './helpers';
import { IstioVersion } from '../../../lib/core/istio-version';

const selector = { matchLabels: { app: 'reviews' } };
const jwks = (key: object) => JSON.stringify({ keys: [key] });

describe('RequestAuthentication webhook rules', () => {
  table('RequestAuthentication', [
    { name: 'an issuer and a jwksUri are clean', spec: { selector, jwtRules: [{ issuer: 'https://auth.example.com', jwksUri: 'https://auth.example.com/.well-known/jwks.json', audiences: ['api'] }] }, expect: [] },
    { name: 'a JWT rule with neither issuer nor jwksUri', spec: { selector, jwtRules: [{ audiences: ['api'] }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0]']] },
    { name: 'a jwksUri alone is enough', spec: { jwtRules: [{ jwksUri: 'https://auth.example.com/jwks' }] }, expect: [] },
    { name: 'a jwksUri that is not http(s)', spec: { jwtRules: [{ issuer: 'a', jwksUri: 'ftp://auth.example.com/jwks' }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0].jwksUri']] },
    { name: 'a jwksUri with a bad port', spec: { jwtRules: [{ issuer: 'a', jwksUri: 'https://auth.example.com:abc/jwks' }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0].jwksUri']] },
    { name: 'inline jwks that is not JSON', spec: { jwtRules: [{ issuer: 'a', jwks: '{keys: [' }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0].jwks']] },
    { name: 'inline public jwks', spec: { jwtRules: [{ issuer: 'a', jwks: jwks({ kty: 'RSA', n: 'abc', e: 'AQAB' }) }] }, expect: [] },
    { name: 'inline jwks with a private key warns in 1.30', spec: { jwtRules: [{ issuer: 'a', jwks: jwks({ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'secret' }) }] }, expect: [['W', 'CIS2031', 'spec.jwtRules[0].jwks']] },
    { name: 'inline jwks with a private key in 1.28', version: IstioVersion.V1_28, spec: { jwtRules: [{ issuer: 'a', jwks: jwks({ kty: 'RSA', n: 'abc', e: 'AQAB', d: 'secret' }) }] }, expect: [] },
    { name: 'an empty audience', spec: { jwtRules: [{ issuer: 'a', audiences: [''] }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0].audiences[0]']] },
    { name: 'a header location without name', spec: { jwtRules: [{ issuer: 'a', fromHeaders: [{ prefix: 'Bearer ' }] }] }, expect: [['E', 'CIS2031', 'spec.jwtRules[0].fromHeaders[0].name']] },
    { name: 'an output header with a space', spec: { jwtRules: [{ issuer: 'a', outputClaimToHeaders: [{ header: 'x user', claim: 'sub' }] }] }, expect: [['E', 'CIS2005', 'spec.jwtRules[0].outputClaimToHeaders[0].header']] },
    { name: 'plain-name issuers are clean', spec: { jwtRules: [{ issuer: 'testing@secure.istio.io' }, { issuer: 'accounts.google.com' }] }, expect: [] },
    { name: 'an issuer with a path but no scheme warns', spec: { jwtRules: [{ issuer: 'login.example.com/realms/shop' }] }, expect: [['W', 'CIS2031', 'spec.jwtRules[0].issuer']] },
    { name: 'an issuer with a space warns', spec: { jwtRules: [{ issuer: 'https://login.example.com /realms' }] }, expect: [['W', 'CIS2031', 'spec.jwtRules[0].issuer']] },
    { name: 'a timeout with a space', spec: { jwtRules: [{ issuer: 'a', timeout: '5 s' }] }, expect: [['E', 'CIS2008', 'spec.jwtRules[0].timeout']] },
  ]);
});

describe('PeerAuthentication webhook rules', () => {
  table('PeerAuthentication', [
    { name: 'namespace-wide STRICT is clean', spec: { mtls: { mode: 'STRICT' } }, expect: [] },
    { name: 'port-level mTLS with a selector', spec: { selector, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }, expect: [] },
    { name: 'port-level mTLS without a selector', spec: { mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }, expect: [['E', 'CIS2032', 'spec.portLevelMtls']] },
    { name: 'port-level mTLS with an empty selector', spec: { selector: { matchLabels: {} }, portLevelMtls: { 8080: { mode: 'DISABLE' } } }, expect: [['E', 'CIS2032', 'spec.portLevelMtls'], ['W', 'CIS2009', 'spec.selector.matchLabels']] },
    { name: 'port 0', spec: { selector, portLevelMtls: { 0: { mode: 'DISABLE' } } }, expect: [['E', 'CIS2032', 'spec.portLevelMtls["0"]']] },
    { name: 'a selector with a wildcard', spec: { selector: { matchLabels: { app: 'web-*' } } }, expect: [['E', 'CIS2009', 'spec.selector.matchLabels.app']] },
  ]);
});
