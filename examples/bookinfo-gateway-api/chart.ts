import { App, AppProps, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Backend, CanaryRoute, HttpRouteRule, IngressRoute, MeshMembership, MeshNamespace, PathMatch, RoutingApi } from '../../lib';
import { bookinfoIntents } from '../bookinfo/intents';
import { bookinfoWorkloads } from '../bookinfo/workloads';

/**
 * Istio's Bookinfo with the Kubernetes Gateway API, as in Istio's `samples/bookinfo/gateway-api/`: productpage
 * behind a Gateway `bookinfo-gateway` (class `istio`, port 80; Istio deploys the gateway) and the `bookinfo`
 * HTTPRoute, and reviews as a 90/10 canary of v1 and v2 for mesh traffic (an HTTPRoute on the reviews Service
 * with weighted backendRefs to one Service per version: the Gateway API has no subsets). Bookinfo's ratings
 * delay experiment has no Gateway API equivalent (fault injection stays a VirtualService: see examples/bookinfo).
 */
export class BookinfoGatewayApiChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });

    new MeshNamespace(this, 'Namespace', { metadata: { name: 'bookinfo' }, membership: MeshMembership.sidecarInjection() });
    bookinfoWorkloads(this);

    const productpage = Backend.reference({ name: 'productpage', port: 9080 });
    const paths = [PathMatch.exact('/productpage'), PathMatch.prefix('/static'), PathMatch.exact('/login'), PathMatch.exact('/logout'), PathMatch.prefix('/api/v1/products')];
    const rule: HttpRouteRule = { matches: paths.map((path) => ({ path })), backends: [productpage] };
    new IngressRoute(this, 'Ingress', {
      api: RoutingApi.GATEWAY_API,
      name: 'bookinfo',
      hosts: ['*'],
      plainHttp: { port: 80 },
      gatewayApiRules: [rule],
    });

    new CanaryRoute(this, 'reviews', {
      api: RoutingApi.GATEWAY_API,
      host: 'reviews',
      port: 9080,
      stable: { name: 'v1' },
      canary: { name: 'v2' },
      otherVersions: [{ name: 'v3' }],
      canaryWeight: 10,
    });

    // The ingress is a Kubernetes Gateway: its reachability is not asked (the behaviour model routes Istio Gateways).
    bookinfoIntents(this);
  }
}

/** The example as an app: one chart, `bookinfo`. */
export function bookinfoGatewayApiApp(props: AppProps = {}): App {
  const app = new App(props);
  new BookinfoGatewayApiChart(app, 'bookinfo');
  return app;
}
