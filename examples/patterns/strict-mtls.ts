import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleDeployment } from './workloads';
import { PodSecurityLevel, StrictMtlsNamespace, WorkloadSelector } from '../../lib';

/** The `payments` namespace: STRICT mTLS, deny by default, opened to the frontend and one named legacy exception. */
export class StrictMtlsChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    // The web frontend's identity (its pods are the zero-trust chart's).
    const frontend = { name: 'frontend', metadata: { namespace: 'web' } };
    const payments = new StrictMtlsNamespace(this, 'payments', {
      name: 'payments',
      podSecurity: { enforce: PodSecurityLevel.BASELINE },
      permissiveExceptions: [{ name: 'legacy-billing-batch', selector: WorkloadSelector.labels({ app: 'ledger' }), port: 9000 }],
    });
    exampleDeployment(this, 'payments-api', { port: 8080, namespace: 'payments', serviceAccount: 'payments-api' });
    exampleDeployment(this, 'ledger', { port: 9000, namespace: 'payments', serviceAccount: 'ledger' });
    payments.allow('frontend-to-api', {
      from: { serviceAccounts: [frontend] },
      to: { selector: WorkloadSelector.labels({ app: 'payments-api' }), ports: [8080], methods: ['GET', 'POST'], paths: ['/v1/*'] },
    });
    payments.allow('api-to-ledger', {
      from: { serviceAccounts: [{ name: 'payments-api', metadata: { namespace: 'payments' } }] },
      to: { selector: WorkloadSelector.labels({ app: 'ledger' }), ports: [9000] },
    });
  }
}
