// `npx cdk8s synth` (in this folder) runs this: it writes the GitOps folder `dist/` (CDK8S_OUTDIR).
import { SHOP_OUTPUT, shopApp } from './app';
import { synthGitOps } from '../../lib/gitops';

synthGitOps(shopApp(), SHOP_OUTPUT);
