import * as path from 'path';
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IstioConfigError } from './errors';

/** Charts already found to come from our copy of cdk8s. */
const SAME_COPY = new WeakSet<object>();

/** The package folder of a file of cdk8s (`.../node_modules/cdk8s/lib/index.js` → `.../node_modules/cdk8s`). */
function packageDir(file: string): string {
  const marker = `${path.sep}node_modules${path.sep}cdk8s${path.sep}`;
  const at = file.lastIndexOf(marker);
  return at >= 0 ? file.slice(0, at + marker.length - 1) : path.dirname(path.dirname(file));
}

/** The folder of the loaded cdk8s whose `Chart` class `chart` was made by (or is ours, for `Chart` itself). */
function cdk8sDirOf(chartClass: (obj: object) => boolean): string | undefined {
  for (const m of Object.values(require.cache)) {
    const exported = (m?.exports as { Chart?: unknown } | undefined)?.Chart;
    if (typeof exported === 'function' && chartClass(exported)) return packageDir(m!.filename);
  }
  return undefined;
}

/**
 * Throws when `scope`'s chart comes from another copy of cdk8s than the one this library uses (e.g. a
 * `file:` dependency that brings its own cdk8s): cdk8s' type checks use global symbols, so such a chart is
 * accepted, but each copy's synth only renders its own lazy values, and the app fails deep inside cdk8s with
 * "can't render non-simple object of type 'Lazy'". Checked once per chart.
 */
export function assertOneCdk8s(scope: IConstruct, id: string): void {
  const chart = Chart.of(scope);
  if (SAME_COPY.has(chart)) return;
  if (Chart.prototype.isPrototypeOf(chart)) {
    SAME_COPY.add(chart);
    return;
  }
  const theirs = cdk8sDirOf((c) => c !== Chart && (c as { prototype?: object }).prototype?.isPrototypeOf(chart) === true) ?? 'another copy';
  const ours = cdk8sDirOf((c) => c === Chart) ?? 'this library\'s copy';
  throw new IstioConfigError(`${scope.node.path}/${id}`, undefined, [{
    problem: `the chart '${chart.node.path}' comes from a second copy of cdk8s (${theirs}), not the one cdk8s-istio uses (${ours}):`
      + ' the two copies cannot render each other\'s values',
    fix: 'Keep one cdk8s in node_modules: make cdk8s a peerDependency of the package that brings its own'
      + ' (e.g. a file: dependency), then reinstall or run `npm dedupe`.',
  }]);
}
