import { allowWidenedAnalyzer } from './allow-widened';
import { routedButDeniedAnalyzer } from './routed-denied';
import { Analyzer } from '../../analysis/analyzer';

export { allowWidenedAnalyzer, concretePath } from './allow-widened';
export { intentAnalyzer, IntentInput } from './intents';
export { routedButDeniedAnalyzer } from './routed-denied';

/** The checks of what the mesh does (CIS5010, CIS5011), run with the analysis on its index; they use the behaviour model. */
export const BEHAVIOUR_ANALYZERS: readonly Analyzer[] = [routedButDeniedAnalyzer, allowWidenedAnalyzer];
