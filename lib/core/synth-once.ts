import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { inSynthPass } from './synth-pass';

/**
 * What `app.synthYaml()` returns, byte for byte, with the app walked once rather than once per chart.
 *
 * cdk8s's `synthYaml()` resolves the dependencies of the whole app and validates it, then renders each chart
 * with `chart.toJson()`, and each of those resolves and validates the whole app again: time grows with
 * charts × constructs (bench/README.md, "Synth"). This runs cdk8s's own `synthYaml()` with each chart rendering
 * only its objects, as `enableSynthOnce` does for every call. Opt-in for one call: use it instead of
 * `app.synthYaml()`; the Istio checks run once either way.
 *
 * @example
 * const yaml = synthYamlOnce(app); // === app.synthYaml(), faster for apps with many charts
 */
export function synthYamlOnce(app: App): string {
  // cdk8s's method itself: an app with `enableSynthOnce` is not wrapped twice.
  return withChartsRenderedAlone(app, () => App.prototype.synthYaml.call(app));
}

const ENABLED = new WeakSet<App>();

/**
 * Opt-in: from now on `app.synth()` (what `cdk8s synth` runs) and `app.synthYaml()` walk the app once, with the
 * same files and bytes.
 *
 * Both validate the app and resolve its dependencies once before rendering anything, and then cdk8s renders each
 * chart with `chart.toJson()`, which validates and resolves the whole app again: one walk of every construct per
 * chart. With this, inside those two calls each chart renders its own objects in cdk8s's order without the walk
 * (the app cannot change inside the call, so the walks would find what the first one found). cdk8s's own code
 * still names, orders and writes the files, for every `yamlOutputType`. A chart class that overrides `toJson()`
 * keeps its own; `chart.toJson()` outside those calls is cdk8s's. Calling it again does nothing.
 *
 * @example
 * const app = new App();
 * enableSynthOnce(app);
 * // ... charts ...
 * app.synth(); // the same files as without the call, faster for apps with many charts
 */
export function enableSynthOnce(app: App): void {
  if (ENABLED.has(app)) return;
  ENABLED.add(app);
  const synth = app.synth.bind(app);
  const synthYaml = app.synthYaml.bind(app);
  app.synth = () => withChartsRenderedAlone(app, synth);
  app.synthYaml = () => withChartsRenderedAlone(app, synthYaml);
}

/** Runs `synth` (cdk8s's, which validates and resolves the app first) with each plain chart's `toJson()` skipping the per-chart walks. */
function withChartsRenderedAlone<T>(app: App, synth: () => T): T {
  return inSynthPass(app, () => {
    // One walk finds the charts (`app.charts` would sort them and walk twice).
    const plain = app.node.findAll().filter((c): c is Chart => c instanceof Chart && c.toJson === Chart.prototype.toJson);
    for (const chart of plain) {
      Object.defineProperty(chart, 'toJson', { configurable: true, writable: true, value: () => chartObjects(chart).map((o) => o.toJson()) });
    }
    try {
      return synth();
    } finally {
      for (const chart of plain) delete (chart as { toJson?: unknown }).toJson;
    }
  });
}

/** A chart's own API objects (not those of nested charts), in dependency order, as cdk8s renders them (its `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
