import { App, Testing } from 'cdk8s';
import { guideDocuments, guideTest, synthError } from './helpers';
import {
  DEFAULT_PROXY_RESOURCES, HpaMetric, IstioOperator, IstioProfile, IstioSettings, OutboundTrafficMode, ServiceType, Severity,
  validateIstioOperator,
} from '../../lib';

const errorsOf = (object: unknown) => validateIstioOperator(object).filter((f) => f.severity === Severity.ERROR);
const spec = (iop: IstioOperator) => iop.apiObject.toJson().spec;

describe('IstioOperator: the guide\'s installation examples', () => {
  const [controlPlane, production] = ['control-plane', 'production'].map((name) => guideDocuments('IstioOperator')
    .find((d) => d.metadata?.name === name));

  guideTest('the guide\'s YAML is rejected where it is wrong: targetAverageUtilization is not an autoscaling/v2 field', () => {
    for (const doc of [controlPlane, production]) {
      const errors = errorsOf(doc);
      expect(errors.map((f) => `${f.code} ${f.path}`)).toEqual([
        'CIS6004 spec.components.pilot.k8s.hpaSpec.metrics[0].resource.target',
        'CIS6001 spec.components.pilot.k8s.hpaSpec.metrics[0].resource.targetAverageUtilization',
      ]);
      expect(errors[1].hint).toMatch(/averageUtilization: 80.*HpaMetric\.cpuUtilization\(80\)/);
      expect(errors[1].resource).toMatchObject({ kind: 'IstioOperator', name: doc.metadata.name });
    }
  });

  guideTest('control-plane, written with the construct (corrected HPA metric), passes and keeps the guide\'s meaning', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const iop = new IstioOperator(chart, 'control-plane', {
      metadata: { name: 'control-plane' },
      values: {
        defaultRevision: '1-20-0',
        pilot: { traceSampling: 100, env: { EXTERNAL_ISTIOD: 'false' } },
        global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' },
      },
      components: {
        pilot: {
          k8s: {
            resources: { requests: { cpu: '200m', memory: '256Mi' } },
            hpaSpec: { maxReplicas: 5, minReplicas: 1, metrics: [HpaMetric.cpuUtilization(80)] },
          },
        },
        ingressGateways: [{
          name: 'istio-ingressgateway',
          enabled: true,
          k8s: { service: { type: ServiceType.NODE_PORT }, resources: { requests: { cpu: '100m', memory: '128Mi' } } },
        }],
      },
    });
    // THEN
    expect(iop.validate()).toEqual([]);
    const out = Testing.synth(chart)[0];
    expect(out).toMatchObject({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'control-plane', namespace: 'istio-system' } });
    expect(out.spec.components.pilot.k8s.hpaSpec).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
    // The guide's other fields are kept as they were.
    const { hpaSpec: _a, ...pilotK8s } = out.spec.components.pilot.k8s;
    const { hpaSpec: _b, ...guidePilotK8s } = controlPlane.spec.components.pilot.k8s;
    expect(pilotK8s).toEqual(guidePilotK8s);
    expect(out.spec.components.ingressGateways).toEqual(controlPlane.spec.components.ingressGateways);
    expect(out.spec.values).toEqual({ ...controlPlane.spec.values, pilot: { traceSampling: 100, env: { EXTERNAL_ISTIOD: 'false' } } });
  });

  guideTest('production: proxy and istiod resources, and two to five istiod replicas', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'production', {
      metadata: { name: 'production' },
      values: { global: { proxy: { resources: { requests: { cpu: '10m', memory: '40Mi' }, limits: { cpu: '100m', memory: '128Mi' } } } } },
      components: {
        pilot: {
          k8s: {
            resources: { requests: { cpu: '200m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
            hpaSpec: { minReplicas: 2, maxReplicas: 5, metrics: [HpaMetric.cpuUtilization(80)] },
          },
        },
      },
    });
    expect(iop.validate()).toEqual([]);
    const out = spec(iop);
    expect(out.values).toEqual(production.spec.values);
    expect(out.components.pilot.k8s.resources).toEqual(production.spec.components.pilot.k8s.resources);
    expect(errorsOf({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: out })).toEqual([]);
  });

  test('`istioctl install --set` examples: each flag is a typed field', () => {
    // istioctl install --set values.defaultRevision=default --set values.pilot.traceSampling=100.0
    //   --set values.global.proxy.resources.requests.cpu=10m --set values.global.proxy.resources.requests.memory=64Mi
    //   --set components.pilot.k8s.resources.requests.memory=256Mi
    const iop = new IstioOperator(Testing.chart(), 'flags', {
      profile: IstioProfile.DEMO,
      values: {
        defaultRevision: 'default',
        pilot: { traceSampling: 100.0 },
        global: { proxy: { resources: { requests: { cpu: '10m', memory: '64Mi' } } } },
      },
      components: { pilot: { k8s: { resources: { requests: { memory: '256Mi' } } } } },
    });
    expect(iop.validate()).toEqual([]);
    expect(spec(iop)).toEqual({
      profile: 'demo',
      values: {
        defaultRevision: 'default',
        pilot: { traceSampling: 100 },
        global: { proxy: { resources: { requests: { cpu: '10m', memory: '64Mi' } } } },
      },
      components: { pilot: { k8s: { resources: { requests: { memory: '256Mi' } } } } },
    });
  });
});

