import { App } from 'cdk8s';
import { CanaryChart } from './canary';
import { ExternalServicesChart } from './external-service';
import { FaultInjectionChart } from './fault-injection';
import { IngressChart } from './ingress';
import { JwtChart } from './jwt';
import { StrictMtlsChart } from './strict-mtls';
import { ZeroTrustChart } from './zero-trust';

/** One chart per L3 pattern: `npx cdk8s synth --app 'npx ts-node --transpile-only examples/patterns/main.ts'`. */
export function patternCharts(app: App): void {
  new CanaryChart(app, 'canary');
  new JwtChart(app, 'jwt');
  new StrictMtlsChart(app, 'strict-mtls');
  new ExternalServicesChart(app, 'external-services');
  new IngressChart(app, 'ingress');
  new FaultInjectionChart(app, 'fault-injection');
  new ZeroTrustChart(app, 'zero-trust');
}

if (require.main === module) {
  const app = new App();
  patternCharts(app);
  app.synth();
}
