// The app `npx cdk8s synth` runs (see cdk8s.yaml): every example into dist/<example>/.
// With `--committed`, bookinfo and patterns are written to examples/<example>/dist/ instead: the output
// we commit, as we recommend to users (a test fails when it is stale; `npx projen synth-examples` refreshes it).
import * as path from 'path';
import { EXAMPLES, committedOutputDir, platformApp } from './index';
import { synthGitOps } from '../lib/gitops';

const committed = process.argv.includes('--committed');
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
for (const example of EXAMPLES) {
  synthGitOps(example.app(), { ...example.output, outdir: committed ? committedOutputDir(example) : path.join(outdir, example.name) });
}
if (!committed) platformApp(path.join(outdir, 'platform')).synth();
