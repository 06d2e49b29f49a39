import { table } from './helpers';
import { IstioVersion } from '../../../lib/core/istio-version';

const httpsPort = { number: 443, name: 'https', protocol: 'TLS' };

describe('ServiceEntry webhook rules', () => {
  table('ServiceEntry', [
    { name: 'an external API with DNS resolution is clean', spec: { hosts: ['api.example.com'], ports: [httpsPort], resolution: 'DNS', location: 'MESH_EXTERNAL' }, expect: [] },
    { name: 'no hosts', spec: { ports: [httpsPort], resolution: 'DNS' }, expect: [['E', 'CIS2001', 'spec.hosts']] },
    { name: 'host *', spec: { hosts: ['*'], ports: [httpsPort] }, expect: [['E', 'CIS2001', 'spec.hosts[0]']] },
    { name: 'DNS resolution of a wildcard host without endpoints', spec: { hosts: ['*.example.com'], ports: [httpsPort], resolution: 'DNS' }, expect: [['E', 'CIS2025', 'spec.hosts[0]']] },
    { name: 'a wildcard host with resolution NONE', spec: { hosts: ['*.example.com'], ports: [httpsPort], resolution: 'NONE' }, expect: [] },
    { name: 'endpoints with resolution NONE', spec: { hosts: ['a.example.com'], ports: [httpsPort], endpoints: [{ address: '1.1.1.1' }] }, expect: [['E', 'CIS2025', 'spec.endpoints']] },
    { name: 'a STATIC endpoint that is no IP', spec: { hosts: ['a.example.com'], ports: [httpsPort], resolution: 'STATIC', endpoints: [{ address: 'a.example.com' }] }, expect: [['E', 'CIS2026', 'spec.endpoints[0].address']] },
    { name: 'an endpoint port not defined by the entry', spec: { hosts: ['a.example.com'], ports: [httpsPort], resolution: 'STATIC', endpoints: [{ address: '1.1.1.1', ports: { http: 8080 } }] }, expect: [['E', 'CIS2007', 'spec.endpoints[0].ports.http']] },
    { name: 'CIDR addresses with DNS resolution', spec: { hosts: ['a.example.com'], addresses: ['10.0.0.0/16'], ports: [httpsPort], resolution: 'DNS' }, expect: [['E', 'CIS2025', 'spec.addresses']] },
    { name: 'several hosts on a TCP port', spec: { hosts: ['a.example.com', 'b.example.com'], addresses: ['240.0.0.1'], ports: [{ number: 5432, name: 'tcp-db', protocol: 'TCP' }], resolution: 'DNS' }, expect: [['E', 'CIS2025', 'spec.ports[0]'], ['W', 'CIS2025', 'spec.hosts']] },
    { name: 'a TCP port without addresses and auto-allocation off warns', metadata: { name: 'foo', namespace: 'bar', labels: { 'networking.istio.io/enable-autoallocate-ip': 'false' } }, spec: { hosts: ['db.example.com'], ports: [{ number: 5432, name: 'tcp', protocol: 'TCP' }], resolution: 'DNS' }, expect: [['W', 'CIS2025', 'spec.ports[0]']] },
    { name: 'a port name with an underscore', spec: { hosts: ['a.example.com'], ports: [{ number: 443, name: 'https_port', protocol: 'TLS' }] }, expect: [['E', 'CIS2007', 'spec.ports[0].name']] },
    { name: 'duplicate port numbers', spec: { hosts: ['a.example.com'], ports: [httpsPort, { ...httpsPort, name: 'tls' }] }, expect: [['E', 'CIS2007', 'spec.ports[1].number']] },
    { name: 'a workload selector and endpoints', spec: { hosts: ['a.example.com'], ports: [httpsPort], resolution: 'STATIC', workloadSelector: { labels: { app: 'a' } }, endpoints: [{ address: '1.1.1.1' }] }, expect: [['E', 'CIS2025', 'spec.endpoints']] },
    { name: 'exportTo ~ is allowed for a ServiceEntry', spec: { hosts: ['a.example.com'], ports: [httpsPort], exportTo: ['~'] }, expect: [] },
    { name: 'DYNAMIC_DNS with a GRPC port in 1.30', spec: { hosts: ['*.example.com'], ports: [{ number: 9090, name: 'grpc', protocol: 'GRPC' }], resolution: 'DYNAMIC_DNS' }, expect: [] },
    { name: 'DYNAMIC_DNS with a GRPC port in 1.28', version: IstioVersion.V1_28, spec: { hosts: ['*.example.com'], ports: [{ number: 9090, name: 'grpc', protocol: 'GRPC' }], resolution: 'DYNAMIC_DNS' }, expect: [['E', 'CIS2025', 'spec.ports[0].protocol']] },
    { name: 'DYNAMIC_DNS needs wildcard hosts', spec: { hosts: ['a.example.com'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }], resolution: 'DYNAMIC_DNS' }, expect: [['E', 'CIS2025', 'spec.hosts[0]']] },
  ]);
});
