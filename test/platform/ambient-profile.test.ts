import { Testing } from 'cdk8s';
import { IstioOperator, IstioProfile, Severity, validateIstioOperator } from '../../lib';

const iop = (spec: Record<string, unknown>) => ({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'mesh', namespace: 'istio-system' }, spec });
const codes = (spec: Record<string, unknown>) => validateIstioOperator(iop(spec)).map((f) => `${f.severity} ${f.code} ${f.path}`);

describe('the ambient install profile (manifests/profiles/ambient.yaml, manifests/helm-profiles/ambient.yaml)', () => {
  test('the ambient profiles install ztunnel and the CNI node agent, and pass', () => {
    expect(codes({ profile: 'ambient' })).toEqual([]);
    expect(codes({ profile: 'openshift-ambient' })).toEqual([]);
    const chart = Testing.chart();
    new IstioOperator(chart, 'mesh', { metadata: { name: 'mesh' }, profile: IstioProfile.AMBIENT });
    expect(Testing.synth(chart)[0].spec).toEqual({ profile: 'ambient' });
  });

  test('CIS6401: ambient without ztunnel or without the CNI node agent', () => {
    expect(codes({ profile: 'ambient', components: { ztunnel: { enabled: false } } })).toEqual([`${Severity.ERROR} CIS6401 spec.components.ztunnel.enabled`]);
    expect(codes({ profile: 'ambient', components: { cni: { enabled: false } } })).toEqual([`${Severity.ERROR} CIS6401 spec.components.cni.enabled`]);
    const [finding] = validateIstioOperator(iop({ profile: 'ambient', components: { cni: { enabled: false } } }));
    expect(finding.message).toMatch(/ztunnel is installed without the istio-cni node agent, which redirects the traffic of ambient pods to it/);
  });

  test('CIS6401: ztunnel enabled on another profile needs the CNI node agent too', () => {
    expect(codes({ profile: 'default', components: { ztunnel: { enabled: true } } })).toEqual([`${Severity.ERROR} CIS6401 spec.components.cni.enabled`]);
    expect(codes({ profile: 'default', components: { ztunnel: { enabled: true }, cni: { enabled: true } } })).toEqual([]);
    // The openshift profile installs the CNI node agent already.
    expect(codes({ profile: 'openshift', components: { ztunnel: { enabled: true } } })).toEqual([]);
  });

  test('the construct fails the synth on it, with the path and the fix', () => {
    const chart = Testing.chart();
    new IstioOperator(chart, 'mesh', { metadata: { name: 'mesh' }, profile: IstioProfile.AMBIENT, components: { ztunnel: { enabled: false } } });
    expect(() => Testing.synth(chart)).toThrow(/CIS6401 IstioOperator\/mesh spec.components.ztunnel.enabled: the ambient profile with ztunnel disabled.*\(remove enabled: false/);
  });
});
