import { SchemaCodes, validateObject } from '../../lib/validation';

/**
 * Table-driven cases per kind: `spec` and the exact errors expected (code, path, and a part of the
 * message). An empty `errors` list is a valid case.
 */
interface Case {
  readonly title: string;
  readonly spec: Record<string, unknown>;
  readonly errors: ReadonlyArray<[code: string, path: string, message: string]>;
}

const { UNKNOWN_FIELD, WRONG_TYPE, REQUIRED, ENUM, RANGE, ONE_OF, CEL_RULE } = SchemaCodes;

const KINDS: Record<string, { apiVersion: string; cases: Case[] }> = {
  VirtualService: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'weighted routes with retries and timeout', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 75 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 25 }], timeout: '10s', retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' } }] }, errors: [] },
      { title: 'timeout with a space', spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' } }], timeout: '10 s' }] }, errors: [[CEL_RULE, 'spec.http[0].timeout', 'must be a valid duration greater than 1ms']] },
      { title: 'timeout under 1ms', spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' } }], timeout: '0.5ms' }] }, errors: [[CEL_RULE, 'spec.http[0].timeout', 'must be a valid duration greater than 1ms']] },
      { title: 'destination without host', spec: { hosts: ['r'], http: [{ route: [{ destination: { subset: 'v1' } }] }] }, errors: [[REQUIRED, 'spec.http[0].route[0].destination.host', 'required field "host" is missing']] },
      { title: 'weight as a string', spec: { hosts: ['r'], http: [{ route: [{ destination: { host: 'r' }, weight: '50' }] }] }, errors: [[WRONG_TYPE, 'spec.http[0].route[0].weight', 'must be an integer, got string "50"']] },
      { title: 'misspelt field', spec: { hosts: ['r'], http: [{ rout: [{ destination: { host: 'r' } }] }] }, errors: [[UNKNOWN_FIELD, 'spec.http[0].rout', 'unknown field "rout"']] },
      { title: 'both exact and prefix in a string match', spec: { hosts: ['r'], http: [{ match: [{ uri: { exact: '/a', prefix: '/' } }], route: [{ destination: { host: 'r' } }] }] }, errors: [[ONE_OF, 'spec.http[0].match[0].uri', 'only one of "exact", "prefix" or "regex" may be set']] },
    ],
  },
  DestinationRule: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'subsets, outlier detection and connection pool', spec: { host: 'reviews', trafficPolicy: { connectionPool: { http: { http1MaxPendingRequests: 10 } }, outlierDetection: { consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '30s', maxEjectionPercent: 100 } }, subsets: [{ name: 'v1', labels: { version: 'v1' } }] }, errors: [] },
      { title: 'missing host', spec: { subsets: [] }, errors: [[REQUIRED, 'spec.host', 'required field "host" is missing']] },
      { title: 'outlier detection fields under connectionPool.http', spec: { host: 'r', trafficPolicy: { connectionPool: { http: { consecutiveGatewayErrors: 5 } } } }, errors: [[UNKNOWN_FIELD, 'spec.trafficPolicy.connectionPool.http.consecutiveGatewayErrors', 'unknown field "consecutiveGatewayErrors"']] },
      { title: 'lowercase load balancer', spec: { host: 'r', trafficPolicy: { loadBalancer: { simple: 'round_robin' } } }, errors: [[ENUM, 'spec.trafficPolicy.loadBalancer.simple', 'must be one of']] },
      { title: 'simple and consistentHash together', spec: { host: 'r', trafficPolicy: { loadBalancer: { simple: 'RANDOM', consistentHash: { useSourceIp: true } } } }, errors: [[ONE_OF, 'spec.trafficPolicy.loadBalancer', 'only one of "simple" or "consistentHash" may be set']] },
      { title: 'subset without name', spec: { host: 'r', subsets: [{ labels: { version: 'v1' } }] }, errors: [[REQUIRED, 'spec.subsets[0].name', 'required field "name" is missing']] },
      { title: 'numeric sni', spec: { host: 'r', trafficPolicy: { tls: { mode: 'SIMPLE', sni: 5 } } }, errors: [[WRONG_TYPE, 'spec.trafficPolicy.tls.sni', 'must be a string, got number 5 quote the value']] },
    ],
  },
  Gateway: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'HTTPS server', spec: { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['bookinfo.example.com'], tls: { mode: 'SIMPLE', credentialName: 'bookinfo-cert' } }] }, errors: [] },
      { title: 'server without hosts', spec: { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' } }] }, errors: [[REQUIRED, 'spec.servers[0].hosts', 'required field "hosts" is missing']] },
      { title: 'credentialName and credentialNames', spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'a', credentialNames: ['b'] } }] }, errors: [[CEL_RULE, 'spec.servers[0].tls', 'only one of credentialName or credentialNames can be set']] },
      { title: 'unknown TLS mode', spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'simple' } }] }, errors: [[ENUM, 'spec.servers[0].tls.mode', 'must be one of']] },
    ],
  },
  ServiceEntry: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'external API', spec: { hosts: ['api.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'TLS' }] }, errors: [] },
      { title: 'no hosts', spec: { resolution: 'DNS' }, errors: [[REQUIRED, 'spec.hosts', 'required field "hosts" is missing']] },
      { title: 'duplicate port numbers', spec: { hosts: ['a.example.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http' }, { number: 80, name: 'http2' }] }, errors: [[CEL_RULE, 'spec.ports', 'port number cannot be duplicated']] },
      { title: 'NONE resolution with endpoints', spec: { hosts: ['a.example.com'], resolution: 'NONE', endpoints: [{ address: '1.2.3.4' }] }, errors: [[CEL_RULE, 'spec', 'NONE mode cannot set endpoints']] },
      { title: 'wildcard host alone', spec: { hosts: ['*'], resolution: 'DNS' }, errors: [[CEL_RULE, 'spec.hosts[0]', 'hostname cannot be wildcard']] },
      { title: 'port number zero', spec: { hosts: ['a.example.com'], resolution: 'DNS', ports: [{ number: 0, name: 'http' }] }, errors: [[CEL_RULE, 'spec.ports[0].number', 'port must be between 1-65535']] },
    ],
  },
  Sidecar: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'egress limited to the namespace', spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }] }, errors: [] },
      { title: 'egress listener without hosts', spec: { egress: [{ port: { number: 80, protocol: 'HTTP', name: 'http' } }] }, errors: [[REQUIRED, 'spec.egress[0].hosts', 'required field "hosts" is missing']] },
      { title: 'wildcard label value in workloadSelector', spec: { workloadSelector: { labels: { app: '*' } } }, errors: [[CEL_RULE, 'spec.workloadSelector.labels.app', 'wildcard is not supported in selector']] },
    ],
  },
  WorkloadEntry: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'VM entry', spec: { address: '10.0.0.1', labels: { app: 'vm' }, serviceAccount: 'vm-sa' }, errors: [] },
      { title: 'neither address nor network', spec: { labels: { app: 'vm' } }, errors: [[CEL_RULE, 'spec', 'Address is required']] },
      { title: 'UDS with ports', spec: { address: 'unix:///var/run/a.sock', ports: { http: 80 } }, errors: [[CEL_RULE, 'spec', 'UDS may not include ports']] },
    ],
  },
  WorkloadGroup: {
    apiVersion: 'networking.istio.io/v1',
    cases: [
      { title: 'template with probe', spec: { template: { labels: { app: 'vm' }, serviceAccount: 'vm' }, probe: { httpGet: { port: 8080, path: '/ready' } } }, errors: [] },
      { title: 'no template', spec: { metadata: { labels: { app: 'vm' } } }, errors: [[REQUIRED, 'spec.template', 'required field "template" is missing']] },
      { title: 'probe with two handlers', spec: { template: {}, probe: { httpGet: { port: 80 }, tcpSocket: { port: 80 } } }, errors: [[ONE_OF, 'spec.probe', 'only one of "httpGet", "tcpSocket", "exec" or "grpc" may be set, found "httpGet" and "tcpSocket"']] },
    ],
  },
  EnvoyFilter: {
    apiVersion: 'networking.istio.io/v1alpha3',
    cases: [
      { title: 'patch with a free-form value', spec: { workloadSelector: { labels: { app: 'r' } }, configPatches: [{ applyTo: 'HTTP_FILTER', match: { context: 'SIDECAR_INBOUND' }, patch: { operation: 'INSERT_BEFORE', value: { name: 'x', typed_config: { '@type': 'type.googleapis.com/x' } } } }] }, errors: [] },
      { title: 'unknown applyTo', spec: { configPatches: [{ applyTo: 'FILTER', patch: { operation: 'MERGE' } }] }, errors: [[ENUM, 'spec.configPatches[0].applyTo', 'must be one of']] },
    ],
  },
  ProxyConfig: {
    apiVersion: 'networking.istio.io/v1beta1',
    cases: [
      { title: 'concurrency', spec: { concurrency: 2, image: { imageType: 'distroless' } }, errors: [] },
      { title: 'concurrency as text', spec: { concurrency: 'two' }, errors: [[WRONG_TYPE, 'spec.concurrency', 'must be an integer']] },
    ],
  },
  AuthorizationPolicy: {
    apiVersion: 'security.istio.io/v1',
    cases: [
      { title: 'allow GET from a principal', spec: { selector: { matchLabels: { app: 'r' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }], to: [{ operation: { methods: ['GET'] } }] }] }, errors: [] },
      { title: 'lowercase action', spec: { action: 'allow' }, errors: [[ENUM, 'spec.action', 'did you mean']] },
      { title: 'selector and targetRefs', spec: { selector: { matchLabels: { app: 'r' } }, targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'g' }] }, errors: [[CEL_RULE, 'spec', 'only one of targetRefs or selector can be set']] },
      { title: 'serviceAccounts with principals', spec: { rules: [{ from: [{ source: { serviceAccounts: ['a'], principals: ['b'] } }] }] }, errors: [[CEL_RULE, 'spec.rules[0].from[0].source', 'Cannot set serviceAccounts with namespaces or principals']] },
    ],
  },
  PeerAuthentication: {
    apiVersion: 'security.istio.io/v1',
    cases: [
      { title: 'strict mTLS with a port exception', spec: { selector: { matchLabels: { app: 'r' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 8080: { mode: 'PERMISSIVE' } } }, errors: [] },
      { title: 'portLevelMtls without selector', spec: { portLevelMtls: { 8080: { mode: 'DISABLE' } } }, errors: [[CEL_RULE, 'spec', 'portLevelMtls requires selector']] },
      { title: 'port zero', spec: { selector: { matchLabels: { app: 'r' } }, portLevelMtls: { 0: { mode: 'DISABLE' } } }, errors: [[CEL_RULE, 'spec.portLevelMtls', 'port must be between 1-65535']] },
      { title: 'wildcard label key', spec: { selector: { matchLabels: { '*': 'x' } } }, errors: [[CEL_RULE, 'spec.selector.matchLabels', 'wildcard not allowed in label key match']] },
    ],
  },
  RequestAuthentication: {
    apiVersion: 'security.istio.io/v1',
    cases: [
      { title: 'JWT rule', spec: { selector: { matchLabels: { app: 'r' } }, jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks' }] }, errors: [] },
      { title: 'jwks and jwksUri together', spec: { jwtRules: [{ issuer: 'i', jwks: '{}', jwksUri: 'https://a/b' }] }, errors: [[CEL_RULE, 'spec.jwtRules[0]', 'only one of jwks or jwksUri can be set']] },
      { title: 'jwksUri without http(s)', spec: { jwtRules: [{ issuer: 'i', jwksUri: 'ftp://a/b' }] }, errors: [[CEL_RULE, 'spec.jwtRules[0].jwksUri', 'url must have scheme http:// or https://']] },
    ],
  },
  Telemetry: {
    apiVersion: 'telemetry.istio.io/v1',
    cases: [
      { title: 'metrics override and access logging', spec: { metrics: [{ providers: [{ name: 'prometheus' }], overrides: [{ match: { metric: 'REQUEST_COUNT' }, tagOverrides: { x: { value: 'y' } } }] }], accessLogging: [{ providers: [{ name: 'envoy' }] }] }, errors: [] },
      { title: 'tags instead of tagOverrides', spec: { metrics: [{ overrides: [{ tags: { x: { value: 'y' } } }] }] }, errors: [[UNKNOWN_FIELD, 'spec.metrics[0].overrides[0].tags', 'unknown field "tags"']] },
      { title: 'format under accessLogging', spec: { accessLogging: [{ providers: [{ name: 'envoy' }], format: 'json' }] }, errors: [[UNKNOWN_FIELD, 'spec.accessLogging[0].format', 'unknown field "format"']] },
      { title: 'UPSERT without value', spec: { metrics: [{ overrides: [{ tagOverrides: { x: { operation: 'UPSERT' } } }] }] }, errors: [[CEL_RULE, 'spec.metrics[0].overrides[0].tagOverrides.x', 'value must be set when operation is UPSERT']] },
      { title: 'empty provider name', spec: { metrics: [{ providers: [{ name: '' }] }] }, errors: [[RANGE, 'spec.metrics[0].providers[0].name', 'must not be empty']] },
    ],
  },
  WasmPlugin: {
    apiVersion: 'extensions.istio.io/v1alpha1',
    cases: [
      { title: 'OCI image', spec: { selector: { matchLabels: { app: 'r' } }, url: 'oci://ghcr.io/example/plugin:1.0', phase: 'AUTHN' }, errors: [] },
      { title: 'no url', spec: { phase: 'AUTHN' }, errors: [[REQUIRED, 'spec.url', 'required field "url" is missing']] },
      { title: 'ftp url', spec: { url: 'ftp://example.com/plugin.wasm' }, errors: [[CEL_RULE, 'spec.url', 'url must have schema one of [http, https, file, oci]']] },
      { title: 'env value with valueFrom HOST', spec: { url: 'oci://a/b', vmConfig: { env: [{ name: 'A', valueFrom: 'HOST', value: 'x' }] } }, errors: [[CEL_RULE, 'spec.vmConfig.env[0]', 'value may only be set when valueFrom is INLINE']] },
    ],
  },
  TrafficExtension: {
    apiVersion: 'extensions.istio.io/v1alpha1',
    cases: [
      { title: 'neither wasm nor lua', spec: {}, errors: [[CEL_RULE, 'spec', 'exactly one of wasm or lua must be set']] },
    ],
  },
};

describe.each(Object.entries(KINDS))('%s', (kind, { apiVersion, cases }) => {
  test.each(cases.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const findings = validateObject({ apiVersion, kind, metadata: { name: 'example', namespace: 'default' }, spec: c.spec });
    const got = findings.filter((f) => f.code.startsWith('CIS1')).map((f) => [f.code, f.path, f.message] as const);
    expect(got.length).toBe(c.errors.length);
    c.errors.forEach(([code, path, message], i) => {
      expect(got[i][0]).toBe(code);
      expect(got[i][1]).toBe(path);
      expect(got[i][2] + (findings[i].hint ? ` ${findings[i].hint}` : '')).toContain(message);
    });
  });
});
