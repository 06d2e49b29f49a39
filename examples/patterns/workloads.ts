import * as kplus from 'cdk8s-plus-33';
import { Construct } from 'constructs';

/** Options of an example workload. */
export interface ExampleWorkloadOptions {
  /** The container and Service port. */
  readonly port: number;
  /** The `version` label of the pods, for DestinationRule subsets. @default 'v1' */
  readonly version?: string;
  /** The container image. @default an nginx image */
  readonly image?: string;
  /** The namespace. @default - the chart's */
  readonly namespace?: string;
  /**
   * The service account the pods run as, created with them: the identity (`cluster.local/ns/<ns>/sa/<name>`) that
   * authorization policies name.
   * @default - the namespace's `default` account
   */
  readonly serviceAccount?: string;
}

/** A Deployment labelled `app=<name>,version=<version>`; its pods serve HTTP on `port`. */
export function exampleDeployment(scope: Construct, name: string, options: ExampleWorkloadOptions): kplus.Deployment {
  const labels = { app: name, version: options.version ?? 'v1' };
  // One account for all versions of a workload.
  const serviceAccount = options.serviceAccount === undefined ? undefined
    : scope.node.tryFindChild(`${options.serviceAccount}-sa`) as kplus.ServiceAccount | undefined
      ?? new kplus.ServiceAccount(scope, `${options.serviceAccount}-sa`, { metadata: { name: options.serviceAccount, namespace: options.namespace } });
  const deployment = new kplus.Deployment(scope, `${name}-${labels.version}`, {
    metadata: { labels, namespace: options.namespace },
    serviceAccount,
    podMetadata: { labels },
    containers: [{ image: options.image ?? 'nginxinc/nginx-unprivileged:1.27', portNumber: options.port, securityContext: { user: 1000 } }],
    select: false,
  });
  deployment.select(kplus.LabelSelector.of({ labels }));
  return deployment;
}

/** A Service `<name>` selecting `app=<name>`, with an `http` port (Istio's protocol naming). */
export function exampleService(scope: Construct, name: string, port: number): kplus.Service {
  const service = new kplus.Service(scope, `${name}-service`, { metadata: { name }, ports: [{ port, name: 'http' }] });
  service.selectLabel('app', name);
  return service;
}

/** A Deployment and its Service. */
export function exampleApp(scope: Construct, name: string, options: ExampleWorkloadOptions): kplus.Deployment {
  exampleService(scope, name, options.port);
  return exampleDeployment(scope, name, options);
}
