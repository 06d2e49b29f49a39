import { IConstruct } from 'constructs';
import { Dataplane } from './dataplane';
import { IstioSettings } from './settings';

/** Namespaces an app defines, by name, with their data plane: filled by MeshNamespace. */
const DEFINED = new WeakMap<IConstruct, Map<string, Dataplane>>();

/**
 * Records the data plane of a namespace the app defines (MeshNamespace does it).
 * @internal
 */
export function registerNamespaceDataplane(scope: IConstruct, namespace: string, dataplane: Dataplane): void {
  const root = scope.node.root;
  const known = DEFINED.get(root) ?? new Map<string, Dataplane>();
  known.set(namespace, dataplane);
  DEFINED.set(root, known);
}

/**
 * The data plane of a namespace as seen from `scope`: the MeshNamespace of that name the app defines (created before
 * this call), else `IstioSettings.namespaceDataplanes`, else `IstioSettings.dataplane` (default SIDECAR).
 */
export function dataplaneOf(scope: IConstruct, namespace: string | undefined): Dataplane {
  const settings = IstioSettings.of(scope);
  if (namespace === undefined) return settings.dataplane;
  return DEFINED.get(scope.node.root)?.get(namespace) ?? settings.namespaceDataplanes[namespace] ?? settings.dataplane;
}

/** Whether the app of `scope` defines the namespace (a MeshNamespace created before this call). @internal */
export function definesNamespace(scope: IConstruct, namespace: string | undefined): boolean {
  return namespace !== undefined && (DEFINED.get(scope.node.root)?.has(namespace) ?? false);
}
