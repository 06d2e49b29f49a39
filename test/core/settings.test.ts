import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { GatewayApiChannel, IstioSettings, IstioVersion, NetworkingApiVersion, parseIstioVersion, SecurityApiVersion } from '../../lib';

describe('IstioSettings', () => {
  test('defaults to Istio 1.30, the v1 APIs and the Gateway API standard channel', () => {
    const chart = Testing.chart();
    expect(IstioSettings.of(chart)).toEqual({
      istioVersion: IstioVersion.V1_30,
      gatewayApiChannel: GatewayApiChannel.STANDARD,
      networkingApiVersion: NetworkingApiVersion.V1,
      securityApiVersion: SecurityApiVersion.V1,
      telemetryApiVersion: 'v1',
      disabledChecks: [],
      assumeCompleteMesh: false,
      failOnWarnings: false,
      dataplane: 'sidecar',
      namespaceDataplanes: {},
    });
  });

  test('the nearest scope wins per field and disabled checks accumulate', () => {
    const app = Testing.app();
    IstioSettings.apply(app, { istioVersion: IstioVersion.V1_28, disabledChecks: ['IST0101'] });
    const chart = new Chart(app, 'chart');
    const inner = new Construct(chart, 'inner');
    IstioSettings.apply(chart, { networkingApiVersion: NetworkingApiVersion.V1BETA1, disabledChecks: ['CIS2001'] });
    const s = IstioSettings.of(inner);
    expect(s.istioVersion).toBe(IstioVersion.V1_28);
    expect(s.networkingApiVersion).toBe(NetworkingApiVersion.V1BETA1);
    expect(s.disabledChecks).toEqual(['CIS2001', 'IST0101']);
  });
});

describe('parseIstioVersion', () => {
  test.each([['1.30', '1.30'], ['1.29.6', '1.29'], ['v1.28', '1.28']])('%s is %s', (text, version) => {
    expect(parseIstioVersion(text)).toBe(version);
  });

  test('an unsupported release is a clear error', () => {
    expect(() => parseIstioVersion('1.20')).toThrow("Unsupported Istio version '1.20': use one of 1.28, 1.29, 1.30, 1.31.");
  });
});
