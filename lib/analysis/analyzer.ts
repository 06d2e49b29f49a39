import { AnalysisContext } from './context';

/** One check over the whole set of objects. */
export interface Analyzer {
  /** Istio's analyzer name where it mirrors one (e.g. `virtualservice.GatewayAnalyzer`), else ours (`cdk8s-istio.*`). */
  readonly name: string;
  /** What it checks. */
  readonly description: string;
  /** The message codes it can report. */
  readonly codes: readonly string[];
  /** Runs the check, reporting into the context. */
  analyze(ctx: AnalysisContext): void;
}
