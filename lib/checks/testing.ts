import { Chart, Testing } from 'cdk8s';
import { IstioChecks } from './app-checks';
import { errorsOf, formatFinding, warningsOf } from './check-all';
import { Finding } from '../vocab/finding';

/** Options of `IstioTesting.synth`. */
export interface IstioTestingSynthOptions {
  /**
   * Whether warnings are allowed (only errors then fail).
   * @default false
   */
  readonly allowWarnings?: boolean;
}

/**
 * Jest helpers: synthesize a chart and fail on Istio findings.
 *
 * @example
 * test('routes reviews', () => {
 *   const chart = Testing.chart();
 *   new VirtualService(chart, 'reviews', { ... });
 *   const manifests = IstioTesting.synth(chart); // throws, listing every finding, if any
 *   expect(manifests[0].spec.hosts).toEqual(['reviews']);
 * });
 */
export class IstioTesting {
  /**
   * The chart's manifests, like `Testing.synth`, after checking them: throws an error listing every
   * error (and warning, unless allowed) that the Istio checks report about the chart's objects.
   */
  public static synth(chart: Chart, options: IstioTestingSynthOptions = {}): any[] {
    const findings = IstioTesting.findings(chart);
    const failing = [...errorsOf(findings), ...(options.allowWarnings ? [] : warningsOf(findings))];
    if (failing.length > 0) {
      throw new Error(`Istio checks found ${failing.length} finding${failing.length === 1 ? '' : 's'} in chart ${chart.node.path}:\n${failing.map((f) => `  ${f.severity}: ${formatFinding(f)}`).join('\n')}`);
    }
    return Testing.synth(chart);
  }

  /** Every finding about the chart's objects (suppressed ones included), without failing. */
  public static findings(chart: Chart): Finding[] {
    IstioChecks.enable(chart);
    return IstioChecks.findings(chart);
  }

  private constructor() {}
}
