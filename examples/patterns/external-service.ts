import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { EgressGatewayRoute, ExternalServiceWithBreaker } from '../../lib';

/** External dependencies: Stripe with a breaker and TLS origination, GitHub through the egress gateway (callers checked there). */
export class ExternalServicesChart extends Chart {
  public constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });
    // The app calls http://api.stripe.com; its sidecar opens HTTPS to port 443.
    new ExternalServiceWithBreaker(this, 'stripe', { host: 'api.stripe.com', tlsOrigination: {} });
    // Through the egress gateway over Istio mTLS, so the gateway knows the caller: only the shop's workloads may call GitHub.
    new ExternalServiceWithBreaker(this, 'github', { host: 'api.github.com', egressGateway: { mutualTls: true, allowedCallers: { namespaces: ['shop'] } } });
    new EgressGatewayRoute(this, 'pypi', { host: 'pypi.org' });
  }
}
