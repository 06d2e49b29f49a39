export * from './model';
export { DiffInput, diffObjects } from './diff';
export { DiffPathsOptions, PathsDiffReport, diffPaths } from './files';
export {
  BehaviourDiff, BehaviourSample, DiffBehaviourOptions, FlowAnswer, FlowChange, MAX_REQUESTS_PER_PAIR, RouteAnswer, RouteFlowChange,
  diffBehaviour, hasBehaviourChanges,
} from './behaviour';
export { resourceId } from './identity';
