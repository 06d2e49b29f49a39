import { obj, objs, strMap, str } from '../../vocab/json';
import { addTo } from '../../vocab/multimap';
import { Analyzer } from '../analyzer';
import { AnalysisContext, GK, PodView, Resource } from '../context';
import { selectorString } from '../labels';

/** IST0160 when several Telemetries of a namespace have no selector (Istio's `telemetry.DefaultSelectorAnalyzer`). */
export const telemetryDefaultSelectorAnalyzer: Analyzer = {
  name: 'telemetry.DefaultSelectorAnalyzer',
  description: 'Validates that there aren\'t multiple telemetry resources that have no selector',
  codes: ['IST0160'],
  analyze(ctx: AnalysisContext): void {
    const byNs = new Map<string, Resource[]>();
    for (const t of ctx.list(GK.Telemetry)) {
      if (t.spec.selector !== undefined && t.spec.selector !== null) continue;
      addTo(byNs, t.namespace, t);
    }
    for (const [ns, list] of byNs) {
      if (list.length < 2) continue;
      const names = list.map((t) => t.name).sort();
      for (const t of list) ctx.report(t, 'IST0160', [names, ns], '', 'Keep one Telemetry without selector per namespace.');
    }
  },
};

/** IST0157 when an access-logging entry names no provider and the mesh has no default (Istio's `telemetry.ProviderAnalyzer`). */
export const telemetryProviderAnalyzer: Analyzer = {
  name: 'telemetry.ProviderAnalyzer',
  description: 'Validates that providers in telemetry resource is valid',
  codes: ['IST0157'],
  analyze(ctx: AnalysisContext): void {
    if ((ctx.mesh.defaultProviders?.accessLogging ?? []).length > 0) return;
    for (const t of ctx.list(GK.Telemetry)) {
      for (const [entry, i] of objs(t.spec.accessLogging)) {
        if (entry.disabled === true) continue;
        if (objs(entry.providers).length === 0) {
          ctx.report(t, 'IST0157', [t.name, t.namespace], `spec.accessLogging[${i}].providers`,
            "Name a provider (e.g. 'envoy'), or set defaultProviders.accessLogging in the mesh config.");
        }
      }
    }
  },
};

/** IST0002 when tracing uses a Lightstep extension provider (Istio's `telemetry.LightstepAnalyzer`). */
export const telemetryLightstepAnalyzer: Analyzer = {
  name: 'telemetry.LightstepAnalyzer',
  description: 'Validates that lightstep provider is still used',
  codes: ['IST0002'],
  analyze(ctx: AnalysisContext): void {
    const lightstep = new Set((ctx.mesh.extensionProviders ?? []).filter((p) => p.lightstep !== undefined).map((p) => str(p.name)));
    if (lightstep.size === 0) return;
    for (const t of ctx.list(GK.Telemetry)) {
      for (const [tracing, i] of objs(t.spec.tracing)) {
        for (const [p] of objs(tracing.providers)) {
          if (lightstep.has(str(p.name))) {
            ctx.report(t, 'IST0002', [`The Lightstep provider ${str(p.name)} is deprecated, please migrate to OpenTelemetry provider.`],
              `spec.tracing[${i}].providers`);
          }
        }
      }
    }
  },
};

/** IST0101 when a Telemetry selector matches no pod, IST0159 when Telemetries select the same pod (Istio's `telemetry.SelectorAnalyzer`). */
export const telemetrySelectorAnalyzer: Analyzer = {
  name: 'telemetry.SelectorAnalyzer',
  description: 'Validates that telemetries that define a selector match at least one pod, and that there aren\'t multiple telemetry resources that select overlapping pods',
  codes: ['IST0101', 'IST0159'],
  analyze(ctx: AnalysisContext): void {
    const podsToTelemetries = new Map<PodView, Resource[]>();
    for (const t of ctx.list(GK.Telemetry)) {
      const labels = strMap(obj(t.spec.selector).matchLabels);
      if (Object.keys(labels).length === 0) continue;
      const pods = ctx.podsMatching(labels, t.namespace);
      if (pods.length === 0 && ctx.hasWorkloads && ctx.reportsMissing('Workload', t.namespace)) {
        ctx.report(t, 'IST0101', ['selector', selectorString(labels)], 'spec.selector.matchLabels',
          'No pod or workload template in this namespace has these labels.');
      }
      for (const p of pods) addTo(podsToTelemetries, p, t);
    }
    for (const [pod, list] of podsToTelemetries) {
      if (list.length < 2) continue;
      const names = list.map((t) => t.name).sort();
      for (const t of list) ctx.report(t, 'IST0159', [names, pod.namespace, pod.name], 'spec.selector');
    }
  },
};
