import { ApiObject, Testing } from 'cdk8s';
import { IstioTesting } from '../../lib/checks';
import { GatewayApiChannel, IstioSettings } from '../../lib/core';

describe('IstioSettings.gatewayApiChannel at synth', () => {
  const tcpRoute = (chart: ReturnType<typeof Testing.chart>) => new ApiObject(chart, 'db', {
    apiVersion: 'gateway.networking.k8s.io/v1alpha2',
    kind: 'TCPRoute',
    metadata: { name: 'db' },
    spec: { rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
  });

  test('default standard: an experimental kind is an error naming the setting', () => {
    const chart = Testing.chart();
    tcpRoute(chart);
    expect(IstioTesting.findings(chart)).toEqual([expect.objectContaining({ code: 'CIS1016', constructPath: 'test/db' })]);
  });

  test('experimental: the same object is clean', () => {
    const chart = Testing.chart();
    IstioSettings.apply(chart, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    tcpRoute(chart);
    expect(IstioTesting.findings(chart)).toEqual([]);
    expect(IstioSettings.of(chart).gatewayApiChannel).toBe('experimental');
  });
});
