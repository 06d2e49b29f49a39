import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { Destination, DestinationRule, Gateway, Protocol, StringMatch, VirtualService } from '../../lib';

/**
 * Istio's Bookinfo routing: the ingress Gateway, the productpage VirtualService,
 * DestinationRules with subsets for every service, and reviews as a 90/10 canary of v1 and v2.
 */
export class BookinfoChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });

    const gateway = new Gateway(this, 'Gateway', {
      metadata: { name: 'bookinfo-gateway' },
      servers: [{ port: { number: 8080, name: 'http', protocol: Protocol.HTTP }, hosts: ['*'] }],
    });

    new VirtualService(this, 'Productpage', {
      metadata: { name: 'bookinfo' },
      hosts: ['*'],
      gateways: [gateway],
      http: [{
        match: [
          { uri: StringMatch.exact('/productpage') },
          { uri: StringMatch.prefix('/static') },
          { uri: StringMatch.exact('/login') },
          { uri: StringMatch.exact('/logout') },
          { uri: StringMatch.prefix('/api/v1/products') },
        ],
        route: [{ destination: Destination.host('productpage', { port: 9080 }) }],
      }],
    });

    const versions: Record<string, string[]> = {
      productpage: ['v1'],
      reviews: ['v1', 'v2', 'v3'],
      ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
      details: ['v1', 'v2'],
    };
    const rules: Record<string, DestinationRule> = {};
    for (const [host, subsets] of Object.entries(versions)) {
      rules[host] = new DestinationRule(this, `${host}-rule`, {
        metadata: { name: host },
        host,
        subsets: subsets.map((v) => ({ name: v, labels: { version: v } })),
      });
    }

    const reviews = rules.reviews;
    new VirtualService(this, 'Reviews', {
      metadata: { name: 'reviews' },
      hosts: [reviews.host],
      http: [{
        route: [
          { destination: reviews.subset('v1'), weight: 90 },
          { destination: reviews.subset('v2'), weight: 10 },
        ],
      }],
    });
  }
}
