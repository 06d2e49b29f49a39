import { ApiObject, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import {
  Dataplane, Destination, IngressRoute, JwksSource, JwtProtectedApp, MeshNamespace, StringMatch, useWaypoint, Waypoint, WorkloadSelector,
} from '../../lib';
import { bookinfoIntents } from '../bookinfo/intents';
import { bookinfoWorkloads } from '../bookinfo/workloads';

/** The identity provider whose tokens reviews accepts (Istio's JWT sample issuer). */
export const BOOKINFO_ISSUER = 'testing@secure.istio.io';
const JWKS = 'https://raw.githubusercontent.com/istio/istio/release-1.30/security/tools/jwt/samples/jwks.json';

/**
 * Bookinfo in ambient mode: the `bookinfo` namespace has no sidecars (`istio.io/dataplane-mode: ambient`), so
 * ztunnel gives every pod mTLS and L4 policy, and a waypoint (`waypoint`, used by the whole namespace) applies
 * the L7 parts: reviews requires a JWT (JwtProtectedApp, its policies attached to the reviews Service with
 * targetRefs; productpage forwards the caller's `authorization` header), and reviews is a 90/10 canary of v1 and
 * v2 as an HTTPRoute bound to the reviews Service (GAMMA), with a Service per version. productpage is behind the
 * same ingress as the sidecar example.
 */
export class BookinfoAmbientChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });

    const namespace = new MeshNamespace(this, 'Namespace', { metadata: { name: 'bookinfo' }, dataplane: Dataplane.AMBIENT });
    const waypoint = new Waypoint(this, 'Waypoint');
    useWaypoint(namespace, waypoint);

    bookinfoWorkloads(this);
    // Gateway API routes to Services, not subsets: one Service per version of reviews.
    for (const version of ['v1', 'v2', 'v3']) {
      new ApiObject(this, `reviews-${version}-service`, {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `reviews-${version}`, labels: { app: 'reviews', version } },
        spec: { ports: [{ port: 9080, name: 'http' }], selector: { app: 'reviews', version } },
      });
    }

    const exact = (path: string) => ({ uri: StringMatch.exact(path) });
    const prefix = (path: string) => ({ uri: StringMatch.prefix(path) });
    new IngressRoute(this, 'Ingress', {
      name: 'bookinfo',
      hosts: ['*'],
      plainHttp: { port: 8080 },
      routes: [{
        match: [exact('/productpage'), prefix('/static'), exact('/login'), exact('/logout'), prefix('/api/v1/products')],
        route: [{ destination: Destination.host('productpage', { port: 9080 }) }],
      }],
    });

    new JwtProtectedApp(this, 'reviews-jwt', {
      selector: WorkloadSelector.labels({ app: 'reviews' }),
      issuers: [{ issuer: BOOKINFO_ISSUER, jwks: JwksSource.fromUri(JWKS) }],
      waypoint,
    });

    new ApiObject(this, 'reviews-canary', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'reviews' },
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: 'reviews', port: 9080 }],
        rules: [{ backendRefs: [{ name: 'reviews-v1', port: 9080, weight: 90 }, { name: 'reviews-v2', port: 9080, weight: 10 }] }],
      },
    });

    bookinfoIntents(this, { ingress: { gateway: 'bookinfo/bookinfo-gateway', port: 8080 }, tokenTo: ['reviews'] });
  }
}
