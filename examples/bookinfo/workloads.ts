import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** One Bookinfo service: its versions, each a Deployment labelled `app` and `version`. */
export interface BookinfoServiceProps {
  /** The service name, e.g. `reviews`. */
  readonly name: string;
  /** The deployed versions, e.g. `['v1', 'v2', 'v3']`. */
  readonly versions: string[];
}

const IMAGE_TAG = '1.20.3';
const PORT = 9080;

/**
 * The Kubernetes side of a Bookinfo service, as in Istio's `samples/bookinfo/platform/kube/bookinfo.yaml`:
 * a Service with an `http` port (Istio's protocol naming), a ServiceAccount (the workload identity that
 * AuthorizationPolicies name) and a Deployment per version. With these in the app, the cross-resource checks
 * can tell that every routed host and subset has pods behind it.
 */
export class BookinfoService extends Construct {
  public constructor(scope: Construct, id: string, props: BookinfoServiceProps) {
    super(scope, id);
    const app = props.name;
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app, labels: { app, service: app } },
      spec: { ports: [{ port: PORT, name: 'http' }], selector: { app } },
    });
    new ApiObject(this, 'ServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: `bookinfo-${app}`, labels: { account: app } },
    });
    for (const version of props.versions) {
      const labels = { app, version };
      new ApiObject(this, `Deployment-${version}`, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${app}-${version}`, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: `bookinfo-${app}`,
              containers: [{
                name: app,
                image: `registry.istio.io/release/examples-bookinfo-${app}-${version}:${IMAGE_TAG}`,
                ports: [{ containerPort: PORT }],
              }],
            },
          },
        },
      });
    }
  }
}

/** Bookinfo's four services and their Deployments: details, ratings, reviews (v1–v3) and productpage. */
export function bookinfoWorkloads(scope: Construct): void {
  new BookinfoService(scope, 'details-workloads', { name: 'details', versions: ['v1'] });
  new BookinfoService(scope, 'ratings-workloads', { name: 'ratings', versions: ['v1'] });
  new BookinfoService(scope, 'reviews-workloads', { name: 'reviews', versions: ['v1', 'v2', 'v3'] });
  new BookinfoService(scope, 'productpage-workloads', { name: 'productpage', versions: ['v1'] });
}
