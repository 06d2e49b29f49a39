import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { DestinationRule, disableSynthOnce } from '../../lib';
import { stringifyAsCdk8s, withFastYaml } from '../../lib/core/yaml-output';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cdk8sYaml: typeof import('yaml') = require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));

/** cdk8s's own writer, whatever the test runs inside. */
const CDK8S_STRINGIFY = Yaml.stringify;
const cdk8sBytes = (...docs: unknown[]): string => CDK8S_STRINGIFY.call(Yaml, ...docs);

/** Strings yaml writes by special rules: YAML 1.1 types, indicators, document markers, quotes, breaks, long keys. */
const SPECIAL = ['yes', 'No', 'on', 'OFF', 'y', 'N', 'true', 'null', 'Null', '~', '', '1:20', '0x1F', '0o7', '012', '0b101', '1_000', '.inf', '-.NaN',
  '+1', '-1', '1.', '.5', '1e3', '0.1e+3', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '12:30:00', '<<', '=', '-', '?', '-a', '? a', '---',
  '...', '--- a', '...a', '%YAML', 'a\n---', 'a: b', 'a:', 'a #b', '#a', '&a', '*a', '!a', '|', '>', '@', '`', '"', '\'', 'it\'s', 'a"b', ' a',
  'a ', '\t', 'a\tb', 'a\nb', 'a\n', '\n', 'a\n\nb\n', 'é', '日本', '\u0085', '\u2028', '\x7f', '\ud800', 'a'.repeat(1100), 'x/y.z-w',
  '/healthz', 'cluster.local/ns/a/sa/b', 'https://a.b/c?d=e', '*.example.com', '[a]', '{a}', 'a,b', '80', '8080'];

const strings = fc.oneof(fc.constantFrom(...SPECIAL), fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[A-Za-z0-9_./:# -]{0,12}$/));
const scalars = fc.oneof(strings, fc.integer(), fc.double(), fc.boolean(),
  fc.constantFrom(null, undefined, -0, 1e21, 5e-7, 2 ** 64, Number.MAX_SAFE_INTEGER));
const { value: values } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalars, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(strings, tie('value'), { maxKeys: 4 }),
}));

describe('the fast YAML writer gives cdk8s\'s bytes (issue 21)', () => {
  test('for any JSON data: scalars of every type and style, nesting, empty collections, undefined', () => {
    fc.assert(fc.property(fc.array(fc.oneof(values, fc.constant(undefined)), { maxLength: 3 }), (docs) => {
      expect(stringifyAsCdk8s(...docs)).toBe(cdk8sBytes(...docs));
    }), { numRuns: 1500 });
  });

  test.each([
    ['an object met twice (yaml writes an anchor)', (() => {
      const shared = { z: ['a'] };
      return { a: shared, b: [shared] };
    })(), '&a1'],
    ['a document marker nested (quoted or not by where it stands)', { a: { '---': 0, 'b': ['...x', '%y'] } }, '---: 0'],
    ['a multi-line string (a block scalar)', { data: { 'config.yaml': 'a: 1\nb:\n  - c\n' } }, '|'],
    ['a Date', { at: new Date(0) }, '1970-01-01'],
    ['a class instance', { spec: new (class Thing { public readonly kind = 'Thing'; })() }, 'kind: Thing'],
    ['a key over 1,024 characters (an explicit key)', { ['k'.repeat(1100)]: 1 }, '? '],
    ['a top-level scalar', 'just a string', 'just a string'],
  ])('%s: yaml writes that document', (_name, doc, mark) => {
    const expected = cdk8sBytes({ before: 1 }, doc, undefined, { after: [1] });
    expect(expected).toContain(mark);
    expect(stringifyAsCdk8s({ before: 1 }, doc, undefined, { after: [1] })).toBe(expected);
  });

  test('for every object of the examples\' output and Istio\'s valid examples, each file as one call', () => {
    const files = [...yamlFiles(path.join(ROOT, 'examples')).filter((f) => f.includes(`${path.sep}dist${path.sep}`)),
      ...yamlFiles(path.join(ROOT, 'data', 'istio', '1.30.3', 'valid-examples'))];
    expect(files.length).toBeGreaterThan(60);
    let objects = 0;
    for (const file of files) {
      const docs = parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS()).filter((d) => d !== null);
      objects += docs.length;
      expect([file, stringifyAsCdk8s(...docs)]).toEqual([file, cdk8sBytes(...docs)]);
    }
    expect(objects).toBeGreaterThan(200);
  });
});

describe('synth writes with it (issue 21)', () => {
  /** An app with Istio resources, noting whether cdk8s's `Yaml.stringify` is replaced while it validates. */
  function build(fail = false): { app: App; replaced: boolean[] } {
    const replaced: boolean[] = [];
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    for (let i = 0; i < 20; i++) new DestinationRule(chart, `r${i}`, { host: `r${i}`, subsets: [{ name: 'v1', labels: { version: 'v1' } }] });
    new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { yes: 'on', text: 'a\nb\n' } });
    new Construct(chart, 'probe').node.addValidation({
      validate: () => {
        replaced.push(Yaml.stringify !== CDK8S_STRINGIFY);
        return fail ? ['not like this'] : [];
      },
    });
    return { app, replaced };
  }

  test('yaml writes only what the writer does not, and cdk8s\'s writer is back afterwards', () => {
    build().app.synthYaml(); // the scalars' first asks
    const { app, replaced } = build();
    const yamlStringify = jest.spyOn(cdk8sYaml, 'stringify');
    const written = app.synthYaml();
    const calls = yamlStringify.mock.calls.map(([doc]) => doc);
    yamlStringify.mockRestore();
    expect(replaced).toEqual([true]);
    expect(Yaml.stringify).toBe(CDK8S_STRINGIFY);
    // 21 objects; only the ConfigMap, with its multi-line string, goes to yaml's document model.
    expect(calls).toEqual([expect.objectContaining({ kind: 'ConfigMap' })]);
    expect(written).toContain('  text: |\n    a\n    b\n  "yes": "on"\n');
    const own = build().app;
    disableSynthOnce(own);
    expect(written).toBe(own.synthYaml());
  });

  test('disableSynthOnce leaves cdk8s\'s writer in place', () => {
    const { app, replaced } = build();
    disableSynthOnce(app);
    app.synthYaml();
    expect(replaced.every((r) => !r)).toBe(true);
  });

  test('cdk8s\'s writer is back when the synth throws, and a nested call keeps the outer writer', () => {
    const { app } = build(true);
    expect(() => app.synthYaml()).toThrow('not like this');
    expect(Yaml.stringify).toBe(CDK8S_STRINGIFY);
    withFastYaml(() => {
      const outer = Yaml.stringify;
      expect(outer).not.toBe(CDK8S_STRINGIFY);
      withFastYaml(() => expect(Yaml.stringify).toBe(outer));
      expect(Yaml.stringify).toBe(outer);
    });
    expect(Yaml.stringify).toBe(CDK8S_STRINGIFY);
  });
});

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}
