import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleApp } from './workloads';
import { Destination, IngressRoute, StringMatch } from '../../lib';

/** The shop's ingress: HTTPS with a certificate Secret, HTTP redirected, /api to the api service, the rest to the frontend. */
export class IngressChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });
    exampleApp(this, 'api', { port: 8080, serviceAccount: 'api' });
    exampleApp(this, 'frontend', { port: 80, serviceAccount: 'frontend' });
    new IngressRoute(this, 'shop', {
      name: 'shop',
      hosts: ['shop.example.com'],
      tls: { credentialName: 'shop-example-com-cert' },
      routes: [
        { match: [{ uri: StringMatch.prefix('/api/') }], route: [{ destination: Destination.host('api', { port: 8080 }) }] },
        { route: [{ destination: Destination.host('frontend', { port: 80 }) }] },
      ],
    });
  }
}
