import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { inSynthPass } from './synth-pass';
import { withFastYaml } from './yaml-output';

/**
 * What `app.synthYaml()` returns, byte for byte, with the app walked once rather than once per chart.
 *
 * cdk8s's `synthYaml()` resolves the dependencies of the whole app and validates it, then renders each chart
 * with `chart.toJson()`, and each of those resolves and validates the whole app again: time grows with
 * charts × constructs (bench/README.md, "Synth"). This runs cdk8s's own `synthYaml()` with each chart rendering
 * only its objects and the YAML written faster, as every app with Istio resources synthesizes unless
 * `disableSynthOnce` was called. The Istio checks run once either way.
 *
 * @example
 * const yaml = synthYamlOnce(app); // === app.synthYaml(), faster for apps with many charts
 */
export function synthYamlOnce(app: App): string {
  // cdk8s's method itself: an app that synthesizes once already is not wrapped twice.
  return withChartsRenderedAlone(app, () => App.prototype.synthYaml.call(app));
}

const WRAPPED = new WeakSet<App>();
const OPTED_OUT = new WeakSet<App>();

/**
 * From now on `app.synth()` (what `cdk8s synth` runs) and `app.synthYaml()` walk the app once and write the YAML
 * faster, with the same files and bytes. Every app with Istio resources does this already (the first Istio
 * resource turns it on, as it turns on the checks); call it for an app without them, or to undo
 * `disableSynthOnce`.
 *
 * Both validate the app and resolve its dependencies once before rendering anything, and then cdk8s renders each
 * chart with `chart.toJson()`, which validates and resolves the whole app again: one walk of every construct per
 * chart. With this, inside those two calls each chart renders its own objects in cdk8s's order without the walk
 * (the app cannot change inside the call, so the walks would find what the first one found), and cdk8s's
 * `Yaml.stringify` prints plain data directly instead of through yaml's document model, leaving to yaml what it
 * does not write byte for byte as yaml would. cdk8s's own code still names, orders and writes the files, for every
 * `yamlOutputType`. A chart class that overrides `toJson()` keeps its own; `chart.toJson()` outside those calls is
 * cdk8s's. Calling it again does nothing.
 *
 * @example
 * const app = new App();
 * enableSynthOnce(app);
 * // ... charts ...
 * app.synth(); // the same files as without the call, faster for apps with many charts
 */
export function enableSynthOnce(app: App): void {
  OPTED_OUT.delete(app);
  synthOnceByDefault(app);
}

/**
 * The escape hatch: `app.synth()` and `app.synthYaml()` are cdk8s's own again, with a walk of the app per chart
 * and cdk8s's YAML writer (the same bytes, slower for big apps). For an app that changes itself while it is
 * synthesized, or a tool that replaces cdk8s's `Chart.toJson` or `Yaml.stringify` itself.
 *
 * @example
 * const app = new App();
 * disableSynthOnce(app);
 */
export function disableSynthOnce(app: App): void {
  OPTED_OUT.add(app);
}

/** What the first Istio resource of an app does: synthesize once unless the app opted out. @internal */
export function synthOnceByDefault(app: App): void {
  if (WRAPPED.has(app)) return;
  WRAPPED.add(app);
  const synth = app.synth.bind(app);
  const synthYaml = app.synthYaml.bind(app);
  app.synth = () => OPTED_OUT.has(app) ? synth() : withChartsRenderedAlone(app, synth);
  app.synthYaml = () => OPTED_OUT.has(app) ? synthYaml() : withChartsRenderedAlone(app, synthYaml);
}

/** Runs `synth` (cdk8s's, which validates and resolves the app first) with each plain chart's `toJson()` skipping the per-chart walks, and the fast YAML writer. */
function withChartsRenderedAlone<T>(app: App, synth: () => T): T {
  return inSynthPass(app, () => {
    // One walk finds the charts (`app.charts` would sort them and walk twice).
    const plain = app.node.findAll().filter((c): c is Chart => c instanceof Chart && c.toJson === Chart.prototype.toJson);
    for (const chart of plain) {
      Object.defineProperty(chart, 'toJson', { configurable: true, writable: true, value: () => chartObjects(chart).map((o) => o.toJson()) });
    }
    try {
      return withFastYaml(synth);
    } finally {
      for (const chart of plain) delete (chart as { toJson?: unknown }).toJson;
    }
  });
}

/** A chart's own API objects (not those of nested charts), in dependency order, as cdk8s renders them (its `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
