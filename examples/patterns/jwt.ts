import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleApp } from './workloads';
import { JwksSource, JwtCallers, JwtProtectedApp, JwtRequirement, WorkloadSelector } from '../../lib';

/**
 * The orders API: called by the web frontend with a valid token from either issuer, `/healthz` and CORS preflight
 * public, DELETE only for admins.
 */
export class JwtChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });
    exampleApp(this, 'orders', { port: 8080 });
    new JwtProtectedApp(this, 'orders', {
      selector: WorkloadSelector.labels({ app: 'orders' }),
      issuers: [
        { issuer: 'https://login.example.com', jwks: JwksSource.fromUri('https://login.example.com/.well-known/jwks.json'), audiences: ['orders'] },
        { issuer: 'https://ci.example.com', jwks: JwksSource.fromUri('https://ci.example.com/keys') },
      ],
      // Machine tokens of the CI issuer carry no `sub`: accept tokens by issuer claim.
      requirement: JwtRequirement.ISSUER_CLAIM,
      publicPaths: ['/healthz'],
      publicAccess: [{ methods: ['OPTIONS'] }],
      ports: [8080],
      // Only the web frontend calls orders (with a token); the zero-trust chart writes no other ALLOW for it.
      callers: JwtCallers.only({ serviceAccounts: [{ name: 'frontend', metadata: { namespace: 'web' } }] }),
      claimRules: [
        { claim: 'roles', values: ['reader', 'admin'], methods: ['GET'] },
        { claim: 'roles', values: ['admin'], paths: ['/orders/*'], methods: ['DELETE', 'POST'] },
      ],
    });
  }
}
