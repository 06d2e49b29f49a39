import { IstioVersion } from '../../../lib/core/istio-version';
import { checkWebhookRules } from '../../../lib/validation/webhook';
import { Finding, Severity } from '../../../lib/vocab/finding';

const API_VERSIONS: Readonly<Record<string, string>> = {
  VirtualService: 'networking.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  Gateway: 'networking.istio.io/v1',
  ServiceEntry: 'networking.istio.io/v1',
  Sidecar: 'networking.istio.io/v1',
  WorkloadEntry: 'networking.istio.io/v1',
  WorkloadGroup: 'networking.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  ProxyConfig: 'networking.istio.io/v1beta1',
  AuthorizationPolicy: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  Telemetry: 'telemetry.istio.io/v1',
  WasmPlugin: 'extensions.istio.io/v1alpha1',
  TrafficExtension: 'extensions.istio.io/v1alpha1',
};

/** `E`rror or `W`arning, the code and the field path of one expected finding. */
export type Expected = readonly [severity: 'E' | 'W', code: string, path: string];

/** One row of a table test. */
export interface Row {
  readonly name: string;
  readonly spec: unknown;
  /** The findings expected, in any order; `[]` for a clean object. */
  readonly expect: readonly Expected[];
  readonly metadata?: Record<string, unknown>;
  readonly version?: IstioVersion;
}

/** Runs the webhook rules on one object of the kind. */
export function check(kind: string, spec: unknown, metadata: Record<string, unknown> = { name: 'foo', namespace: 'bar' },
  version: IstioVersion = IstioVersion.V1_30): Finding[] {
  return checkWebhookRules({ apiVersion: API_VERSIONS[kind], kind, metadata, spec }, { istioVersion: version });
}

function short(f: Finding): Expected {
  return [f.severity === Severity.ERROR ? 'E' : 'W', f.code, f.path];
}

function key(e: Expected): string {
  return e.join(' ');
}

/** Declares a jest test per row: the set of (severity, code, path) of the findings is exactly the expected one. */
export function table(kind: string, rows: readonly Row[]): void {
  test.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    // GIVEN an object of the kind WHEN the webhook rules run
    const findings = check(kind, row.spec, row.metadata, row.version);
    // THEN exactly the expected findings come out, each with a message
    expect([...new Set(findings.map((f) => key(short(f))))].sort()).toEqual([...new Set(row.expect.map(key))].sort());
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(0);
      expect(f.hint).toBeDefined();
    }
  });
}

/** A valid HTTP route to one host, to build VirtualServices around. */
export const ROUTE = { route: [{ destination: { host: 'reviews' } }] };
