import { Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  AllowedListeners, AllowedRoutes, Backend, BackendTlsPolicy, GatewayApiChannel, HttpRoute, IstioSettings, IstioTesting, KubernetesGateway,
  ListenerProtocol, ListenerSet, RouteParent, SubjectAltName, UdpRoute,
} from '../../lib';
import { validateObject } from '../../lib/validation';

const chart = () => Testing.chart();
const service = (name: string, namespace = 'shop') => ({ name, metadata: { namespace } });

describe('UdpRoute', () => {
  test('forwards to its backends and passes the CRD checks of the experimental channel', () => {
    const c = chart();
    IstioSettings.apply(c, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    new UdpRoute(c, 'dns', { metadata: { name: 'dns', namespace: 'dns' }, parents: [RouteParent.reference({ name: 'edge', sectionName: 'dns' })], backends: [Backend.reference({ name: 'coredns', port: 53, weight: 3 })] });
    const [route] = IstioTesting.synth(c);
    expect(route.apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
    expect(route.kind).toBe('UDPRoute');
    expect(route.spec).toEqual({ parentRefs: [{ name: 'edge', sectionName: 'dns' }], rules: [{ backendRefs: [{ name: 'coredns', port: 53, weight: 3 }] }] });
    expect(validateObject(route, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL })).toEqual([]);
  });

  test('Istio 1.30 serves no UDP listener: on an Istio Gateway the route is not attached, and the checks say so', () => {
    // Istio 1.30.3 pilot/pkg/config/kube/gateway/conversion.go listenerProtocolToIstio: "the k8s.UDPProtocolType is
    // explicitly left to hit this path" (protocol unsupported), so no route attaches to a UDP listener of an Istio Gateway.
    const c = chart();
    IstioSettings.apply(c, { gatewayApiChannel: GatewayApiChannel.EXPERIMENTAL });
    const gw = new KubernetesGateway(c, 'gw', { metadata: { name: 'gw', namespace: 'dns' } });
    const udp = gw.addListener({ name: 'dns', port: 53, protocol: ListenerProtocol.UDP });
    new UdpRoute(c, 'dns', { metadata: { name: 'dns', namespace: 'dns' }, parents: [udp], backends: [Backend.reference({ name: 'coredns', port: 53 })] });
    expect(IstioTesting.findings(c).map((f) => `${f.code} ${f.path}`)).toContain('CIS5101 spec.parentRefs[0]');
  });

  test('without a backend it is an error naming the field; on a standard-channel cluster the synth names the setting', () => {
    expect(() => new UdpRoute(chart(), 'u', { metadata: { name: 'u' }, backends: [] }))
      .toThrow(/test\/u \(UDPRoute u\): spec\.rules\[0\]\.backendRefs: no backend\. Give at least one Backend\./);
    const c = chart();
    new UdpRoute(c, 'u', { metadata: { name: 'u' }, backends: [Backend.reference({ name: 'dns', port: 53 })] });
    expect(() => IstioTesting.synth(c)).toThrow(/CIS1016.*gatewayApiChannel: experimental/s);
  });
});

describe('ListenerSet', () => {
  function gateway(c = chart(), allowedListeners?: AllowedListeners) {
    const gw = new KubernetesGateway(c, 'gw', { metadata: { name: 'public', namespace: 'ingress' }, allowedListeners });
    gw.addListener({ name: 'http', port: 80, protocol: ListenerProtocol.HTTP });
    return gw;
  }

  test('adds listeners to a Gateway that allows it; routes attach to the set or one of its listeners', () => {
    const c = chart();
    const gw = gateway(c, AllowedListeners.allNamespaces());
    const set = new ListenerSet(c, 'shop', {
      metadata: { name: 'shop', namespace: 'shop' },
      gateway: gw,
      listeners: [{ name: 'https', port: 443, protocol: ListenerProtocol.HTTPS, hostname: 'shop.example.com', tls: { certificates: [{ name: 'shop-cert' }] }, allowedRoutes: AllowedRoutes.sameNamespace() }],
    });
    new HttpRoute(c, 'r', { metadata: { name: 'r', namespace: 'shop' }, parents: [set.listener('https')], rules: [{ backends: [Backend.reference({ name: 'web', port: 8080 })] }] });
    const [g, s, r] = IstioTesting.synth(c);
    expect(g.spec.allowedListeners).toEqual({ namespaces: { from: 'All' } });
    expect(s.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(s.kind).toBe('ListenerSet');
    expect(s.spec).toEqual({
      parentRef: { name: 'public', namespace: 'ingress' },
      listeners: [{ name: 'https', hostname: 'shop.example.com', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'shop-cert' }] }, allowedRoutes: { namespaces: { from: 'Same' } } }],
    });
    expect(r.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'ListenerSet', name: 'shop', sectionName: 'https' }]);
  });

  test('a Gateway that does not allow the set is an error with the fix', () => {
    expect(() => new ListenerSet(chart(), 's', { metadata: { name: 's', namespace: 'shop' }, gateway: gateway(), listeners: [] }))
      .toThrow(/ListenerSet shop\/s\): spec\.parentRef: Gateway public allows no ListenerSets\. Give the Gateway allowedListeners: AllowedListeners\.allNamespaces\(\)/);
    const c = chart();
    expect(() => new ListenerSet(c, 's', { metadata: { name: 's', namespace: 'shop' }, gateway: gateway(c, AllowedListeners.sameNamespace()) }))
      .toThrow(/allows ListenerSets of its namespace only \(ingress\), not of shop/);
    // A Gateway the app does not define: its allowedListeners are not known here.
    const other = chart();
    const set = new ListenerSet(other, 's', { metadata: { name: 's', namespace: 'shop' }, gateway: { name: 'public', namespace: 'ingress' } });
    set.addListener({ name: 'http', port: 8080, protocol: ListenerProtocol.HTTP });
    expect(Testing.synth(other)[0].spec.parentRef).toEqual({ name: 'public', namespace: 'ingress' });
  });

  test('listeners are checked as a Gateway\'s; a set without listeners fails at synth', () => {
    const c = chart();
    const set = new ListenerSet(c, 's', { metadata: { name: 's' }, gateway: { name: 'gw' } });
    set.addListener({ name: 'tcp', port: 5432, protocol: ListenerProtocol.TCP });
    expect(() => set.addListener({ name: 'tcp', port: 5433, protocol: ListenerProtocol.TCP }))
      .toThrow(/spec\.listeners\[1\]\.name: a listener named 'tcp' already exists/);
    expect(() => set.addListener({ name: 'db', port: 5432, protocol: ListenerProtocol.TCP, hostname: 'db.example.com' }))
      .toThrow(/a TCP listener cannot match a hostname/);
    expect(() => set.listener('nope')).toThrow(/ListenerSet s has no listener 'nope' \(listeners: tcp\)/);
    const empty = chart();
    new ListenerSet(empty, 'e', { metadata: { name: 'e' }, gateway: { name: 'gw' } });
    expect(() => Testing.synth(empty)).toThrow(/spec\.listeners: the ListenerSet has no listeners\. Add one with addListener\(\)/);
  });

  test('at most 64 listeners', () => {
    const set = new ListenerSet(chart(), 's', { metadata: { name: 's' }, gateway: { name: 'gw' } });
    for (let i = 0; i < 64; i++) set.addListener({ name: `l${i}`, port: 1000 + i, protocol: ListenerProtocol.TCP });
    expect(() => set.addListener({ name: 'l64', port: 2000, protocol: ListenerProtocol.TCP }))
      .toThrow(/spec\.listeners\[64\]: a ListenerSet has at most 64 listeners\. Split the listeners/);
  });
});

