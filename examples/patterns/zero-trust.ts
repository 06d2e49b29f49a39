import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { exampleDeployment } from './workloads';
import { MeshMembership, MeshNamespace, OpenGateways, WorkloadSelector, ZeroTrustMesh } from '../../lib';

/**
 * The whole mesh: STRICT mTLS, deny by default, the ingress gateway open, and the allowed calls between workloads.
 * The `payments` namespace and its workloads are the strict-mtls chart's; `orders` is the jwt chart's.
 */
export class ZeroTrustChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, props);
    // `payments` is the strict-mtls chart's namespace: one Namespace object per app (CIS5014).
    for (const ns of ['web', 'shop']) {
      new MeshNamespace(this, `ns-${ns}`, { metadata: { name: ns }, membership: MeshMembership.sidecarInjection() });
    }
    exampleDeployment(this, 'frontend', { port: 8080, namespace: 'web', serviceAccount: 'frontend' });
    // The egress gateway stays open too: the shop's calls to GitHub and PyPI go through it (external-services chart).
    const mesh = new ZeroTrustMesh(this, 'mesh', { openGateways: [OpenGateways.ingressGateway(), OpenGateways.egressGateway()] });
    const sa = (namespace: string, name: string) => ({ name, metadata: { namespace } });
    mesh.allow('ingress-to-frontend', 'web', {
      from: { serviceAccounts: [sa('istio-system', 'istio-ingressgateway-service-account')] },
      to: { selector: WorkloadSelector.labels({ app: 'frontend' }), ports: [8080] },
    });
    // frontend → orders is the jwt chart's: its JwtProtectedApp admits only the frontend, with a token. A second ALLOW
    // here would be ORed with it (CIS5011).
    for (const app of ['api', 'frontend']) {
      mesh.allow(`ingress-to-${app}`, 'shop', {
        from: { serviceAccounts: [sa('istio-system', 'istio-ingressgateway-service-account')] },
        to: { selector: WorkloadSelector.labels({ app }) },
      });
    }
    mesh.allow('frontend-to-reviews', 'shop', { from: { serviceAccounts: [sa('shop', 'frontend')] }, to: { selector: WorkloadSelector.labels({ app: 'reviews' }) } });
    mesh.allow('reviews-to-ratings', 'bookinfo', { from: { serviceAccounts: [sa('shop', 'reviews')] }, to: { selector: WorkloadSelector.labels({ app: 'ratings' }) } });
    mesh.allow('shop-to-payments', 'payments', { from: { namespaces: ['shop'] }, to: { selector: WorkloadSelector.labels({ app: 'payments-api' }) } });
  }
}
