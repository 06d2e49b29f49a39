import { Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-33';
import { newChart, synth } from './util';
import { expectNoErrors } from './validate';
import {
  CaptureMode, Destination, OutboundTrafficMode, Probe, Protocol, ServerTls, ServiceEntry, ServiceEntryLocation, ServiceEntryResolution,
  Sidecar, WorkloadEntry, WorkloadGroup, WorkloadSelector,
} from '../../lib';

function specOf(kind: string, build: (chart: ReturnType<typeof newChart>) => void): any {
  const chart = newChart('vms');
  build(chart);
  const objects = synth(chart);
  expectNoErrors(objects);
  return objects.find((o) => o.kind === kind).spec;
}

describe('ServiceEntry', () => {
  test('MESH_INTERNAL with a workload selector, addresses and a DNS_ROUND_ROBIN variant', () => {
    const spec = specOf('ServiceEntry', (chart) => new ServiceEntry(chart, 'se', {
      hosts: ['mysql.vms.svc.cluster.local'],
      addresses: ['10.10.0.0/24'],
      ports: [{ number: 3306, name: 'mysql', protocol: Protocol.TCP, targetPort: 3307 }],
      location: ServiceEntryLocation.MESH_INTERNAL,
      resolution: ServiceEntryResolution.STATIC,
      workloadSelector: WorkloadSelector.labels({ app: 'mysql' }),
      exportTo: ['.'],
    }));
    expect(spec).toEqual({
      hosts: ['mysql.vms.svc.cluster.local'],
      addresses: ['10.10.0.0/24'],
      ports: [{ number: 3306, name: 'mysql', protocol: 'TCP', targetPort: 3307 }],
      location: 'MESH_INTERNAL',
      resolution: 'STATIC',
      workloadSelector: { labels: { app: 'mysql' } },
      exportTo: ['.'],
    });
  });

  test('endpoints with ports, labels, locality and weight', () => {
    const spec = specOf('ServiceEntry', (chart) => new ServiceEntry(chart, 'se', {
      hosts: ['api.internal'],
      ports: [{ number: 8080, name: 'http', protocol: Protocol.HTTP }],
      resolution: ServiceEntryResolution.DNS_ROUND_ROBIN,
    }).addEndpoint({ address: 'api.vm.example.com', ports: { http: 18080 }, labels: { app: 'api' }, locality: 'us-east1/us-east1-b', weight: 2 }));
    expect(spec.endpoints).toEqual([{ address: 'api.vm.example.com', ports: { http: 18080 }, labels: { app: 'api' }, locality: 'us-east1/us-east1-b', weight: 2 }]);
  });

  test('endpoints and a workload selector cannot be combined', () => {
    expect(() => new ServiceEntry(newChart(), 'se', {
      hosts: ['a.internal'],
      resolution: ServiceEntryResolution.STATIC,
      workloadSelector: WorkloadSelector.labels({ app: 'a' }),
      endpoints: [{ address: '10.0.0.1' }],
    })).toThrow(/cannot also list endpoints/);
  });
});

describe('Sidecar', () => {
  test('outbound traffic policy, capture modes, ingress TLS and a workload selector from a cdk8s-plus Deployment', () => {
    const spec = specOf('Sidecar', (chart) => {
      const app = new kplus.Deployment(chart, 'app', { select: false, containers: [{ image: 'ratings', portNumber: 9080 }] });
      app.select(kplus.LabelSelector.of({ labels: { app: 'ratings' } }));
      app.podMetadata.addLabel('app', 'ratings');
      new Sidecar(chart, 'sc', {
        workloadSelector: WorkloadSelector.workload(app),
        outboundTrafficPolicy: { mode: OutboundTrafficMode.ALLOW_ANY, egressProxy: Destination.host('egress.istio-system.svc.cluster.local', { port: 443 }) },
        inboundConnectionPool: { http: { http1MaxPendingRequests: 100 } },
      })
        .addEgress({ hosts: ['istio-system/*'] })
        .addEgress({ hosts: ['*/api.example.com'], port: { number: 443, name: 'https', protocol: Protocol.HTTPS }, captureMode: CaptureMode.NONE, bind: '127.0.0.1' })
        .addIngress({
          port: { number: 9443, name: 'https', protocol: Protocol.HTTPS },
          defaultEndpoint: '127.0.0.1:9080',
          tls: ServerTls.simpleFromFiles({ serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' }),
          connectionPool: { tcp: { maxConnections: 50 } },
        });
    });
    expect(spec).toEqual({
      workloadSelector: { labels: { app: 'ratings' } },
      ingress: [{ port: { number: 9443, name: 'https', protocol: 'HTTPS' }, defaultEndpoint: '127.0.0.1:9080', tls: { mode: 'SIMPLE', serverCertificate: '/etc/certs/cert.pem', privateKey: '/etc/certs/key.pem' }, connectionPool: { tcp: { maxConnections: 50 } } }],
      // the catch-all listener (no port) is emitted last
      egress: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, bind: '127.0.0.1', captureMode: 'NONE', hosts: ['*/api.example.com'] },
        { hosts: ['istio-system/*'] },
      ],
      outboundTrafficPolicy: { mode: 'ALLOW_ANY', egressProxy: { host: 'egress.istio-system.svc.cluster.local', port: { number: 443 } } },
      inboundConnectionPool: { http: { http1MaxPendingRequests: 100 } },
    });
  });

  test('REGISTRY_ONLY', () => {
    const spec = specOf('Sidecar', (chart) => new Sidecar(chart, 'sc', { outboundTrafficPolicy: { mode: OutboundTrafficMode.REGISTRY_ONLY } }));
    expect(spec).toEqual({ outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } });
  });

  test('an egress proxy needs ALLOW_ANY; only one catch-all egress listener', () => {
    expect(() => new Sidecar(newChart(), 'a', { outboundTrafficPolicy: { mode: OutboundTrafficMode.REGISTRY_ONLY, egressProxy: Destination.host('egress') } }))
      .toThrow(/egressProxy needs mode ALLOW_ANY/);
    expect(() => new Sidecar(newChart(), 'b', { egress: [{ hosts: ['./*'] }, { hosts: ['istio-system/*'] }] })).toThrow(/only one egress listener may omit its port/);
  });

  test('what Istio rejects in Sidecar listeners is rejected when the listener is added', () => {
    const sc = new Sidecar(newChart(), 'sc');
    const https = { number: 9443, name: 'https', protocol: Protocol.HTTPS };
    expect(() => sc.addIngress({ port: https, tls: ServerTls.simple('secret') })).toThrow(/cannot read a Kubernetes Secret/);
    expect(() => sc.addIngress({ port: https, tls: ServerTls.istioMutual() })).toThrow(/ISTIO_MUTUAL cannot be used on a Sidecar ingress/);
    expect(() => sc.addIngress({ port: { number: 9080, protocol: Protocol.HTTP }, tls: ServerTls.simpleFromFiles({ serverCertificate: 'c', privateKey: 'k' }) }))
      .toThrow(/tls needs an HTTPS or TLS port/);
    expect(() => sc.addIngress({ port: { ...https, targetPort: 8443 } })).toThrow(/targetPort has no effect on Sidecar listeners/);
    sc.addIngress({ port: https });
    expect(() => sc.addIngress({ port: { ...https, name: 'https-2' } })).toThrow(/port 9443 already has a listener/);
  });

  test('an egress proxy without a port fails at synth', () => {
    const chart = newChart();
    new Sidecar(chart, 'sc', { outboundTrafficPolicy: { mode: OutboundTrafficMode.ALLOW_ANY, egressProxy: Destination.host('egress') } });
    expect(() => Testing.synth(chart)).toThrow(/egressProxy needs a port/);
  });

  test('a workload selector from a workload without labels fails at synth', () => {
    const chart = newChart();
    const app = new kplus.Deployment(chart, 'app', { select: false, containers: [{ image: 'x' }] });
    new Sidecar(chart, 'sc', { workloadSelector: WorkloadSelector.workload(app), egress: [{ hosts: ['./*'] }] });
    expect(() => Testing.synth(chart)).toThrow(/needs at least one label/);
  });
});

