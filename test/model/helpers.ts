import { parseAllDocuments } from 'yaml';
import { MeshModel, MeshModelOptions } from '../../lib/model';

/** A namespace with sidecar injection, a workload `app` with service account `app`, and a Service `app` on port 80 → 8080. */
export interface AppOptions {
  readonly labels?: Record<string, string>;
  readonly port?: string;
  readonly targetPort?: number | string;
  readonly annotations?: Record<string, string>;
}

export function app(namespace: string, name: string, extra: AppOptions = {}): string {
  const labels = JSON.stringify({ app: name, ...extra.labels });
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: ${labels}, annotations: ${JSON.stringify(extra.annotations ?? {})}}
    spec: {serviceAccountName: ${name}, containers: [{name: app, image: example/${name}, ports: [{name: web, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${namespace}}
spec: {selector: {app: ${name}}, ports: [{name: ${extra.port ?? 'http'}, port: 80, targetPort: ${JSON.stringify(extra.targetPort ?? 8080)}}]}
`;
}

/** A Namespace object with labels. */
export function ns(name: string, labels: Record<string, string> = { 'istio-injection': 'enabled' }): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
}

/** An AuthorizationPolicy from a name, namespace and spec (as YAML flow or an object). */
export function policy(namespace: string, name: string, spec: object, kind = 'AuthorizationPolicy', annotations?: Record<string, string>): string {
  const group = ['VirtualService', 'DestinationRule', 'Gateway', 'ServiceEntry'].includes(kind) ? 'networking.istio.io' : 'security.istio.io';
  return `apiVersion: ${group}/v1\nkind: ${kind}\nmetadata: ${JSON.stringify({ name, namespace, annotations })}\nspec: ${JSON.stringify(spec)}\n`;
}

/** A model of YAML documents. */
export function model(docs: string[], options?: MeshModelOptions): MeshModel {
  const objects = docs.flatMap((d) => parseAllDocuments(d).map((x) => x.toJS())).filter((o) => o);
  return MeshModel.fromObjects(objects, options);
}
