import { Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { IstioChecks } from './app-checks';
import { errorsOf, formatFinding, warningsOf } from './check-all';
import { AccessExpectation, expectAccess, expectRoute, RouteExpectation } from './expectations';
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
 *   new VirtualService(chart, 'reviews', { hosts: ['reviews'] }).addHttpRoute({ route: [{ destination: Destination.host('reviews') }] });
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

  /**
   * Access questions about the app `scope` belongs to, answered by the behaviour model:
   * `IstioTesting.expectAccess(app).from('shop/frontend').to('shop/orders:8080').get('/api/orders').toBeAllowed()`.
   */
  public static expectAccess(scope: IConstruct): AccessExpectation {
    return expectAccess(scope);
  }

  /** Routing questions about the app `scope` belongs to: `IstioTesting.expectRoute(app).from('shop/frontend').to('reviews').toRouteTo(...)`. */
  public static expectRoute(scope: IConstruct): RouteExpectation {
    return expectRoute(scope);
  }

  /** Every finding about the chart's objects (suppressed ones included), without failing. */
  public static findings(chart: Chart): Finding[] {
    IstioChecks.enable(chart);
    return IstioChecks.findings(chart);
  }

  private constructor() {}
}