describe('IstioOperator: typed fields', () => {
  test('meshConfig essentials and global values', () => {
    const iop = new IstioOperator(Testing.chart(), 'iop', {
      profile: IstioProfile.DEFAULT,
      revision: '1-30-3',
      meshConfig: {
        accessLogFile: '/dev/stdout',
        defaultConfig: { tracing: { sampling: 10 } },
        outboundTrafficPolicy: { mode: OutboundTrafficMode.REGISTRY_ONLY },
        trustDomain: 'example.org',
      },
      values: { global: { meshID: 'mesh1', multiCluster: { clusterName: 'east' }, network: 'net-east', proxy: { resources: DEFAULT_PROXY_RESOURCES } } },
    });
    expect(iop.validate()).toEqual([]);
    expect(spec(iop)).toEqual({
      profile: 'default',
      revision: '1-30-3',
      meshConfig: {
        accessLogFile: '/dev/stdout',
        defaultConfig: { tracing: { sampling: 10 } },
        outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' },
        trustDomain: 'example.org',
      },
      values: {
        global: {
          meshID: 'mesh1',
          multiCluster: { clusterName: 'east' },
          network: 'net-east',
          proxy: { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2000m', memory: '1024Mi' } } },
        },
      },
    });
    expect([iop.profile, iop.meshId]).toEqual(['default', 'mesh1']);
  });

  test.each(Object.values(IstioProfile))('profile %s is accepted', (profile) => {
    expect(new IstioOperator(Testing.chart(), 'iop', { profile }).validate()).toEqual([]);
  });

  test('gateways added after construction: replicas, service type and ports', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop', { profile: IstioProfile.MINIMAL });
    iop.addIngressGateway({
      name: 'istio-ingressgateway',
      enabled: true,
      label: { istio: 'ingressgateway' },
      k8s: {
        replicaCount: 3,
        service: {
          type: ServiceType.LOAD_BALANCER,
          ports: [
            { name: 'status-port', port: 15021, targetPort: 15021 },
            { name: 'http2', port: 80, targetPort: 8080 },
            { name: 'https', port: 443, targetPort: 8443 },
          ],
        },
      },
    });
    iop.addEgressGateway({ name: 'istio-egressgateway', enabled: true });
    expect(iop.validate()).toEqual([]);
    expect(spec(iop).components.ingressGateways[0].k8s.service.ports[1]).toEqual({ name: 'http2', port: 80, targetPort: 8080 });
    expect(spec(iop).components.egressGateways).toEqual([{ name: 'istio-egressgateway', enabled: true }]);
  });
});

