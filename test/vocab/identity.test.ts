import * as fc from 'fast-check';
import { identityAccount, identityNamespace, workloadIdentity } from '../../lib/vocab/identity';

describe('mesh workload identities', () => {
  test('an identity names its namespace and service account back', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,10}[a-z0-9])?$/);
    fc.assert(fc.property(fc.constantFrom('cluster.local', 'td.example.com'), label, label, (td, ns, sa) => {
      const id = workloadIdentity(td, ns, sa);
      expect(id).toBe(`${td}/ns/${ns}/sa/${sa}`);
      expect(identityNamespace(id)).toBe(ns);
      expect(identityAccount(id)).toEqual({ namespace: ns, serviceAccount: sa });
    }));
  });

  test('text that is no workload identity has no account; the namespace is the segment after the first /ns/', () => {
    expect(identityAccount('cluster.local/ns/shop')).toBeUndefined();
    expect(identityAccount('https://issuer/user')).toBeUndefined();
    expect(identityNamespace('cluster.local/ns/shop/sa/a/ns/other/sa/b')).toBe('shop');
    expect(identityNamespace(undefined)).toBeUndefined();
  });
});
