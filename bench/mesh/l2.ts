import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { CANARY_WEIGHT, ISSUER, JWKS_URI, namespacesOf, ServiceSpec } from './spec';

const BUILT = path.join(__dirname, '..', '..', 'build', 'lib', 'index.js');
/**
 * The build when there is one (what an app gets from npm: schema validators precompiled), else the
 * sources (validators compiled on first use, ~0.5 s more). Run `npx projen compile && npx projen post-compile` first.
 */
export const LIB_SOURCE = fs.existsSync(BUILT) ? 'build' : 'lib';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib: typeof import('../../lib') = require(LIB_SOURCE === 'build' ? BUILT : '../../lib');

/**
 * How (c)–(g) synthesize: `app.synthYaml()` as an app does by default, `synthYamlOnce(app)`, `app.synthYaml()` after
 * `enableSynthOnce(app)`, or after `disableSynthOnce(app)` (cdk8s's own synth).
 */
export type SynthMode = 'default' | 'synthYamlOnce' | 'enableSynthOnce' | 'disableSynthOnce';

/**
 * (c)–(f): the mesh written with our L2/L3 constructs; `checks` turns the synth-time checks on or off; `mode`
 * says how it is synthesized (the two opt-ins walk the app once instead of once per chart).
 */
export function l2Mesh(spec: readonly ServiceSpec[], checks: boolean, mode: SynthMode = 'default'): string {
  const app = l2App(spec, checks);
  if (mode === 'synthYamlOnce') return lib.synthYamlOnce(app);
  if (mode === 'enableSynthOnce') lib.enableSynthOnce(app);
  if (mode === 'disableSynthOnce') lib.disableSynthOnce(app);
  return app.synthYaml();
}

/** The app of (c)/(d)/(e), not synthesized. */
export function l2App(spec: readonly ServiceSpec[], checks: boolean): App {
  const app = new App();
  if (!checks) lib.IstioChecks.disable(app);
  const charts = new Map<string, Chart>();
  for (const ns of namespacesOf(spec)) {
    const chart = new Chart(app, ns, { namespace: ns });
    charts.set(ns, chart);
    lib.PeerAuthentication.forNamespace(chart, 'mtls', { namespace: ns, mtlsMode: lib.MtlsMode.STRICT });
  }
  for (const s of spec) {
    const chart = charts.get(s.namespace)!;
    new lib.CanaryRoute(chart, `${s.name}-canary`, {
      host: s.name,
      stable: { name: 'stable', labels: { app: s.name, version: 'v1' } },
      canary: { name: 'canary', labels: { app: s.name, version: 'v2' } },
      canaryWeight: CANARY_WEIGHT,
    });
    const selector = lib.WorkloadSelector.labels({ app: s.name });
    if (s.jwt) {
      new lib.JwtProtectedApp(chart, `${s.name}-jwt`, {
        name: s.name,
        selector,
        issuers: [{ issuer: ISSUER, jwks: lib.JwksSource.fromUri(JWKS_URI) }],
        publicPaths: ['/healthz'],
      });
    } else {
      lib.AuthorizationPolicy.allowFromServiceAccounts(chart, `${s.name}-authz`, {
        metadata: { name: s.name },
        selector,
        serviceAccounts: [{ name: 'frontend', metadata: { namespace: s.namespace } }],
      });
    }
  }
  return app;
}