describe('IstioOperator: bad input', () => {
  test('an unknown profile fails synth with the valid ones and what to use instead', () => {
    // GIVEN the guide's `istioctl profile dump production`
    const chart = Testing.chart();
    new IstioOperator(chart, 'iop', { metadata: { name: 'prod' }, profile: 'production' as IstioProfile });
    const message = synthError(App.of(chart));
    expect(message).toContain("CIS6003 IstioOperator/prod spec.profile: 'production' is not one of default, demo, minimal, remote, empty, preview, ambient");
    expect(message).toContain('`default` is the profile for production');
  });

  test('the removed `external` profile points to `remote`', () => {
    const [finding] = validateIstioOperator({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { profile: 'external' } });
    expect(finding).toMatchObject({ code: 'CIS6003', path: 'spec.profile', hint: expect.stringContaining('`remote`') });
  });

  test('unknown fields (with a guess), wrong types and values out of range are errors with their path', () => {
    const findings = validateIstioOperator({
      apiVersion: 'install.istio.io/v1alpha1',
      kind: 'IstioOperator',
      spec: {
        meshConfig: { accesLogFile: '/dev/stdout', outboundTrafficPolicy: { mode: 'DENY' } },
        components: { pilot: { k8s: { replicaCount: '3', resources: { requests: { cpu: 'lots' } } } } },
        values: { global: { meshId: 'mesh1' }, pilot: { traceSampling: 150 } },
        revision: '1.30.3',
      },
    });
    expect(findings.map((f) => `${f.code} ${f.path}: ${f.message}`).sort()).toEqual([
      "CIS6001 spec.meshConfig.accesLogFile: unknown field 'accesLogFile' (did you mean 'accessLogFile'?)",
      "CIS6001 spec.values.global.meshId: unknown field 'meshId' (did you mean 'meshID'?)",
      'CIS6002 spec.components.pilot.k8s.replicaCount: must be integer, not string',
      "CIS6003 spec.components.pilot.k8s.resources.requests.cpu: 'lots' must match pattern \"^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$\"",
      "CIS6003 spec.meshConfig.outboundTrafficPolicy.mode: 'DENY' is not one of ALLOW_ANY, REGISTRY_ONLY",
      "CIS6003 spec.revision: '1.30.3' must match pattern \"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$\"",
      'CIS6003 spec.values.pilot.traceSampling: 150 must be <= 100',
    ]);
  });

  test('the checks run at synth for JS callers and `as any`, listing every error at once', () => {
    const chart = Testing.chart();
    new IstioOperator(chart, 'iop', {
      metadata: { name: 'iop' },
      components: { pilot: { k8s: { replicas: 3, hpaSpec: { minReplicas: 4, maxReplicas: 2 } } as any } },
    });
    const message = synthError(App.of(chart));
    expect(message).toContain("[test/iop] CIS6001 IstioOperator/iop spec.components.pilot.k8s.replicas: unknown field 'replicas' (did you mean 'replicaCount'?)");
    expect(message).toContain('[test/iop] CIS6005 IstioOperator/iop spec.components.pilot.k8s.hpaSpec.minReplicas: minReplicas (4) is above maxReplicas (2)');
  });

  test('Istio fields that are not modelled are named as such, with the escape hatch to use', () => {
    const [finding] = validateIstioOperator({
      apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', spec: { components: { pilot: { k8s: { tolerations: [] } } } },
    });
    expect(finding).toMatchObject({
      code: 'CIS6009',
      path: 'spec.components.pilot.k8s.tolerations',
      hint: "pass it through unchecked with addOverride('spec.components.pilot.k8s.tolerations', value)",
    });
  });

  test('a gateway port that needs root is an error, as istioctl makes it', () => {
    const iop = new IstioOperator(Testing.chart(), 'iop', {
      components: { ingressGateways: [{ name: 'istio-ingressgateway', k8s: { service: { ports: [{ name: 'http', port: 80 }, { name: 'tls', port: 15443 }] } } }] },
    });
    expect(iop.validate()).toEqual([expect.objectContaining({
      code: 'CIS6006',
      path: 'spec.components.ingressGateways[0].k8s.service.ports[0].targetPort',
      message: "port 80 of gateway 'istio-ingressgateway' targets 80, which needs root",
    })]);
    const asRoot = new IstioOperator(Testing.chart(), 'iop', {
      components: { ingressGateways: [{ name: 'istio-ingressgateway', k8s: { service: { ports: [{ name: 'http', port: 80 }] } } }] },
      values: { gateways: { 'istio-ingressgateway': { runAsRoot: true } } },
    });
    expect(asRoot.validate()).toEqual([]);
  });

  test('checks can be turned off by code, as every check of the project', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop', { values: { pilot: { autoscaleEnabled: true } }, components: { pilot: { k8s: { replicaCount: 3 } } } });
    IstioSettings.apply(chart, { disabledChecks: ['CIS6007'] });
    expect(iop.validate()).toEqual([]);
  });

  test('replicas with an HPA is a warning: synth goes on', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop', { values: { pilot: { autoscaleEnabled: true } }, components: { pilot: { k8s: { replicaCount: 3 } } } });
    expect(iop.validate()).toEqual([expect.objectContaining({ severity: Severity.WARNING, code: 'CIS6007', path: 'spec.components.pilot.k8s.replicaCount' })]);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => App.of(chart).synthYaml()).not.toThrow();
      expect(stderr).toHaveBeenCalledWith(expect.stringContaining('warning: [test/iop] CIS6007'));
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('IstioOperator: escape hatches', () => {
  test('addOverride sets unmodelled fields in place, after the checks and unchecked', () => {
    const chart = Testing.chart();
    const iop = new IstioOperator(chart, 'iop', { components: { pilot: { k8s: { replicaCount: 2 } } } })
      .addOverride('spec.components.pilot.k8s.tolerations', [{ key: 'dedicated', operator: 'Exists' }])
      .addOverride('spec.values.cni.excludeNamespaces', ['kube-system'])
      .addOverride('spec.components.ingressGateways[0].label["topology.istio.io/network"]', 'net1');
    expect(iop.validate()).toEqual([]);
    expect(() => App.of(chart).synthYaml()).not.toThrow();
    expect(spec(iop)).toEqual({
      components: {
        pilot: { k8s: { replicaCount: 2, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } },
        ingressGateways: [{ label: { 'topology.istio.io/network': 'net1' } }],
      },
      values: { cni: { excludeNamespaces: ['kube-system'] } },
    });
  });

  test('unvalidatedValues is Istio\'s own pass-through: emitted as is', () => {
    const iop = new IstioOperator(Testing.chart(), 'iop', { unvalidatedValues: { myTemplate: { anything: true } } });
    expect(iop.validate()).toEqual([]);
    expect(spec(iop)).toEqual({ unvalidatedValues: { myTemplate: { anything: true } } });
  });

  test('addOverride rejects malformed paths and paths outside spec', () => {
    const iop = new IstioOperator(Testing.chart(), 'iop');
    expect(() => iop.addOverride('metadata.labels.a', 'b')).toThrow(/starts with 'spec\.'/);
    expect(() => iop.addOverride('spec..values', 1)).toThrow(/test\/iop: spec\.\.values is a malformed path\. Use dots and brackets/);
  });
});
