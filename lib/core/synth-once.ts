import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { IConstruct, Node } from 'constructs';
import { inSynthPass } from './synth-pass';

/**
 * What `app.synthYaml()` returns, byte for byte, with the app walked once rather than once per chart.
 *
 * cdk8s's `synthYaml()` renders each chart with `chart.toJson()`, and each of those resolves the
 * dependencies of the whole app and validates the whole app again: time grows with charts × constructs
 * (bench/README.md, "Synth": about a fifth of plain cdk8s's time at 100 charts and 20,100 objects). This
 * does the same steps once: resolves the dependencies (the same rules as cdk8s), runs every construct's
 * validations (an error throws, in cdk8s's words), then renders each chart's objects in cdk8s's order and
 * writes them with cdk8s's `Yaml.stringify`. A chart class that overrides `toJson()` is rendered by its
 * own `toJson()`. Opt-in: call it instead of `app.synthYaml()`; the Istio checks run once either way.
 *
 * @example
 * const yaml = synthYamlOnce(app); // === app.synthYaml(), faster for apps with many charts
 */
export function synthYamlOnce(app: App): string {
  return inSynthPass(app, () => {
    const findAll = cachedFindAll();
    resolveDependencies(app, findAll);
    validate(app, findAll);
    const docs: unknown[] = [];
    for (const chart of app.charts) {
      const json = chart.toJson === Chart.prototype.toJson ? chartObjects(chart).map((o) => o.toJson()) : chart.toJson();
      for (const doc of Object.values(json)) docs.push(doc);
    }
    return Yaml.stringify(...docs);
  });
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

type FindAll = (node: Node) => IConstruct[];

/** `node.findAll()`, once per node for one synth (the app does not change inside it). */
function cachedFindAll(): FindAll {
  const cache = new Map<Node, IConstruct[]>();
  return (node) => {
    let all = cache.get(node);
    if (!all) {
      all = node.findAll();
      cache.set(node, all);
    }
    return all;
  };
}

/** Every construct's validations; errors as cdk8s reports them. */
function validate(app: App, findAll: FindAll): void {
  const errors: string[] = [];
  for (const child of findAll(app.node)) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/** Chart and object dependencies from nested charts and construct dependencies, as cdk8s's synth adds them. */
function resolveDependencies(app: App, findAll: FindAll): void {
  for (const parent of findAll(app.node).filter((x): x is Chart => x instanceof Chart)) {
    for (const child of parent.node.children.filter((x) => x instanceof Chart)) parent.node.addDependency(child);
  }
  // Built twice, as cdk8s does: the second list holds the chart dependencies the first loop adds.
  const dependencies = (): Array<{ source: IConstruct; target: IConstruct }> =>
    findAll(app.node).flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    const [sourceChart, targetChart] = [Chart.of(source), Chart.of(target)];
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
  }
  for (const { source, target } of dependencies()) {
    const [sourceChart, targetChart] = [Chart.of(source), Chart.of(target)];
    const targets = findAll(target.node).filter((c) => c instanceof ApiObject && Chart.of(c) === targetChart);
    const sources = findAll(source.node).filter((c) => c instanceof ApiObject && Chart.of(c) === sourceChart);
    for (const t of targets) {
      for (const s of sources) if (t !== s) s.node.addDependency(t);
    }
  }
}

/** A chart's own API objects (not those of nested charts), in dependency order, as cdk8s renders them (its `chartToKube`). */
function chartObjects(chart: Chart): ApiObject[] {
  return new DependencyGraph(chart.node).topology().filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart);
}
