import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { bookinfoIntents } from './intents';
import { bookinfoWorkloads } from './workloads';
import {
  CanaryRoute, Destination, DestinationRule, FaultInjectionExperiment, IngressRoute, MeshMembership, MeshNamespace, StringMatch,
} from '../../lib';

/**
 * Istio's Bookinfo, written with the patterns: productpage behind an IngressRoute (Gateway
 * `bookinfo-gateway` on port 8080 and the `bookinfo` VirtualService of Istio's sample), reviews as a
 * 90/10 CanaryRoute of v1 and v2 (v3 deployed, not yet routed), and ratings with a
 * FaultInjectionExperiment (a 7 s delay for the user `jason`, Istio's delay test). The namespace joins
 * the mesh with sidecar injection, and the app holds the Services and Deployments the routes point at.
 */
export class BookinfoChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });

    new MeshNamespace(this, 'Namespace', { metadata: { name: 'bookinfo' }, membership: MeshMembership.sidecarInjection() });
    bookinfoWorkloads(this);

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

    const versioned = (host: string, versions: string[]) => new DestinationRule(this, `${host}-rule`, {
      metadata: { name: host }, host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })),
    });
    versioned('productpage', ['v1']);
    versioned('details', ['v1']);

    new CanaryRoute(this, 'reviews', {
      host: 'reviews', stable: { name: 'v1' }, canary: { name: 'v2' }, otherVersions: [{ name: 'v3' }], canaryWeight: 10,
    });

    const ratings = versioned('ratings', ['v1']);
    new FaultInjectionExperiment(this, 'ratings-delay', {
      host: 'ratings',
      destination: ratings.subset('v1'),
      delay: { fixedDelay: Duration.seconds(7) },
      header: { name: 'end-user', value: 'jason' },
    });

    bookinfoIntents(this, { ingress: { gateway: 'bookinfo/bookinfo-gateway', port: 8080 } });
  }
}
