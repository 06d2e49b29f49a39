import { AnalysisContext, PodView, Resource } from './context';
import { Dataplane } from '../core/dataplane';
import { arr, isObj, str } from '../vocab/json';

/** Whether a container list has an `istio-proxy` container with an image (an injected pod). */
export function hasIstioProxy(containers: readonly unknown[]): boolean {
  return containers.some((c) => isObj(c) && c.name === 'istio-proxy' && str(c.image) !== '');
}

/** Whether a namespace object puts its workloads in ambient mode (Istio's `NamespaceInAmbientMode`). */
export function namespaceInAmbientMode(ns: Resource | undefined): boolean {
  if (!ns) return false;
  if (ns.labels['istio-injection'] === 'enabled') return false;
  if (ns.labels['istio.io/rev']) return false;
  return ns.labels['istio.io/dataplane-mode'] === 'ambient';
}

/** Whether a namespace object enables sidecar injection (the `istio-injection=enabled` or `istio.io/rev` label). */
function namespaceInjected(ns: Resource): boolean {
  return ns.labels['istio-injection'] === 'enabled' || (ns.labels['istio-injection'] === undefined && !!ns.labels['istio.io/rev']);
}

/**
 * Whether a pod is in the mesh, as Istio's `PodInMesh`: an injected proxy, a `sidecar.istio.io/inject` label or
 * annotation, or the namespace's injection label. For a workload template (which is injected only when its pods
 * are created) a namespace the set does not define counts as in the mesh when the set defines no namespace at all:
 * the app then leaves namespaces to the platform, and flagging every workload would be noise.
 */
export function podInMesh(ctx: AnalysisContext, pod: PodView): boolean {
  if (hasIstioProxy(arr(pod.spec.containers)) || hasIstioProxy(arr(pod.spec.initContainers))) return true;
  const label = pod.labels['sidecar.istio.io/inject'];
  if (label !== undefined) return label === 'true';
  const anno = pod.annotations['sidecar.istio.io/inject'];
  if (anno !== undefined) return anno === 'true';
  const ns = ctx.namespaceObject(pod.namespace);
  if (ns) return pod.fromTemplate ? namespaceInjected(ns) || namespaceInAmbientMode(ns) : ns.labels['istio-injection'] === 'enabled';
  return pod.fromTemplate && !ctx.hasNamespaces;
}

/**
 * Whether a namespace's workloads are in ambient mode: its Namespace object's labels when the set defines it, else
 * what the analysis is told to assume (`AnalyzeOptions.namespaceDataplanes`, `defaultDataplane`).
 */
export function namespaceIsAmbient(ctx: AnalysisContext, namespace: string): boolean {
  const ns = ctx.namespaceObject(namespace);
  if (ns) return namespaceInAmbientMode(ns);
  return (ctx.dataplanes.namespaceDataplanes?.[namespace] ?? ctx.dataplanes.defaultDataplane) === Dataplane.AMBIENT;
}

/** Whether a pod is captured by ambient mode (Istio's `PodInAmbientMode`; for a template, its namespace's mode). */
export function podInAmbientMode(ctx: AnalysisContext, pod: PodView): boolean {
  if (pod.annotations['ambient.istio.io/redirection'] === 'enabled') return true;
  return pod.fromTemplate && pod.labels['istio.io/dataplane-mode'] !== 'none' && namespaceIsAmbient(ctx, pod.namespace);
}

/** Whether an object is part of Istio's control plane (an `istio` label, or `release: istio`). */
export function isIstioControlPlane(r: Resource): boolean {
  return r.labels.istio !== undefined || r.labels.release === 'istio';
}
