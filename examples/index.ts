import * as path from 'path';
import { App, YamlOutputType } from 'cdk8s';
import { bookinfoApp } from './bookinfo/app';
import { bookinfoAmbientApp } from './bookinfo-ambient/app';
import { bookinfoGatewayApiApp } from './bookinfo-gateway-api/chart';
import { patternCharts } from './patterns/main';
import { buildPlatform } from './platform/platform';
import { GitOpsOutputOptions } from '../lib/gitops';

/** An example app and how its output folder is laid out. */
export interface Example {
  /** Folder name under examples/ and under the synth output. */
  readonly name: string;
  /** Builds the app (a fresh one each call). */
  readonly app: () => App;
  /** The GitOps layout of its output. */
  readonly output: GitOpsOutputOptions;
}

/** The examples whose output is committed under `examples/<name>/dist` (kept fresh by a test). */
export const EXAMPLES: readonly Example[] = [
  { name: 'bookinfo', app: () => bookinfoApp(), output: { kustomization: true, picture: 'svg' } },
  { name: 'bookinfo-ambient', app: () => bookinfoAmbientApp(), output: { kustomization: true } },
  { name: 'bookinfo-gateway-api', app: () => bookinfoGatewayApiApp(), output: { kustomization: true } },
  {
    name: 'patterns',
    app: () => {
      const app = new App();
      patternCharts(app);
      return app;
    },
    output: { layout: 'per-namespace', kustomization: true, picture: 'svg' },
  },
];

/** Where an example's output is committed. */
export function committedOutputDir(example: Example): string {
  return path.join(__dirname, example.name, 'dist');
}

/**
 * The two-cluster platform example: one file per object (istioctl installs one IstioOperator per file),
 * so it is written with cdk8s's own per-resource layout rather than a GitOps layout.
 */
export function platformApp(outdir: string): App {
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  buildPlatform(app, {});
  return app;
}