describe('WorkloadEntry and WorkloadGroup', () => {
  test('a WorkloadEntry on another network', () => {
    const spec = specOf('WorkloadEntry', (chart) => new WorkloadEntry(chart, 'we', { network: 'vm-net', serviceAccount: 'vm', labels: { app: 'legacy' } }));
    expect(spec).toEqual({ network: 'vm-net', serviceAccount: 'vm', labels: { app: 'legacy' } });
  });

  test.each([
    ['tcpSocket', Probe.tcpSocket({ port: 3306, failureThreshold: 5 }), { failureThreshold: 5, tcpSocket: { port: 3306 } }],
    ['tcpSocket with a timeout', Probe.tcpSocket({ port: 9090, timeout: Duration.seconds(2) }), { timeoutSeconds: 2, tcpSocket: { port: 9090 } }],
    ['exec', Probe.exec(['/bin/check'], { initialDelay: Duration.seconds(10), successThreshold: 2 }), { initialDelaySeconds: 10, successThreshold: 2, exec: { command: ['/bin/check'] } }],
    ['httpGet with headers', Probe.httpGet({ port: 8080, path: '/healthz', scheme: 'HTTPS', httpHeaders: { 'X-Probe': 'istio' } }),
      { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTPS', httpHeaders: [{ name: 'X-Probe', value: 'istio' }] } }],
  ])('WorkloadGroup probe: %s', (_name, probe, expected) => {
    const spec = specOf('WorkloadGroup', (chart) => new WorkloadGroup(chart, 'wg', { template: { serviceAccount: 'vm' }, probe }));
    expect(spec).toEqual({ template: { serviceAccount: 'vm' }, probe: expected });
  });

  test('probe durations must be whole seconds', () => {
    expect(() => Probe.tcpSocket({ port: 80, period: Duration.millis(1500) })).toThrow(/whole number of seconds/);
  });
});
