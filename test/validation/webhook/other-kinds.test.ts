import { table } from './helpers';

describe('Telemetry webhook rules', () => {
  table('Telemetry', [
    { name: 'access logging with a filter is clean', spec: { accessLogging: [{ providers: [{ name: 'envoy' }], filter: { expression: 'response.code >= 400' } }] }, expect: [] },
    { name: 'a filter that is not CEL', spec: { accessLogging: [{ filter: { expression: 'response.code >=' } }] }, expect: [['E', 'CIS2034', 'spec.accessLogging[0].filter.expression']] },
    { name: 'a provider without name', spec: { metrics: [{ providers: [{}] }] }, expect: [['E', 'CIS2034', 'spec.metrics[0].providers[0].name']] },
    { name: 'a sampling percentage above 100', spec: { tracing: [{ randomSamplingPercentage: 150 }] }, expect: [['E', 'CIS2034', 'spec.tracing[0].randomSamplingPercentage']] },
    { name: 'several tracing entries warn', spec: { tracing: [{ randomSamplingPercentage: 10 }, { randomSamplingPercentage: 20 }] }, expect: [['W', 'CIS2034', 'spec.tracing']] },
    { name: 'UPSERT without value', spec: { metrics: [{ overrides: [{ tagOverrides: { source_app: { operation: 'UPSERT' } } }] }] }, expect: [['E', 'CIS2034', 'spec.metrics[0].overrides[0].tagOverrides.source_app.value']] },
    { name: 'REMOVE without value', spec: { metrics: [{ overrides: [{ tagOverrides: { source_app: { operation: 'REMOVE' } } }] }] }, expect: [] },
  ]);
});

describe('WasmPlugin and TrafficExtension webhook rules', () => {
  table('WasmPlugin', [
    { name: 'an OCI plugin is clean', spec: { selector: { matchLabels: { app: 'a' } }, url: 'oci://ghcr.io/example/plugin:1.0' }, expect: [] },
    { name: 'a bare image reference is fine', spec: { url: 'ghcr.io/example/plugin:1.0' }, expect: [] },
    { name: 'no url', spec: { selector: { matchLabels: { app: 'a' } } }, expect: [['E', 'CIS2035', 'spec.url']] },
    { name: 'an unsupported scheme', spec: { url: 'ftp://example.com/plugin.wasm' }, expect: [['E', 'CIS2035', 'spec.url']] },
    { name: 'a short sha256', spec: { url: 'oci://x/y', sha256: 'abc' }, expect: [['E', 'CIS2035', 'spec.sha256']] },
    { name: 'a duplicate env', spec: { url: 'oci://x/y', vmConfig: { env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] } }, expect: [['E', 'CIS2035', 'spec.vmConfig.env[1].name']] },
    { name: 'a match port 0', spec: { url: 'oci://x/y', match: [{ ports: [{ number: 0 }] }] }, expect: [['E', 'CIS2035', 'spec.match[0].ports[0].number']] },
  ]);
  table('TrafficExtension', [
    { name: 'a Lua extension is clean', spec: { lua: { inlineCode: 'function envoy_on_request(h) end' } }, expect: [] },
    { name: 'neither wasm nor lua', spec: {}, expect: [['E', 'CIS2035', 'spec']] },
  ]);
});

describe('EnvoyFilter webhook rules', () => {
  table('EnvoyFilter', [
    { name: 'an EnvoyFilter always warns', spec: { configPatches: [{ applyTo: 'HTTP_FILTER', match: { listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } } } }, patch: { operation: 'INSERT_BEFORE', value: { name: 'x' } } }] }, expect: [['W', 'CIS2036', 'spec']] },
    { name: 'a patch without operation', spec: { configPatches: [{ applyTo: 'CLUSTER', patch: { value: {} } }] }, expect: [['W', 'CIS2036', 'spec'], ['E', 'CIS2036', 'spec.configPatches[0].patch.operation']] },
    { name: 'a cluster patch with a listener match', spec: { configPatches: [{ applyTo: 'CLUSTER', match: { listener: {} }, patch: { operation: 'MERGE', value: {} } }] }, expect: [['W', 'CIS2036', 'spec'], ['E', 'CIS2036', 'spec.configPatches[0].match']] },
    { name: 'an invalid proxy version regex', spec: { configPatches: [{ applyTo: 'CLUSTER', match: { proxy: { proxyVersion: '1.(' } }, patch: { operation: 'MERGE', value: {} } }] }, expect: [['W', 'CIS2036', 'spec'], ['E', 'CIS2004', 'spec.configPatches[0].match.proxy.proxyVersion']] },
  ]);
});

describe('WorkloadEntry, WorkloadGroup and ProxyConfig webhook rules', () => {
  table('WorkloadEntry', [
    { name: 'an IP address with ports is clean', spec: { address: '10.0.0.1', ports: { http: 8080 }, labels: { app: 'vm' } }, expect: [] },
    { name: 'a DNS name is accepted', spec: { address: 'vm1.example.com' }, expect: [] },
    { name: 'no address and no network', spec: { labels: { app: 'vm' } }, expect: [['E', 'CIS2027', 'spec.address']] },
    { name: 'no address with a network warns', spec: { network: 'vpc1' }, expect: [['W', 'CIS2027', 'spec.address']] },
    { name: 'a unix address with ports', spec: { address: 'unix:///var/run/a.sock', ports: { http: 8080 } }, expect: [['E', 'CIS2027', 'spec.ports']] },
    { name: 'a port out of range', spec: { address: '10.0.0.1', ports: { http: 70000 } }, expect: [['E', 'CIS2007', 'spec.ports.http']] },
  ]);
  table('WorkloadGroup', [
    { name: 'a template and an HTTP probe are clean', spec: { template: { ports: { http: 8080 } }, probe: { httpGet: { port: 8080, path: '/ready' } } }, expect: [] },
    { name: 'no template', spec: { metadata: { labels: { app: 'a' } } }, expect: [['E', 'CIS2027', 'spec.template']] },
    { name: 'a probe without method', spec: { template: {}, probe: { periodSeconds: 5 } }, expect: [['E', 'CIS2027', 'spec.probe']] },
    { name: 'a grpc probe, which istiod 1.30 does not accept', spec: { template: {}, probe: { grpc: { port: 9090 } } }, expect: [['E', 'CIS2027', 'spec.probe.grpc']] },
    { name: 'a probe header with an underscore', spec: { template: {}, probe: { httpGet: { port: 80, httpHeaders: [{ name: 'x_a', value: 'b' }] } } }, expect: [['E', 'CIS2005', 'spec.probe.httpGet.httpHeaders[0].name']] },
  ]);
  table('ProxyConfig', [
    { name: 'concurrency 2 is clean', spec: { concurrency: 2 }, expect: [] },
    { name: 'a negative concurrency', spec: { concurrency: -1 }, expect: [['E', 'CIS2037', 'spec.concurrency']] },
  ]);
});
