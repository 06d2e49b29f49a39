import { table } from './helpers';

describe('Sidecar webhook rules', () => {
  table('Sidecar', [
    { name: 'egress hosts in namespace/host form are clean', spec: { egress: [{ hosts: ['./*', 'istio-system/*', 'production/*'] }] }, expect: [] },
    { name: 'an egress host without its namespace/ part', spec: { egress: [{ hosts: ['reviews.default.svc.cluster.local'] }] }, expect: [['E', 'CIS2024', 'spec.egress[0].hosts[0]']] },
    { name: 'an egress host with a short name', spec: { egress: [{ hosts: ['./reviews'] }] }, expect: [['E', 'CIS2024', 'spec.egress[0].hosts[0]']] },
    { name: '~/* is allowed in a Sidecar', spec: { egress: [{ hosts: ['~/*'] }] }, expect: [] },
    { name: 'duplicated egress hosts warn', spec: { egress: [{ hosts: ['ns1/*', 'ns1/a.example.com'] }] }, expect: [['W', 'CIS2024', 'spec.egress[0].hosts[1]']] },
    { name: 'an empty configuration', spec: {}, expect: [['E', 'CIS2023', 'spec']] },
    { name: 'a catch-all egress listener that is not last', spec: { egress: [{ hosts: ['./*'] }, { port: { number: 80, protocol: 'HTTP', name: 'http' }, hosts: ['./*'] }] }, expect: [['E', 'CIS2023', 'spec.egress[0]']] },
    { name: 'an ingress listener with a default endpoint', spec: { ingress: [{ port: { number: 9080, name: 'http', protocol: 'HTTP' }, defaultEndpoint: '127.0.0.1:9080' }] }, expect: [] },
    { name: 'a default endpoint on another host', spec: { ingress: [{ port: { number: 9080, name: 'http', protocol: 'HTTP' }, defaultEndpoint: '10.0.0.1:9080' }] }, expect: [['E', 'CIS2023', 'spec.ingress[0].defaultEndpoint']] },
    { name: 'ingress ports must be unique', spec: { ingress: [{ port: { number: 9080, name: 'http', protocol: 'HTTP' } }, { port: { number: 9080, name: 'http2', protocol: 'HTTP' } }] }, expect: [['E', 'CIS2007', 'spec.ingress[1].port.number']] },
    { name: 'a workload selector with a wildcard', spec: { workloadSelector: { labels: { app: '*' } }, egress: [{ hosts: ['./*'] }] }, expect: [['E', 'CIS2009', 'spec.workloadSelector.labels.app']] },
    { name: 'a workload selector without labels warns', spec: { workloadSelector: {}, egress: [{ hosts: ['./*'] }] }, expect: [['W', 'CIS2009', 'spec.workloadSelector.labels']] },
    { name: 'an egress proxy with REGISTRY_ONLY', spec: { outboundTrafficPolicy: { mode: 'REGISTRY_ONLY', egressProxy: { host: 'proxy.example.com', port: { number: 3128 } } } }, expect: [['E', 'CIS2023', 'spec.outboundTrafficPolicy.egressProxy']] },
    { name: 'ingress TLS with ISTIO_MUTUAL', spec: { ingress: [{ port: { number: 8443, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' } }] }, expect: [['E', 'CIS2018', 'spec.ingress[0].tls.mode']] },
  ]);
});
