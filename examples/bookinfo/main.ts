// `npx ts-node --transpile-only examples/bookinfo/main.ts` writes dist/bookinfo.k8s.yaml (and runs the Istio checks).
import { bookinfoApp } from './app';

bookinfoApp().synth();
