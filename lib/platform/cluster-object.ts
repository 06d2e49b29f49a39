import { ApiObject } from 'cdk8s';

/** An ApiObject of a cluster-scoped kind (Namespace): it never takes its chart's namespace. */
export class ClusterScopedObject extends ApiObject {
  public override toJson(): any {
    const json = super.toJson();
    if (json.metadata) delete json.metadata.namespace;
    return json;
  }
}
