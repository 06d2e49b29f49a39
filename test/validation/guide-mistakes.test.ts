import { parse } from 'yaml';
import { SchemaCodes, validateObject } from '../../lib/validation';
import { Severity } from '../../lib/vocab';

/**
 * Mistakes printed in the Istio operations guide our users learned from (../shared/seed): each
 * must be rejected with a message naming the field. The YAML is the guide's.
 */
const errors = (yaml: string) => validateObject(parse(yaml)).filter((f) => f.severity === Severity.ERROR);

describe('mistakes from the users\' guide', () => {
  test('outlier detection fields under connectionPool.http, with consecutiveErrors under outlierDetection', () => {
    const found = errors(`
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: circuit-breaker
spec:
  host: httpbin
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1
        http2MaxRequests: 1
        maxRequestsPerConnection: 1
        maxRetries: 3
        consecutiveGatewayErrors: 5
        interval: 10s
        baseEjectionTime: 30s
        maxEjectionPercent: 50
        minHealthPercent: 50
    outlierDetection:
      consecutiveErrors: 1
      interval: 1s
      baseEjectionTime: 3m
      maxEjectionPercent: 100
      minHealthPercent: 0
`);
    const http = 'spec.trafficPolicy.connectionPool.http';
    expect(found.filter((f) => f.path.startsWith(http)).map((f) => [f.code, f.path, f.message, f.hint])).toEqual(
      ['consecutiveGatewayErrors', 'interval', 'baseEjectionTime', 'maxEjectionPercent', 'minHealthPercent'].map((field) => [
        SchemaCodes.UNKNOWN_FIELD, `${http}.${field}`, `unknown field "${field}"`, expect.stringMatching(new RegExp(`^"${field}" is a field of outlierDetection.*, not of http: move it, e.g. to spec.trafficPolicy.outlierDetection.${field}$`)),
      ]),
    );
  });

  test('tags under a Telemetry metrics override (it is tagOverrides)', () => {
    const found = errors(`
apiVersion: telemetry.istio.io/v1alpha1
kind: Telemetry
metadata:
  name: custom-metrics
  namespace: default
spec:
  metrics:
  - providers:
    - name: prometheus
  - overrides:
    - match:
        metric: REQUEST_COUNT
      tags:
        request_id: "%REQ(X-REQUEST-ID)%"
    - match:
        metric: REQUEST_DURATION
      tags:
        response_code: "%RESPONSE_CODE%"
`);
    expect(found.map((f) => [f.path, f.message, f.hint])).toEqual([
      ['spec.metrics[1].overrides[0].tags', 'unknown field "tags"', 'did you mean "tagOverrides"?'],
      ['spec.metrics[1].overrides[1].tags', 'unknown field "tags"', 'did you mean "tagOverrides"?'],
    ]);
  });

  test('format under a Telemetry accessLogging entry', () => {
    const found = errors(`
apiVersion: telemetry.istio.io/v1alpha1
kind: Telemetry
metadata:
  name: custom-access-logs
  namespace: default
spec:
  accessLogging:
  - providers:
    - name: otel
  - format:
      text: |
        [%START_TIME%] "%REQ(:METHOD)%"
`);
    expect(found).toEqual([expect.objectContaining({
      code: SchemaCodes.UNKNOWN_FIELD,
      path: 'spec.accessLogging[1].format',
      message: 'unknown field "format"',
      hint: expect.stringContaining('MeshConfig (extensionProviders[].envoyFileAccessLog.logFormat)'),
    })]);
  });

  test('WorkloadGroup under security.istio.io/v1beta1 (it is a networking kind)', () => {
    const found = errors(`
apiVersion: security.istio.io/v1beta1
kind: WorkloadGroup
metadata:
  name: vm-workloads
  namespace: default
spec:
  metadata:
    labels:
      app: vm-app
  template:
    ports:
      http: 8080
    serviceAccount: vm-service-account
`);
    expect(found.map((f) => [f.code, f.path, f.message, f.hint])).toEqual([[
      SchemaCodes.UNKNOWN_KIND, 'apiVersion', 'WorkloadGroup is not a kind of security.istio.io: it belongs to networking.istio.io', 'use apiVersion: networking.istio.io/v1',
    ]]);
  });

  test('timeout: 10 s', () => {
    const found = errors(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination:
        host: reviews
    timeout: 10 s
`);
    expect(found.map((f) => [f.code, f.path, f.message])).toEqual([[SchemaCodes.CEL_RULE, 'spec.http[0].timeout', 'must be a valid duration greater than 1ms (Invalid duration string: 10 s)']]);
  });

  test('a subset name that is not DNS-1123 is caught by the CRD only where it has a pattern', () => {
    // The subset name rule is Istio's webhook's (the webhook helper's rules); the schema accepts any string.
    const found = errors(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
  - name: Version_1
    labels: {version: v1}
`);
    expect(found.filter((f) => f.code.startsWith('CIS1'))).toEqual([]);
  });
});
