// Builders for the objects the diff tests compare.
import { DiffInput } from '../../lib/gitops';

export type Doc = Record<string, any>;

export function vs(name: string, namespace: string, http: Doc[], extra: Doc = {}): Doc {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec: { hosts: [name], http, ...extra } };
}

export function canary(v2: number, namespace = 'bookinfo'): Doc {
  return vs('reviews', namespace, [{
    route: [
      { destination: { host: 'reviews', subset: 'v1' }, weight: 100 - v2 },
      { destination: { host: 'reviews', subset: 'v2' }, weight: v2 },
    ],
  }]);
}

export function dr(name: string, namespace: string, subsets: string[], extra: Doc = {}): Doc {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace },
    spec: { host: name, subsets: subsets.map((s) => ({ name: s, labels: { version: s } })), ...extra },
  };
}

export function pa(name: string, namespace: string, mode: string | undefined, extra: Doc = {}): Doc {
  return { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name, namespace }, spec: { ...(mode ? { mtls: { mode } } : {}), ...extra } };
}

export function ap(name: string, namespace: string, spec: Doc): Doc {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace }, spec };
}

export function ra(name: string, namespace: string, jwtRules: Doc[]): Doc {
  return { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name, namespace }, spec: { jwtRules } };
}

/** Documents as the diff reads them, each in file `name` at line 1 + 10·i. */
export function docs(objects: Doc[], file = 'mesh.yaml'): DiffInput[] {
  return objects.map((object, i) => ({ object, file, line: 1 + 10 * i }));
}
