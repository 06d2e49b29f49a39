// Synthesizes the two-cluster mesh into dist/platform/<cluster>/<Kind>.<name>.k8s.yaml:
//   MESH_CERTS_DIR=path/to/certs npx ts-node --transpile-only examples/platform/main.ts
// One file per object, because `istioctl install -f` takes one IstioOperator per file. Then, per
// cluster: `istioctl install -f IstioOperator.control-plane.k8s.yaml` and `-f IstioOperator.eastwest.k8s.yaml`,
// and apply the rest with kubectl or your GitOps tool. Remote secrets (istioctl create-remote-secret) are
// created out of band: they hold credentials of the live clusters.
import { App, YamlOutputType } from 'cdk8s';
import { buildPlatform } from './platform';

const certsDir = process.env.MESH_CERTS_DIR;
if (!certsDir) {
  process.stderr.write('MESH_CERTS_DIR is not set: no cacerts Secrets (clusters will not trust each other until you add them).\n');
}
const app = new App({ outdir: 'dist/platform', yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
buildPlatform(app, { certsDir });
app.synth();
