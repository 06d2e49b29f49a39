import { Chart, ChartProps, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleApp } from './workloads';
import { DestinationRule, FaultInjectionExperiment } from '../../lib';

/** Bookinfo's ratings test: a 7s delay for the user jason only. */
export class FaultInjectionChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'bookinfo', ...props });
    exampleApp(this, 'ratings', { port: 9080, image: 'docker.io/istio/examples-bookinfo-ratings-v1:1.20.3' });
    const ratings = new DestinationRule(this, 'ratings-rule', { metadata: { name: 'ratings' }, host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    new FaultInjectionExperiment(this, 'ratings-delay', {
      host: 'ratings',
      destination: ratings.subset('v1'),
      delay: { fixedDelay: Duration.seconds(7) },
      header: { name: 'end-user', value: 'jason' },
    });
  }
}
