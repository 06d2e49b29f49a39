import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import * as networking from '../../imports/networking.istio.io';

/**
 * Istio's Bookinfo routing: the ingress Gateway, the productpage VirtualService,
 * DestinationRules with subsets for every service, and reviews as a 90/10 canary of v1 and v2.
 */
export class BookinfoChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });

    new networking.Gateway(this, 'Gateway', {
      metadata: { name: 'bookinfo-gateway' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 8080, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }],
      },
    });

    new networking.VirtualService(this, 'Productpage', {
      metadata: { name: 'bookinfo' },
      spec: {
        hosts: ['*'],
        gateways: ['bookinfo-gateway'],
        http: [{
          match: [
            { uri: { exact: '/productpage' } },
            { uri: { prefix: '/static' } },
            { uri: { exact: '/login' } },
            { uri: { exact: '/logout' } },
            { uri: { prefix: '/api/v1/products' } },
          ],
          route: [{ destination: { host: 'productpage', port: { number: 9080 } } }],
        }],
      },
    });

    const subsets: Record<string, string[]> = {
      productpage: ['v1'],
      reviews: ['v1', 'v2', 'v3'],
      ratings: ['v1', 'v2', 'v2-mysql', 'v2-mysql-vm'],
      details: ['v1', 'v2'],
    };
    for (const [host, versions] of Object.entries(subsets)) {
      new networking.DestinationRule(this, `${host}-rule`, {
        metadata: { name: host },
        spec: { host, subsets: versions.map((v) => ({ name: v, labels: { version: v } })) },
      });
    }

    new networking.VirtualService(this, 'Reviews', {
      metadata: { name: 'reviews' },
      spec: {
        hosts: ['reviews'],
        http: [{
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 90 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 10 },
          ],
        }],
      },
    });
  }
}
