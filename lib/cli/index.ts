/* eslint-disable @typescript-eslint/no-require-imports */
import { CliCommand, registerCommand } from './main';

/**
 * A command whose module loads when it runs: `validate` does not load what `diff`, `explain` and `graph`
 * use (the behaviour model, cdk8s), nor they what it uses (issue 21).
 */
function lazyCommand(name: string, summary: string, load: () => CliCommand['run']): void {
  registerCommand({ name, summary, run: (args, io) => load()(args, io) });
}

// In the order `--help` lists them.
lazyCommand('validate', 'check Istio objects in YAML files, one by one (schema, CEL, webhook rules)',
  () => (require('./validate') as typeof import('./validate')).validateCommand);
lazyCommand('analyze', 'analyze a set of YAML files across resources, like istioctl analyze',
  () => (require('./analyze') as typeof import('./analyze')).analyzeCommand);
lazyCommand('diff', 'explain the Istio changes between two sets of YAML (exit 1 when they differ)',
  () => (require('./diff') as typeof import('./diff')).runDiff);
lazyCommand('explain', 'answer who may call whom (access), where a request goes (route) and how it is secured (tls), from YAML files',
  () => (require('./explain') as typeof import('./explain')).explainCommand);
lazyCommand('graph', 'draw the mesh: routes, weights, who may call whom, mTLS and findings (Mermaid, DOT, SVG, HTML)',
  () => (require('./graph') as typeof import('./graph')).runGraph);

export { main } from './main';