describe('BackendTlsPolicy', () => {
  test('targets Services (a port by name), verifies with ConfigMaps\' CAs, host name and SANs, and passes the checks', () => {
    const c = chart();
    new BackendTlsPolicy(c, 'p', {
      metadata: { name: 'payments-tls', namespace: 'shop' },
      services: [service('payments')],
      portName: 'https',
      hostname: 'payments.example.com',
      caCertificates: [{ name: 'payments-ca' }],
      subjectAltNames: [SubjectAltName.hostname('payments.example.com'), SubjectAltName.uri('spiffe://cluster.local/ns/shop/sa/payments')],
      options: { 'example.com/min-tls': '1.3' },
    });
    const [p] = IstioTesting.synth(c);
    expect(p.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(p.kind).toBe('BackendTLSPolicy');
    expect(p.spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'payments', sectionName: 'https' }],
      validation: {
        caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'payments-ca' }],
        hostname: 'payments.example.com',
        subjectAltNames: [{ type: 'Hostname', hostname: 'payments.example.com' }, { type: 'URI', uri: 'spiffe://cluster.local/ns/shop/sa/payments' }],
      },
      options: { 'example.com/min-tls': '1.3' },
    });
  });

  test('the system\'s CA certificates instead of ConfigMaps', () => {
    const c = chart();
    new BackendTlsPolicy(c, 'p', { metadata: { name: 'p', namespace: 'shop' }, services: [service('api'), service('web')], hostname: 'api.example.com', systemCaCertificates: true });
    expect(IstioTesting.synth(c)[0].spec).toEqual({
      targetRefs: [{ group: '', kind: 'Service', name: 'api' }, { group: '', kind: 'Service', name: 'web' }],
      validation: { wellKnownCACertificates: 'System', hostname: 'api.example.com' },
    });
  });

  test('what the API cannot express is an error naming the field and the fix', () => {
    const base = { metadata: { name: 'p', namespace: 'shop' }, services: [service('api')], hostname: 'api.example.com' };
    const err = (props: Partial<ConstructorParameters<typeof BackendTlsPolicy>[2]>) => () => new BackendTlsPolicy(chart(), 'p', { ...base, ...props });
    expect(err({})).toThrow(/spec\.validation\.caCertificateRefs: no CA certificates to verify the backend with\. Give caCertificates/);
    expect(err({ caCertificates: [{ name: 'ca' }], systemCaCertificates: true })).toThrow(/spec\.validation: both caCertificates and systemCaCertificates/);
    expect(err({ systemCaCertificates: true, services: [] })).toThrow(/spec\.targetRefs: 0 Services, the API takes 1 to 16\. Give the Services/);
    expect(err({ systemCaCertificates: true, services: [service('api', 'other')] })).toThrow(/Service 'api' is in namespace other, the policy in shop\. A BackendTLSPolicy applies to Services of its own namespace/);
    expect(err({ systemCaCertificates: true, hostname: '10.0.0.1:443' })).toThrow(/spec\.validation\.hostname: '10\.0\.0\.1:443' is not a host name/);
    expect(err({ systemCaCertificates: true, portName: 'HTTPS' })).toThrow(/'HTTPS' is not a port name/);
    expect(err({ systemCaCertificates: true, subjectAltNames: Array.from({ length: 6 }, (_, i) => SubjectAltName.hostname(`h${i}.example.com`)) }))
      .toThrow(/6 names, the API takes at most 5/);
    expect(err({ systemCaCertificates: true, subjectAltNames: [SubjectAltName.uri('')] })).toThrow(/subjectAltNames\[0\]: '' is not a URI/);
  });

  test('any valid host name and set of CA ConfigMaps passes the CRD\'s checks', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);
    fc.assert(fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), fc.array(label, { minLength: 1, maxLength: 8 }), (parts, cas) => {
      const c = chart();
      new BackendTlsPolicy(c, 'p', { metadata: { name: 'p', namespace: 'shop' }, services: [service('api')], hostname: parts.join('.'), caCertificates: cas.map((name) => ({ name })) });
      expect(IstioTesting.synth(c)[0].spec.validation.hostname).toBe(parts.join('.'));
    }), { numRuns: 20 });
  });
});
