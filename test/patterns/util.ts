import { ApiObject, Chart, Testing } from 'cdk8s';
import { Destination, IngressRoute, StringMatch } from '../../lib';
import { analyze } from '../../lib/analysis';
import { validateObjects } from '../../lib/validation/validate';
import { KubeObject } from '../../lib/vocab/object';

/** The synthesized objects of a chart. */
export function synth(chart: Chart): KubeObject[] {
  return Testing.synth(chart) as KubeObject[];
}

/** The one object of a kind and name; fails the test when missing. */
export function find(objects: readonly KubeObject[], kind: string, name: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** `kind/name` of every object, in order. */
export function ids(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`);
}

/**
 * Asserts that the validator and the cross-resource analysis find no error (findings shown as `code kind/name path: message`).
 * The analysis takes the objects as the whole mesh unless `assumeCompleteMesh` is false (as at synth, by default).
 */
export function expectValid(objects: readonly KubeObject[], options: { assumeCompleteMesh?: boolean } = {}): void {
  const errors = [...validateObjects(objects), ...analyze(objects, options)].filter((f) => f.severity === 'error');
  expect(errors.map((f) => `${f.code} ${f.resource?.kind}/${f.resource?.name} ${f.path}: ${f.message}`)).toEqual([]);
}

/** Bookinfo's productpage ingress as an IngressRoute: plain HTTP on 8080, the productpage matches. */
export function bookinfoIngress(chart: Chart): IngressRoute {
  const exact = (p: string) => ({ uri: StringMatch.exact(p) });
  const prefix = (p: string) => ({ uri: StringMatch.prefix(p) });
  return new IngressRoute(chart, 'productpage-ingress', {
    name: 'bookinfo',
    hosts: ['*'],
    plainHttp: { port: 8080 },
    routes: [{
      match: [exact('/productpage'), prefix('/static'), exact('/login'), exact('/logout'), prefix('/api/v1/products')],
      route: [{ destination: Destination.host('productpage', { port: 9080 }) }],
    }],
  });
}

/**
 * A Deployment `name` running as service account `name` (container port `targetPort`, default 8080) and a Service
 * `name` on `port` (default 80, named `http`), so the behaviour model (MeshModel.fromApp) knows the workload.
 */
export interface WorkloadOptions {
  readonly labels?: Record<string, string>;
  readonly port?: number;
  readonly targetPort?: number;
  readonly portName?: string;
  /** Whether to write the Service (off for a second version of a workload). */
  readonly service?: boolean;
}

export function addWorkload(chart: Chart, namespace: string, name: string, options: WorkloadOptions = {}): void {
  const labels = { app: name, ...options.labels };
  const targetPort = options.targetPort ?? 8080;
  new ApiObject(chart, `Deployment-${namespace}-${name}`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { serviceAccountName: name, containers: [{ name: 'app', image: `example/${name}`, ports: [{ containerPort: targetPort }] }] },
      },
    },
  });
  if (options.service === false) return;
  new ApiObject(chart, `Service-${namespace}-${name}`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector: { app: name }, ports: [{ name: options.portName ?? 'http', port: options.port ?? 80, targetPort }] },
  });
}
