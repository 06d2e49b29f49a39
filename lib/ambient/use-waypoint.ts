import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IWaypoint, WaypointTraffic } from './waypoint';
import { IstioConfigError } from '../core/errors';

/** The label naming the waypoint an object uses, or `none` (`label.IoIstioUseWaypoint`). */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** The label naming the namespace of that waypoint when it is another (`label.IoIstioUseWaypointNamespace`). */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

/** A cdk8s-plus workload: its pods' metadata can take labels. */
interface PodTemplateOwner {
  readonly podMetadata: { addLabel(key: string, value: string): void };
}

function isPodTemplateOwner(c: unknown): c is PodTemplateOwner {
  return typeof (c as PodTemplateOwner | undefined)?.podMetadata?.addLabel === 'function';
}

/**
 * Makes a namespace, Service, ServiceEntry or workload use a waypoint (`istio.io/use-waypoint`, plus
 * `istio.io/use-waypoint-namespace` when the waypoint is in another namespace), or opt out of its namespace's
 * waypoint with `'none'`. A workload's label goes on its pods (a Deployment's pod template).
 *
 * Istio 1.30.3 (pilot/pkg/serviceregistry/ambient/waypoints.go): an object's own label wins over its namespace's;
 * a Service uses a waypoint only if it takes `service` or `all` traffic, a workload only `workload` or `all`; a
 * waypoint in another namespace must allow the object's namespace on its HBONE listener.
 *
 * @param target a MeshNamespace, a cdk8s-plus Service or workload, or an `ApiObject` of those kinds
 * @throws when the target is not one of these, or the waypoint cannot serve it
 */
export function useWaypoint(target: IConstruct, waypoint: IWaypoint | 'none'): void {
  const object = target instanceof ApiObject ? target : ApiObject.of(target);
  const kind = object.kind;
  const fail = (problem: string, fix: string) => new IstioConfigError(target.node.path, `${kind} ${object.name}`, [{ problem, fix }]);
  const isNamespace = kind === 'Namespace';
  const isWorkload = kind === 'Pod' || WORKLOAD_KINDS.has(kind);
  if (!isNamespace && !isWorkload && kind !== 'Service' && kind !== 'ServiceEntry') {
    throw fail(`a ${kind} cannot use a waypoint`, 'Label a Namespace, Service, ServiceEntry or workload.');
  }
  const labels: Record<string, string> = {};
  if (waypoint === 'none') {
    labels[USE_WAYPOINT_LABEL] = 'none';
  } else {
    const namespace = isNamespace ? object.name : object.metadata.namespace;
    if (!namespace) throw fail('it has no namespace, so the waypoint\'s namespace cannot be compared', 'Set metadata.namespace.');
    const takes = (t: WaypointTraffic) => waypoint.traffic === t || waypoint.traffic === WaypointTraffic.ALL;
    const needed = isWorkload ? WaypointTraffic.WORKLOAD : isNamespace ? undefined : WaypointTraffic.SERVICE;
    if (waypoint.traffic === WaypointTraffic.NONE || (needed && !takes(needed))) {
      throw fail(`waypoint ${waypoint.namespace}/${waypoint.name} takes ${waypoint.traffic} traffic, so it would not serve this ${kind}`,
        `Create the waypoint with traffic: WaypointTraffic.${(needed ?? WaypointTraffic.SERVICE).toUpperCase()} or ALL.`);
    }
    if (!waypoint.allowsNamespace(namespace)) {
      throw fail(`waypoint ${waypoint.namespace}/${waypoint.name} does not allow namespace ${namespace}`,
        'Create it with allowedNamespaces: WaypointNamespaces.all() (or withLabels(...)).');
    }
    labels[USE_WAYPOINT_LABEL] = waypoint.name;
    if (waypoint.namespace !== namespace) labels[USE_WAYPOINT_NAMESPACE_LABEL] = waypoint.namespace;
  }
  for (const [key, value] of Object.entries(labels)) {
    if (kind === 'Pod' || !isWorkload) {
      object.metadata.addLabel(key, value);
    } else if (isPodTemplateOwner(target)) {
      target.podMetadata.addLabel(key, value);
    } else {
      object.addJsonPatch(JsonPatch.add(`/spec/template/metadata/labels/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value));
    }
  }
}
