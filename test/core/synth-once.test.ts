import { ApiObject, App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryRoute, DestinationRule, IstioChecks, synthYamlOnce } from '../../lib';
import * as checks from '../../lib/checks/check-all';

/** An app with what changes cdk8s's order: chart and object dependencies across charts, a nested chart, checked L2 objects. */
function buildApp(): App {
  const app = new App();
  const base = new Chart(app, 'base', { namespace: 'shop' });
  const web = new Chart(app, 'web', { namespace: 'shop' });
  const nested = new Chart(web, 'nested', { namespace: 'shop' });
  const late = new Chart(app, 'a-late', { namespace: 'shop' });
  late.addDependency(web);
  const rule = new DestinationRule(base, 'ratings', { metadata: { name: 'ratings' }, host: 'ratings', subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
  const route = new CanaryRoute(web, 'reviews', {
    host: 'reviews', stable: { name: 'stable', labels: { version: 'v1' } }, canary: { name: 'canary', labels: { version: 'v2' } }, canaryWeight: 10,
  });
  route.node.addDependency(rule);
  const cm = new ApiObject(nested, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
  const sa = new ApiObject(web, 'sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web' } });
  sa.node.addDependency(cm);
  new ApiObject(late, 'z', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'z' } });
  new ApiObject(late, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
  return app;
}

describe('synthYamlOnce (issue 21)', () => {
  test('gives app.synthYaml()\'s bytes: order of charts and objects, nested charts, checked L2 objects', () => {
    const expected = buildApp().synthYaml();
    expect(expected).toContain('kind: DestinationRule');
    expect(synthYamlOnce(buildApp())).toBe(expected);
  });

  test('a chart class that overrides toJson() is rendered by it', () => {
    class Patched extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, labels: { patched: 'yes' } } }));
      }
    }
    const build = (): App => {
      const app = new App();
      new ApiObject(new Patched(app, 'p'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      return app;
    };
    expect(synthYamlOnce(build())).toBe(build().synthYaml());
    expect(synthYamlOnce(build())).toContain('patched: "yes"');
  });

  test('validation errors fail it as they fail app.synthYaml(), the Istio checks\' included', () => {
    const build = (): App => {
      const app = new App();
      const chart = new Chart(app, 'c');
      new Construct(chart, 'odd').node.addValidation({ validate: () => ['not like this'] });
      IstioChecks.enable(app);
      new ApiObject(chart, 'vs', { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'vs' }, spec: { hosts: ['r'], bogus: 1 } });
      return app;
    };
    let expected: unknown;
    try {
      build().synthYaml();
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).toMatch(/^Validation failed with the following errors:\n {2}\[\] Istio checks found 2 errors:[^]*CIS1002[^]*\n {2}\[c\/odd\] not like this$/);
    expect(() => synthYamlOnce(build())).toThrow(expected as string);
  });

  test('the checks run once', () => {
    const app = buildApp();
    expect(IstioChecks.isEnabled(app)).toBe(true);
    const findings = jest.spyOn(checks, 'checkAll');
    synthYamlOnce(app);
    expect(findings).toHaveBeenCalledTimes(1);
    findings.mockRestore();
  });
});
