import { check } from './helpers';
import { Severity } from '../../../lib/vocab/finding';

/** The mistakes of the 1.20-era operations guide our users learned from: each is caught with a message naming the field. */
describe('mistakes from the users’ guide', () => {
  test('deprecated outlierDetection.consecutiveErrors: a warning naming consecutive5xxErrors', () => {
    const findings = check('DestinationRule', { host: 'reviews', trafficPolicy: { outlierDetection: { consecutiveErrors: 3, interval: '30s' } } });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.WARNING, path: 'spec.trafficPolicy.outlierDetection.consecutiveErrors' });
    expect(findings[0].message).toContain('consecutive5xxErrors');
  });

  test('`timeout: 10 s`', () => {
    const findings = check('VirtualService', { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' } }], timeout: '10 s' }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.ERROR, path: 'spec.http[0].timeout' });
  });

  test('a JWT rule with neither issuer nor jwksUri', () => {
    const findings = check('RequestAuthentication', { jwtRules: [{ audiences: ['bookinfo-api'], forwardOriginalToken: true }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.ERROR, path: 'spec.jwtRules[0]' });
    expect(findings[0].message).toMatch(/issuer.*jwksUri/);
  });

  test('a Sidecar egress host without its namespace/ part', () => {
    const findings = check('Sidecar', { egress: [{ hosts: ['./reviews.default.svc.cluster.local', 'details.default.svc.cluster.local'] }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.ERROR, path: 'spec.egress[0].hosts[1]' });
    expect(findings[0].message).toContain('namespace/dnsName');
  });

  test('several route destinations whose weights are all zero', () => {
    const findings = check('VirtualService', {
      hosts: ['reviews'],
      http: [{
        route: [
          { destination: { host: 'reviews', subset: 'v1' }, weight: 0 },
          { destination: { host: 'reviews', subset: 'v2' }, weight: 0 },
        ],
      }],
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.ERROR, path: 'spec.http[0].route' });
    expect(findings[0].hint).toBeDefined();
  });

  test('a subset name that is not DNS-1123', () => {
    const findings = check('DestinationRule', { host: 'reviews', subsets: [{ name: 'version_1', labels: { version: 'v1' } }] });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity: Severity.ERROR, path: 'spec.subsets[0].name' });
    expect(findings[0].hint).toMatch(/DNS-1123/);
  });
});
