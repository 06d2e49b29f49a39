import { resourceRefOf } from '../../lib/vocab/finding';

describe('resourceRefOf: the identity a finding carries', () => {
  test('apiVersion, kind, name and namespace', () => {
    expect(resourceRefOf({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'r', namespace: 'shop' } }))
      .toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', name: 'r', namespace: 'shop' });
  });

  test('an empty namespace is none (as in Kubernetes); a name or namespace that is not a string is left out', () => {
    const ref = resourceRefOf({ apiVersion: 'v1', kind: 'Service', metadata: { name: 7, namespace: '' } });
    expect(Object.keys(ref)).toEqual(['apiVersion', 'kind']);
    expect(Object.keys(resourceRefOf({ apiVersion: 'v1', kind: 'Service', metadata: null }))).toEqual(['apiVersion', 'kind']);
    expect(Object.keys(resourceRefOf({ apiVersion: 'v1', kind: 'Service' }))).toEqual(['apiVersion', 'kind']);
  });
});
