import { CANARY_WEIGHT, ISSUER, JWKS_URI, namespacesOf, ServiceSpec } from './spec';

/** One object as plain data, the same objects every variant produces. */
export interface PlainObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string; readonly annotations?: Record<string, string> };
  readonly spec: Record<string, unknown>;
}

const NETWORKING = 'networking.istio.io/v1';
const SECURITY = 'security.istio.io/v1';

/** The mesh's objects grouped by namespace, in the order the constructs add them. */
export function plainMesh(spec: readonly ServiceSpec[]): PlainObject[][] {
  const byNamespace = new Map<string, PlainObject[]>();
  for (const ns of namespacesOf(spec)) {
    byNamespace.set(ns, [{ apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: { name: 'default', namespace: ns }, spec: { mtls: { mode: 'STRICT' } } }]);
  }
  for (const s of spec) {
    const out = byNamespace.get(s.namespace)!;
    const meta = (name: string) => ({ name, namespace: s.namespace });
    const selector = { matchLabels: { app: s.name } };
    out.push({
      apiVersion: NETWORKING,
      kind: 'DestinationRule',
      metadata: meta(s.name),
      spec: {
        host: s.name,
        subsets: [{ name: 'stable', labels: { app: s.name, version: 'v1' } }, { name: 'canary', labels: { app: s.name, version: 'v2' } }],
      },
    });
    out.push({
      apiVersion: NETWORKING,
      kind: 'VirtualService',
      metadata: meta(s.name),
      spec: {
        hosts: [s.name],
        http: [{
          route: [
            { destination: { host: s.name, subset: 'stable' }, weight: 100 - CANARY_WEIGHT },
            { destination: { host: s.name, subset: 'canary' }, weight: CANARY_WEIGHT },
          ],
        }],
      },
    });
    if (s.jwt) {
      out.push({ apiVersion: SECURITY, kind: 'RequestAuthentication', metadata: meta(s.name), spec: { jwtRules: [{ issuer: ISSUER, jwksUri: JWKS_URI }], selector } });
      out.push({
        apiVersion: SECURITY,
        kind: 'AuthorizationPolicy',
        metadata: { ...meta(`${s.name}-require-jwt`), annotations: { 'galley.istio.io/analyze-suppress': 'CIS2030' } },
        spec: {
          action: 'DENY',
          rules: [{ from: [{ source: { notRequestPrincipals: [`${ISSUER}/*`] } }], to: [{ operation: { notPaths: ['/healthz'] } }] }],
          selector,
        },
      });
      out.push({
        apiVersion: SECURITY,
        kind: 'AuthorizationPolicy',
        metadata: meta(`${s.name}-allow`),
        spec: {
          rules: [{ from: [{ source: { requestPrincipals: [`${ISSUER}/*`] } }] }, { to: [{ operation: { paths: ['/healthz'] } }] }],
          selector,
        },
      });
    } else {
      out.push({
        apiVersion: SECURITY,
        kind: 'AuthorizationPolicy',
        metadata: meta(s.name),
        spec: { rules: [{ from: [{ source: { principals: [`cluster.local/ns/${s.namespace}/sa/frontend`] } }] }], selector },
      });
    }
  }
  return [...byNamespace.values()];
}
