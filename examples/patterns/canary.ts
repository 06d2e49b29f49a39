import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleDeployment, exampleService } from './workloads';
import { CanaryRoute } from '../../lib';

/** reviews v1 and v2 as cdk8s-plus Deployments, with v2 as a canary at step 1 of the rollout (10%), testers pinned to it. */
export class CanaryChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });
    const version = (v: string) => exampleDeployment(this, 'reviews', { port: 9080, version: v, serviceAccount: 'reviews', image: `docker.io/istio/examples-bookinfo-reviews-${v}:1.20.3` });
    exampleService(this, 'reviews', 9080);
    new CanaryRoute(this, 'reviews', {
      host: 'reviews',
      stable: { name: 'v1', workload: version('v1') },
      canary: { name: 'v2', workload: version('v2') },
      rollout: { steps: [1, 10, 25, 50, 100], step: 1 }, // the rollout: bump `step` in a pull request
      override: { header: { name: 'x-canary', value: 'always' } },
    });
  }
}
