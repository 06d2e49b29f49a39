import { table } from './helpers';

const https = { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert' } };
const http = { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] };

describe('Gateway webhook rules', () => {
  table('Gateway', [
    { name: 'an HTTP and an HTTPS server are clean', spec: { selector: { istio: 'ingressgateway' }, servers: [http, https] }, expect: [] },
    { name: 'no servers', spec: { selector: { istio: 'ingressgateway' } }, expect: [['E', 'CIS2019', 'spec.servers']] },
    { name: 'duplicate port names', spec: { servers: [http, { ...http, port: { ...http.port, number: 8080 } }] }, expect: [['E', 'CIS2019', 'spec.servers[1].port.name']] },
    { name: 'HTTPS without TLS settings', spec: { servers: [{ ...https, tls: undefined }] }, expect: [['E', 'CIS2018', 'spec.servers[0].tls']] },
    { name: 'SIMPLE TLS without certificates', spec: { servers: [{ ...https, tls: { mode: 'SIMPLE' } }] }, expect: [['E', 'CIS2018', 'spec.servers[0].tls.serverCertificate'], ['E', 'CIS2018', 'spec.servers[0].tls.privateKey']] },
    { name: 'MUTUAL with files but no CA', spec: { servers: [{ ...https, tls: { mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k' } }] }, expect: [['E', 'CIS2018', 'spec.servers[0].tls.caCertificates']] },
    { name: 'ISTIO_MUTUAL with a credential', spec: { servers: [{ ...https, tls: { mode: 'ISTIO_MUTUAL', credentialName: 'x' } }] }, expect: [['E', 'CIS2018', 'spec.servers[0].tls.credentialName']] },
    { name: 'an unknown cipher warns', spec: { servers: [{ ...https, tls: { ...https.tls, cipherSuites: ['NOT-A-CIPHER'] } }] }, expect: [['W', 'CIS2018', 'spec.servers[0].tls.cipherSuites']] },
    { name: 'httpsRedirect on the HTTP server', spec: { servers: [{ ...http, tls: { httpsRedirect: true } }] }, expect: [] },
    { name: 'httpsRedirect on an HTTPS server warns', spec: { servers: [{ ...https, tls: { ...https.tls, httpsRedirect: true } }] }, expect: [['W', 'CIS2018', 'spec.servers[0].tls.httpsRedirect']] },
    { name: 'TLS settings on a plain HTTP port', spec: { servers: [{ ...http, tls: { mode: 'SIMPLE', credentialName: 'x' } }] }, expect: [['E', 'CIS2018', 'spec.servers[0].tls']] },
    { name: 'an unknown protocol', spec: { servers: [{ ...http, port: { number: 80, name: 'http', protocol: 'HTTP3' } }] }, expect: [['E', 'CIS2007', 'spec.servers[0].port.protocol']] },
    { name: 'a port number out of range', spec: { servers: [{ ...http, port: { number: 70000, name: 'http', protocol: 'HTTP' } }] }, expect: [['E', 'CIS2007', 'spec.servers[0].port.number']] },
    { name: 'a namespaced host', spec: { servers: [{ ...http, hosts: ['bookinfo/*.example.com', './reviews.example.com'] }] }, expect: [] },
    { name: 'a short name host', spec: { servers: [{ ...http, hosts: ['reviews'] }] }, expect: [['E', 'CIS2024', 'spec.servers[0].hosts[0]']] },
    { name: 'a partial wildcard host', spec: { servers: [{ ...http, hosts: ['*bar.com'] }] }, expect: [['E', 'CIS2024', 'spec.servers[0].hosts[0]']] },
    { name: 'an IP host is accepted', spec: { servers: [{ ...http, hosts: ['10.0.0.1'] }] }, expect: [] },
    { name: 'an invalid bind address', spec: { servers: [{ ...http, bind: 'localhost' }] }, expect: [['E', 'CIS2026', 'spec.servers[0].bind']] },
    { name: 'a name with dots', metadata: { name: 'my.gateway', namespace: 'bar' }, spec: { servers: [http] }, expect: [['E', 'CIS2039', 'metadata.name']] },
    { name: 'a name that is no object name is left to the metadata check', metadata: { name: 'My_Gateway', namespace: 'bar' }, spec: { servers: [http] }, expect: [] },
  ]);
});
