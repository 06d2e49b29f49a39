import { Chart, Testing } from 'cdk8s';
import { findObject, guideDocuments, guideTest, istioErrors } from './helpers';
import { EAST_WEST_PORTS, EastWestGateway, IstioSettings, NetworkingApiVersion, ServiceType } from '../../lib';

const byKind = findObject;

describe('EastWestGateway', () => {
  test('installs the gateway as Istio\'s gen-eastwest-gateway.sh --network network1 does', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new EastWestGateway(chart, 'eastwest', { network: 'network1' });
    // THEN
    const iop = byKind(Testing.synth(chart), 'IstioOperator');
    expect(iop.metadata).toEqual({ name: 'eastwest', namespace: 'istio-system' });
    expect(iop.spec).toEqual({
      profile: 'empty',
      components: {
        ingressGateways: [{
          name: 'istio-eastwestgateway',
          label: { 'istio': 'eastwestgateway', 'app': 'istio-eastwestgateway', 'topology.istio.io/network': 'network1' },
          enabled: true,
          k8s: {
            env: [{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' }],
            service: {
              ports: [
                { name: 'status-port', port: 15021, targetPort: 15021 },
                { name: 'tls', port: 15443, targetPort: 15443 },
                { name: 'tls-istiod', port: 15012, targetPort: 15012 },
                { name: 'tls-webhook', port: 15017, targetPort: 15017 },
              ],
            },
          },
        }],
      },
      values: { gateways: { 'istio-ingressgateway': { injectionTemplate: 'gateway' } }, global: { network: 'network1' } },
    });
  });

  test('exposes the network\'s services: TLS on 15443, AUTO_PASSTHROUGH, *.local (samples/multicluster/expose-services.yaml)', () => {
    const chart = Testing.chart();
    new EastWestGateway(chart, 'eastwest', { network: 'network1' });
    const gw = byKind(Testing.synth(chart), 'Gateway', 'cross-network-gateway');
    expect(gw).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
      },
    });
    expect(byKind(Testing.synth(chart), 'Gateway', 'istiod-gateway')).toBeUndefined();
    expect(istioErrors(Testing.synth(chart))).toEqual([]);
  });

  guideTest('the guide\'s istiod-gateway (TLS passthrough on 15010, plaintext xDS) is replaced by 15012 and 15017, as expose-istiod.yaml', () => {
    const [guideGateway] = guideDocuments('istiod-gateway');
    expect(guideGateway.spec.servers.map((s: any) => s.port.number)).toEqual([15010]);

    const chart = Testing.chart();
    const ew = new EastWestGateway(chart, 'eastwest', { network: 'network1', exposeIstiod: true, exposeServices: false });
    const objects = Testing.synth(chart);
    expect(ew.crossNetworkGateway).toBeUndefined();
    expect(byKind(objects, 'Gateway', 'istiod-gateway').spec).toEqual({
      selector: { istio: 'eastwestgateway' },
      servers: [
        { port: { name: 'tls-istiod', number: 15012, protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
        { port: { name: 'tls-istiodwebhook', number: 15017, protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
      ],
    });
    expect(byKind(objects, 'VirtualService', 'istiod-vs').spec).toEqual({
      hosts: ['*'],
      gateways: ['istiod-gateway'],
      tls: [
        { match: [{ port: 15012, sniHosts: ['*'] }], route: [{ destination: { host: 'istiod.istio-system.svc.cluster.local', port: { number: 15012 } } }] },
        { match: [{ port: 15017, sniHosts: ['*'] }], route: [{ destination: { host: 'istiod.istio-system.svc.cluster.local', port: { number: 443 } } }] },
      ],
    });
    expect(istioErrors(objects)).toEqual([]);
  });

  test('with a revision, istiod is routed by SNI to that revision (expose-istiod-rev.yaml.tmpl)', () => {
    const chart = Testing.chart();
    new EastWestGateway(chart, 'eastwest', { network: 'network1', exposeIstiod: true, revision: '1-30-3' });
    const objects = Testing.synth(chart);
    expect(byKind(objects, 'IstioOperator').spec.revision).toBe('1-30-3');
    const vs = byKind(objects, 'VirtualService', 'istiod-vs-1-30-3');
    expect(vs.spec.tls[0].match[0].sniHosts).toEqual(['istiod-1-30-3.istio-system.svc', 'istiod-1-30-3.istio-system.svc.cluster.local']);
    expect(vs.spec.tls[1].route[0].destination).toEqual({ host: 'istiod-1-30-3.istio-system.svc.cluster.local', port: { number: 443 } });
    expect(istioErrors(objects)).toEqual([]);
  });

  test('Kubernetes settings of the gateway are merged with the required ports and env', () => {
    const chart = Testing.chart();
    const ew = new EastWestGateway(chart, 'eastwest', {
      network: 'net-a',
      k8s: {
        resources: { requests: { cpu: '200m', memory: '256Mi' } },
        service: { type: ServiceType.LOAD_BALANCER, ports: [{ name: 'tls-extra', port: 15444 }] },
        serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      },
    });
    expect(ew.operator.validate()).toEqual([]);
    const k8s = byKind(Testing.synth(chart), 'IstioOperator').spec.components.ingressGateways[0].k8s;
    expect(k8s.service.type).toBe('LoadBalancer');
    expect(k8s.service.ports.map((p: any) => p.port)).toEqual([15021, 15443, 15012, 15017, 15444]);
    expect(k8s.serviceAnnotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(k8s.resources).toEqual({ requests: { cpu: '200m', memory: '256Mi' } });
  });

  test('Gateways follow the chart\'s networking API version', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'old');
    IstioSettings.apply(chart, { networkingApiVersion: NetworkingApiVersion.V1BETA1 });
    new EastWestGateway(chart, 'eastwest', { network: 'network1' });
    expect(byKind(Testing.synth(chart), 'Gateway').apiVersion).toBe('networking.istio.io/v1beta1');
  });

  test('a network name that is not a label value is an error', () => {
    expect(() => new EastWestGateway(Testing.chart(), 'eastwest', { network: 'network 1' }))
      .toThrow("test/eastwest: network: 'network 1' must be a Kubernetes label value. Use up to 63 letters");
  });

  test('ports are Istio\'s', () => {
    expect(EAST_WEST_PORTS).toEqual({ STATUS: 15021, CROSS_NETWORK: 15443, ISTIOD: 15012, ISTIOD_WEBHOOK: 15017 });
  });
});
