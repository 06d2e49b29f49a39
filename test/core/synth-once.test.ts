import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { CanaryRoute, DestinationRule, disableSynthOnce, enableSynthOnce, IstioChecks, synthYamlOnce } from '../../lib';
import * as checks from '../../lib/checks/check-all';

/** `app` synthesizing as cdk8s alone does: walked per chart, written by yaml's document model. */
function cdk8sOwn<T extends App>(app: T): T {
  disableSynthOnce(app);
  return app;
}

/** An app with what changes cdk8s's order: chart and object dependencies across charts, a nested chart, checked L2 objects. */
function buildApp(props: AppProps = {}): App {
  const app = new App(props);
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
    const expected = cdk8sOwn(buildApp()).synthYaml();
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
    expect(synthYamlOnce(build())).toBe(cdk8sOwn(build()).synthYaml());
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
      cdk8sOwn(build()).synthYaml();
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

/** How often `app.synthYaml()` walks the app. */
function walks(app: App): number {
  const findAll = jest.spyOn(app.node, 'findAll');
  app.synthYaml();
  const count = findAll.mock.calls.length;
  findAll.mockRestore();
  return count;
}

/** Every file under `dir`, by relative path, with its text. */
function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
    }
  }
  return out;
}

describe('enableSynthOnce (issue 21)', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-once-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test.each([
    ['FILE_PER_CHART', YamlOutputType.FILE_PER_CHART],
    ['FILE_PER_APP', YamlOutputType.FILE_PER_APP],
    ['FILE_PER_RESOURCE', YamlOutputType.FILE_PER_RESOURCE],
    ['FOLDER_PER_CHART_FILE_PER_RESOURCE', YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE],
  ])('app.synth() writes the same files, byte for byte, with %s', (name, yamlOutputType) => {
    const plain = cdk8sOwn(buildApp({ outdir: path.join(tmp, name, 'cdk8s'), yamlOutputType }));
    plain.synth();
    const once = buildApp({ outdir: path.join(tmp, name, 'once'), yamlOutputType });
    enableSynthOnce(once);
    once.synth();
    const expected = filesOf(plain.outdir);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(filesOf(once.outdir)).toEqual(expected);
  });

  test('app.synthYaml() gives the same bytes, and a chart class that overrides toJson() keeps it', () => {
    const app = buildApp();
    enableSynthOnce(app);
    expect(app.synthYaml()).toBe(cdk8sOwn(buildApp()).synthYaml());
    class Patched extends Chart {
      public toJson(): any[] {
        return super.toJson().map((o) => ({ ...o, metadata: { ...o.metadata, labels: { patched: 'yes' } } }));
      }
    }
    const patched = new App();
    new ApiObject(new Patched(patched, 'p'), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    enableSynthOnce(patched);
    expect(patched.synthYaml()).toContain('patched: "yes"');
  });

  test('the app is walked once per call instead of once per chart, and the checks run once', () => {
    const charts = buildApp().charts.length;
    expect(charts).toBe(4);
    // cdk8s walks the app before rendering and for `app.charts`, then once per chart (App._synthChart); the checks
    // read it too. The opt-in drops the per-chart walks and adds one to find the charts.
    const before = walks(cdk8sOwn(buildApp()));
    const app = cdk8sOwn(buildApp());
    enableSynthOnce(app);
    const findings = jest.spyOn(checks, 'checkAll');
    expect(walks(app)).toBe(before - charts + 1);
    expect(findings).toHaveBeenCalledTimes(1);
    findings.mockRestore();
  });

  test('errors are cdk8s\'s, and the charts are cdk8s\'s again after the call, also when it throws', () => {
    const build = (): App => {
      const app = new App();
      const chart = new Chart(app, 'c');
      new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      new Construct(chart, 'odd').node.addValidation({ validate: () => ['not like this'] });
      return app;
    };
    const app = build();
    enableSynthOnce(app);
    expect(() => app.synthYaml()).toThrow('Validation failed with the following errors:\n  [c/odd] not like this');
    expect(() => cdk8sOwn(build()).synthYaml()).toThrow('Validation failed with the following errors:\n  [c/odd] not like this');
    const [chart] = app.charts;
    expect(Object.prototype.hasOwnProperty.call(chart, 'toJson')).toBe(false);
    expect(chart.toJson).toBe(Chart.prototype.toJson);
  });
});

describe('apps with Istio resources synthesize once by default (issue 21)', () => {
  test('the first Istio resource turns it on: the per-chart walks go, the bytes stay', () => {
    const cdk8s = walks(cdk8sOwn(buildApp()));
    expect(walks(buildApp())).toBe(cdk8s - 4 + 1);
    expect(buildApp().synthYaml()).toBe(cdk8sOwn(buildApp()).synthYaml());
  });

  test('an app without Istio resources is cdk8s\'s own until enableSynthOnce', () => {
    const build = (): App => {
      const app = new App();
      for (const name of ['a', 'b', 'c']) new ApiObject(new Chart(app, name), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
      return app;
    };
    const plain = walks(build());
    const once = build();
    enableSynthOnce(once);
    expect(walks(once)).toBe(plain - 3 + 1);
  });

  test('disableSynthOnce is kept when called before the first Istio resource, and enableSynthOnce undoes it', () => {
    const app = new App();
    disableSynthOnce(app);
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new Chart(app, 'd');
    new DestinationRule(chart, 'r', { host: 'r' });
    const perChart = walks(app);
    enableSynthOnce(app);
    expect(walks(app)).toBe(perChart - 2 + 1);
    disableSynthOnce(app);
    expect(walks(app)).toBe(perChart);
  });
});
