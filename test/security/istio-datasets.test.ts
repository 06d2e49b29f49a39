import { readFileSync } from 'fs';
import { join } from 'path';
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { parseAllDocuments } from 'yaml';
import { synthValid } from './validate';
import {
  AuthorizationPolicy, Condition, IstioSettings, MtlsMode, PeerAuthentication, Principal, RequestAuthentication, SecurityApiVersion,
  Telemetry, TelemetryApiVersion, WorkloadSelector,
} from '../../lib';

/** Istio's own valid examples, kept in data/ with Istio's license. */
const DATASETS = join(__dirname, '..', '..', 'data', 'istio', '1.30.3', 'valid-examples', 'datasets');

function dataset(file: string): unknown[] {
  return parseAllDocuments(readFileSync(join(DATASETS, file), 'utf8')).map((d) => d.toJSON()).filter((d) => d !== null);
}

const httpbinV1 = { app: 'httpbin', version: 'v1' };

/** L2 code for each dataset object, per kind. */
const BUILDERS: Record<string, (scope: Construct) => void> = {
  AuthorizationPolicy: (scope) => new AuthorizationPolicy(scope, 'ap', { metadata: { name: 'authorization-policy' }, selector: WorkloadSelector.labels(httpbinV1) })
    .addRule({
      from: [{ principals: [Principal.of('default', 'sleep')] }, { namespaces: ['test'] }],
      to: [{ methods: ['GET'], paths: ['/info*'] }, { methods: ['POST'], paths: ['/data'] }],
      when: [Condition.requestClaim('iss', ['https://accounts.google.com'])],
    }),
  PeerAuthentication: (scope) => PeerAuthentication.forWorkload(scope, 'pa', {
    metadata: { name: 'valid-peer-authentication' }, selector: WorkloadSelector.labels(httpbinV1), mtlsMode: MtlsMode.PERMISSIVE,
  }).addPortMtls(8080, MtlsMode.STRICT),
  RequestAuthentication: (scope) => new RequestAuthentication(scope, 'ra', {
    metadata: { name: 'valid-request-authentication' }, selector: WorkloadSelector.labels(httpbinV1), jwtRules: [{ issuer: 'example.com' }],
  }),
  Telemetry: (scope) => new Telemetry(scope, 't', { metadata: { name: 'valid' }, tracing: [{ randomSamplingPercentage: 10 }] }),
};

describe.each([
  ['security-v1-AuthorizationPolicy.yaml'],
  ['security-v1-PeerAuthentication.yaml'],
  ['security-v1-RequestAuthentication.yaml'],
  ['telemetry-v1-Telemetry.yaml'],
  ['security-v1beta1-AuthorizationPolicy.yaml'],
  ['security-v1beta1-PeerAuthentication.yaml'],
  ['security-v1beta1-RequestAuthentication.yaml'],
  ['telemetry-v1alpha1-Telemetry.yaml'],
])('Istio dataset %s', (file) => {
  test('is rebuilt by L2 code, object for object', () => {
    // GIVEN Istio's valid example, and a chart emitting its API version
    const expected = dataset(file) as Array<{ kind: string }>;
    const chart = new Chart(Testing.app(), 'rebuild');
    IstioSettings.apply(chart, {
      securityApiVersion: file.includes('v1beta1') ? SecurityApiVersion.V1BETA1 : SecurityApiVersion.V1,
      telemetryApiVersion: file.includes('v1alpha1') ? TelemetryApiVersion.V1ALPHA1 : TelemetryApiVersion.V1,
    });
    // WHEN
    for (const object of expected) BUILDERS[object.kind](chart);
    // THEN
    expect(synthValid(chart)).toEqual(expected);
  });
});
