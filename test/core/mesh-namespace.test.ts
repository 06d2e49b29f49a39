import { Chart, Testing } from 'cdk8s';
import { MeshMembership, MeshNamespace, PodSecurityLevel } from '../../lib';

describe('MeshNamespace', () => {
  test('sidecar injection label', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const ns = new MeshNamespace(chart, 'ns', { metadata: { name: 'shop', labels: { team: 'a' } }, membership: MeshMembership.sidecarInjection() });
    // THEN
    expect(Testing.synth(chart)).toEqual([{
      apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { 'team': 'a', 'istio-injection': 'enabled' } },
    }]);
    expect(ns.name).toBe('shop');
  });

  test('revision and ambient labels, with Pod Security Standards labels', () => {
    const chart = Testing.chart();
    new MeshNamespace(chart, 'canary', { metadata: { name: 'canary' }, membership: MeshMembership.revision('1-30-3') });
    new MeshNamespace(chart, 'amb', {
      metadata: { name: 'amb' },
      membership: MeshMembership.ambient(),
      podSecurity: { enforce: PodSecurityLevel.RESTRICTED, warn: PodSecurityLevel.RESTRICTED, version: 'latest' },
    });
    const [canary, amb] = Testing.synth(chart);
    expect(canary.metadata.labels).toEqual({ 'istio.io/rev': '1-30-3' });
    expect(amb.metadata.labels).toEqual({
      'istio.io/dataplane-mode': 'ambient',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'latest',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'latest',
    });
  });

  test('a Namespace is cluster-scoped: a chart namespace is not written on it', () => {
    const scoped = new Chart(Testing.app(), 'scoped', { namespace: 'apps' });
    new MeshNamespace(scoped, 'ns', { metadata: { name: 'apps' }, membership: MeshMembership.ambient() });
    expect(Testing.synth(scoped)[0].metadata).toEqual({ name: 'apps', labels: { 'istio.io/dataplane-mode': 'ambient' } });
  });

  test('conflicting or ambiguous membership labels are clear errors', () => {
    const chart = Testing.chart();
    expect(() => new MeshNamespace(chart, 'a', { metadata: { labels: { 'istio-injection': 'disabled' } }, membership: MeshMembership.sidecarInjection() }))
      .toThrow(/test\/a \(Namespace\): metadata\.labels\[istio-injection\]: 'disabled' conflicts with 'enabled'/);
    expect(() => new MeshNamespace(chart, 'b', { metadata: { labels: { 'istio-injection': 'enabled' } }, membership: MeshMembership.revision('canary') }))
      .toThrow(/istio-injection and istio\.io\/rev are both set/);
    expect(() => MeshMembership.revision('Bad_Rev')).toThrow(/not a valid label value/);
  });
});
