import type { Analyzer } from './analyzer';
import { AnalysisContext, MeshConfigLike } from './context';
import { applySuppressions } from './suppress';
import { Dataplane } from '../core/dataplane';
import { Finding } from '../vocab/finding';
import { isObj } from '../vocab/json';
import { KubeObject } from '../vocab/object';

export { Analyzer } from './analyzer';
export { AnalysisContext, DataplaneAssumptions, FindingExtra, MeshConfigLike, Resource, PodView, MeshHost, ReferenceTarget, resourceRef } from './context';
export { MESSAGES, ISTIO_MESSAGES, CIS_MESSAGES, MessageType, formatMessage, messageType } from './messages';
export { resolveWaypoint, waypointsOf, waypointsServingPod, WaypointView, WaypointUse, WaypointResolution, WaypointProblem } from './waypoints';
export { applySuppressions, resourceKey, suppressedCodes, suppressFindings } from './suppress';

/** Options of a cross-resource analysis (the same for every supported release: Istio 1.30.3's analyzers). */
export interface AnalyzeOptions {
  /**
   * Run only these analyzers (by `Analyzer.name`, e.g. `virtualservice.GatewayAnalyzer`), as `istioctl analyze --analyzer`.
   * @default every analyzer
   */
  readonly analyzers?: readonly string[];
  /**
   * Analyzers of higher layers (the behaviour checks of `lib/checks`, which use the behaviour model) run after ours on
   * the same index; `analyzers` selects among them too.
   * @default - none
   */
  readonly additional?: readonly Analyzer[];
  /**
   * The mesh configuration (MeshConfig fields, e.g. `defaultProviders`, `rootNamespace`, `defaultConfig.proxyMetadata`).
   * @default Istio's defaults
   */
  readonly meshConfig?: MeshConfigLike;
  /**
   * Whether the objects are the whole mesh, as `istioctl analyze` assumes for files: a reference to anything not in
   * the set (a gateway, a host, a subset, a namespace, the pods of a selector) is then reported as not found
   * (IST0101, IST0173, IST0174, ...). When false (an "open world", e.g. one app among others in a mesh), a reference
   * is checked only when the set could contain its target: the set defines objects of the target's kind in the
   * target's namespace (Services for a host, a DestinationRule of the host for a subset, a Gateway for a gateway,
   * pods or workload templates for a selector, Secrets for a credential); source namespaces are not checked.
   * Checks between objects that are all in the set are the same either way.
   * @default true
   */
  readonly assumeCompleteMesh?: boolean;
  /**
   * The data plane of namespaces the set does not define with a Namespace object.
   * @default Dataplane.SIDECAR
   */
  readonly defaultDataplane?: Dataplane;
  /**
   * The data plane of named namespaces the set does not define; wins over `defaultDataplane`.
   * @default - none
   */
  readonly namespaceDataplanes?: { readonly [namespace: string]: Dataplane };
}

/** Every analyzer, Istio's first (alphabetically by Istio's package, as in `analyzers.All()`), then ours. */
export declare const ANALYZERS: readonly Analyzer[];
// Loaded on first read: the analyzers are a sixth of the package's code (issue 21).
Object.defineProperty(exports, 'ANALYZERS', { enumerable: true, get: allAnalyzers });

function allAnalyzers(): readonly Analyzer[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./analyzers/all') as typeof import('./analyzers/all')).ANALYZERS;
}

/** The objects of the set, with the items of `kind: List` objects taken out. */
function flatten(objects: readonly KubeObject[]): KubeObject[] {
  const result: KubeObject[] = [];
  for (const o of objects) {
    if (o && o.kind === 'List' && Array.isArray(o.items)) {
      // A loop, not push(...xs): a List can hold more items than a call can take arguments.
      for (const item of flatten((o.items as unknown[]).filter((i): i is KubeObject => isObj(i) && typeof i.kind === 'string'))) result.push(item);
    } else {
      result.push(o);
    }
  }
  return result;
}

/**
 * Cross-resource analysis over a whole set of objects (Istio and plain Kubernetes), in the spirit of
 * `istioctl analyze --use-kube=false`: Istio's message codes on the same resources, plus our CIS5xxx checks.
 *
 * Objects without a namespace are in `default`; objects in Kubernetes' system namespaces are ignored; the default
 * `istio-ingressgateway` pod and Service in `istio-system` are assumed to exist. Checks that need Services, pods or
 * Namespace objects run when the set defines some (workload templates of Deployments and the like count as pods).
 * With `assumeCompleteMesh: false`, references whose target the set could not contain are not checked.
 * Findings on a resource that suppresses their code (`galley.istio.io/analyze-suppress`) are kept as INFO with
 * `suppressedBy` set.
 */
export function analyze(objects: readonly KubeObject[], options: AnalyzeOptions = {}): Finding[] {
  const flat = flatten(objects);
  const ctx = new AnalysisContext(flat, options.meshConfig, options.assumeCompleteMesh ?? true,
    { defaultDataplane: options.defaultDataplane, namespaceDataplanes: options.namespaceDataplanes });
  const selected = options.analyzers ? new Set(options.analyzers) : undefined;
  for (const analyzer of [...allAnalyzers(), ...(options.additional ?? [])]) {
    if (selected && !selected.has(analyzer.name)) continue;
    analyzer.analyze(ctx);
  }
  return applySuppressions(ctx.results(), flat);
}
