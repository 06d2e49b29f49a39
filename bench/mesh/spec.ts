/** The shape of a generated mesh: services grouped 50 to a namespace, every other one JWT-protected. */
export interface ServiceSpec {
  readonly namespace: string;
  readonly name: string;
  /** JwtProtectedApp (RequestAuthentication + two AuthorizationPolicies) or one AuthorizationPolicy. */
  readonly jwt: boolean;
}

export const SERVICES_PER_NAMESPACE = 50;

export function meshSpec(services: number): ServiceSpec[] {
  return Array.from({ length: services }, (_, i) => ({
    namespace: `team-${String(Math.floor(i / SERVICES_PER_NAMESPACE)).padStart(4, '0')}`,
    name: `svc-${String(i).padStart(5, '0')}`,
    jwt: i % 2 === 0,
  }));
}

export function namespacesOf(spec: readonly ServiceSpec[]): string[] {
  return [...new Set(spec.map((s) => s.namespace))];
}

export const ISSUER = 'https://auth.example.com';
export const JWKS_URI = 'https://auth.example.com/.well-known/jwks.json';
export const CANARY_WEIGHT = 10;
