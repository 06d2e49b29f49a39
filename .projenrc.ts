import { JsonFile, javascript, typescript } from 'projen';

// TypeScript pinned: ts-jest 29 supports TypeScript < 7, and `npm install typescript` now gives 7.x.
const TYPESCRIPT_VERSION = '5.9.3';

const project = new typescript.TypeScriptProject({
  name: 'cdk8s-istio',
  description: 'Istio resources for cdk8s: generated L1 classes, typed L2 constructs, L3 patterns, and synth-time checks against Istio\'s own rules.',
  license: 'Apache-2.0',
  copyrightOwner: 'cdk8s-istio developers',
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  // The CEL library is an ES module that Node loads with require() from 20.19 on.
  minNodeVersion: '20.19.0',
  typescriptVersion: TYPESCRIPT_VERSION,

  // Our source is `lib/`, the generated L1 classes are `imports/`; both compile into `build/`.
  srcdir: 'lib',
  libdir: 'build',
  entrypoint: 'build/lib/index.js',
  entrypointTypes: 'build/lib/index.d.ts',
  testdir: 'test',
  tsconfig: {
    compilerOptions: {
      rootDir: '.',
      outDir: 'build',
      skipLibCheck: true,
      // No source maps in the package: inline sources were 4.7 MB, slowed every require(), and pointed
      // stack traces at lib/*.ts files the package does not have; traces point at build/*.js instead.
      inlineSourceMap: false,
      inlineSources: false,
    },
    include: ['lib/**/*.ts', 'imports/**/*.ts'],
  },
  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    compilerOptions: {
      rootDir: '.',
      skipLibCheck: true,
    },
    include: ['.projenrc.ts', 'lib/**/*.ts', 'imports/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
  },

  peerDeps: ['cdk8s@^2.70.106', 'constructs@^10.8.1'],
  deps: [
    // Graphviz (WebAssembly, no native build, no network) lays out `cdk8s-istio graph`'s SVG: see lib/graph/README.md.
    '@viz-js/viz@^3.31.0',
    'ajv@^8.20.0',
    '@marcbachmann/cel-js@^8.0.0',
    'js-yaml@^4.3.2',
    're2js@^2.10.0',
    'yaml@^2.9.1',
  ],
  devDeps: [
    // Tests check that the SVG the graph draws is well-formed XML.
    '@xmldom/xmldom@^0.9.12',
    '@types/js-yaml@^4.0.9',
    'cdk8s-cli@^2.207.60',
    'cdk8s-plus-33@^2.5.57',
    'fast-check@^4.10.2',
    'ts-node@^10.9.2',
    // Derives the IstioOperator JSON schema from its TypeScript types (scripts/gen-operator-schema.ts).
    'ts-json-schema-generator@^2.10.0',
    'typedoc@^0.28.20',
    'typedoc-plugin-markdown@^4.14.1',
  ],
  bin: { 'cdk8s-istio': 'bin/cdk8s-istio' },

  // CI is `.ci/run`, not a hosted workflow; no release pipeline yet.
  github: false,
  release: false,
  buildWorkflow: false,
  depsUpgrade: false,
  pullRequestTemplate: false,
  sampleCode: false,
  prettier: false,
  eslint: true,
  eslintOptions: {
    dirs: ['lib'],
    tsconfigPath: './tsconfig.dev.json',
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    ignorePatterns: ['imports/**', 'build/**', 'dist/**', '*.d.ts', '*.js', 'node_modules/**'],
  },

  tsJestOptions: {
    // .js too: see transformIgnorePatterns below.
    transformPattern: '^.+\\.[tj]sx?$',
    transformOptions: { tsconfig: typescript.TsJestTsconfig.fromFile('tsconfig.jest.json') },
  },
  jest: true,
  jestOptions: {
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    passWithNoTests: false,
    junitReporting: false,
    // The JSON result feeds the `N passed, N failed` line of `.ci/run`.
    extraCliOptions: ['--json', '--outputFile=test-reports/jest-results.json'],
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      collectCoverage: false,
      // One worker per core: jest's default (cores - 1) runs the suites in one process on CI's 2 cores.
      maxWorkers: '100%',
      // @marcbachmann/cel-js ships only ES modules: ts-jest turns them into CommonJS for jest
      // (Node itself loads them with require() since 20.19).
      transformIgnorePatterns: ['/node_modules/(?!@marcbachmann/cel-js/)'],
    },
  },
  // '/node_modules' too: a worktree may link node_modules rather than hold a folder.
  gitignore: ['/node_modules', '/test-reports/', '/dist/', '/bench/results/', '*.cpuprofile', '/.ci/out/'],
});

// The npm package is build/ (with the generated schemas and validators), bin/ and the README.
project.npmignore?.exclude('/data/', '/examples/', '/bench/', '/scripts/', '/docs/', '/imports/', '/test-reports/', '/tsconfig.jest.json', '/cdk8s.yaml', '/.ci/');

// What users import: the constructs and checks at `cdk8s-istio`, the generated L1 classes at
// `cdk8s-istio/l1` (most of the code, so the main entry loads them only on use, issue 21).
project.package.addField('exports', {
  '.': { types: './build/lib/index.d.ts', default: './build/lib/index.js' },
  './l1': { types: './build/lib/l1.d.ts', default: './build/lib/l1.js' },
  './package.json': './package.json',
});

// Type-checking the 1 MB generated networking file in every jest worker is slow:
// ts-jest only transpiles (isolatedModules), and `typecheck` runs tsc once over everything.
new JsonFile(project, 'tsconfig.jest.json', {
  obj: { extends: './tsconfig.dev.json', compilerOptions: { isolatedModules: true, allowJs: true } },
});
project.addTask('typecheck', {
  description: 'Type-check lib, imports, tests, examples and scripts once (tests only transpile).',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.prependSpawn(project.tasks.tryFind('typecheck')!);
project.testTask.prependExec('mkdir -p test-reports');
project.tasks.tryFind('test:update')?.prependExec('mkdir -p test-reports');

// Lint tests, examples and scripts with the dev tsconfig (the project service would only find tsconfig.json).
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');

// Layers point down (README "Layers"): each folder of lib/ imports only itself and the folders listed here,
// and no import cycle. The rule's list is the layer map; a new folder gets a row.
const L2 = ['networking', 'security', 'telemetry', 'gateway-api', 'ambient'];
const CORE_DATA = ['core/api-group.ts', 'core/istio-version.ts', 'core/dataplane.ts', 'core/gateway-api.ts']; // plain data the checks may use
const CHECKED = [...CORE_DATA, 'vocab'];
const LAYERS: Record<string, string[]> = {
  vocab: [],
  input: ['vocab'], // YAML loading, for the CLI and the diff
  core: ['vocab'],
  ...Object.fromEntries(L2.map((l2) => [l2, ['core', 'vocab', 'l1.ts']])),
  patterns: [...L2, 'core', 'vocab', 'l1.ts'],
  platform: [...L2, 'core', 'vocab', 'l1.ts'],
  validation: CHECKED,
  analysis: CHECKED,
  model: ['validation', 'analysis', ...CHECKED], // the behaviour model leaves out what validation rejects, reads objects like the analysis
  checks: ['validation', 'analysis', 'model', 'core', 'vocab'],
  // The picture of a mesh: built from the objects, the checks' findings and the model's access answers.
  graph: ['checks', 'model', 'analysis', 'core', 'vocab'],
  gitops: ['graph', 'checks', 'validation', 'analysis', 'model', 'core', 'vocab', 'input'],
};
eslintrc?.addOverride('rules.import/no-cycle', ['error', { ignoreExternal: true }]);
eslintrc?.addOverride('rules.import/no-restricted-paths', ['error', {
  zones: Object.entries(LAYERS).map(([layer, below]) => {
    const allowed = below.filter((p) => p !== layer);
    return {
      target: `./lib/${layer}`,
      from: './lib',
      except: [layer, ...allowed].map((p) => `./${p}`),
      message: `lib/${layer} may import only ${allowed.length ? allowed.join(', ') : 'nothing else of lib'} (layers point down; see README "Layers").`,
    };
  }),
}]);

// The repository is self-contained: the CRDs and examples it builds and tests from live in data/
// (with their licenses). ../shared beside the checkout is only where updates come from.
project.addTask('update-data', {
  description: 'Copy Istio\'s CRDs and examples and the Gateway API CRDs (with their licenses) from ../shared into data/.',
  exec: 'rm -rf data/istio data/gateway-api && mkdir -p data && cp -R ../shared/istio data/istio && cp -R ../shared/gateway-api data/gateway-api && chmod -R u+w data',
});

project.addTask('import-istio', {
  description: 'Regenerate imports/ from Istio CRDs: a version under data/istio (default 1.30.3), a file path or a URL.',
  exec: 'ts-node --transpile-only scripts/import-istio.ts',
  receiveArgs: true,
});

// The generated schemas are read with require() on first use (only the targeted release is loaded),
// so tsc does not copy them: the build does, and precompiles their validators (start-up is then
// loading code, not compiling schemas).
project.compileTask.exec('mkdir -p build/lib/validation/schemas && cp lib/validation/schemas/*.json build/lib/validation/schemas/');
project.compileTask.exec('ts-node --transpile-only scripts/gen-validators.ts');
// The package's JavaScript without comments (the .d.ts keep the docs): a tenth of the unpacked size (issue 19).
project.compileTask.exec('ts-node --transpile-only scripts/strip-comments.ts build/lib build/imports');
// `require('cdk8s-istio')` loads the constructs; the checks, GitOps, model and graph folders load on first
// use of one of their names (issue 21): the built entry's exports of those folders become getters.
project.compileTask.exec('ts-node --transpile-only scripts/lazy-entry.ts');

// The IstioOperator schema is generated from its TypeScript types (lib/platform/istio-operator-spec.ts) and
// committed; it is read on first use like the CRD schemas, so the build copies it too.
project.compileTask.exec('cp lib/platform/istio-operator-schema.json build/lib/platform/');
project.addTask('gen-operator-schema', {
  description: 'Regenerate lib/platform/istio-operator-schema.json from the IstioOperator types (lib/platform/istio-operator-spec.ts).',
  exec: 'ts-node --transpile-only scripts/gen-operator-schema.ts',
  receiveArgs: true,
});

project.addTask('gen-schemas', {
  description: 'Regenerate lib/validation/schemas/ (compact JSON schemas and CEL rules) from the Istio CRDs under data/istio.',
  exec: 'ts-node --transpile-only scripts/gen-schemas.ts',
  receiveArgs: true,
});

// API reference: one Markdown file (docs/api/README.md), regenerated by `npx projen docgen`.
project.addTask('docgen', {
  description: 'Generate the API reference (docs/api) from the JSDoc of lib/.',
  exec: 'typedoc --plugin typedoc-plugin-markdown --entryPoints lib/index.ts --tsconfig tsconfig.json --out docs/api '
    + '--readme none --excludePrivate --excludeInternal --excludeExternals --disableSources --hidePageHeader --hideBreadcrumbs '
    + '--outputFileStrategy modules --logLevel Error',
});

// Benchmarks are tasks, never timed tests: they report numbers for bench/README.md.
// They measure the build, as an npm install gets it (precompiled validators), so they compile first.
const bench = project.addTask('bench', {
  description: 'Synth and check cost of generated meshes (default 100,1000,5000 services): plain YAML, L1, L2/L3, L2/L3 with checks; then the behaviour model (1,000 questions, 5,000 services).',
});
bench.spawn(project.compileTask);
bench.exec('ts-node --transpile-only bench/mesh.ts', { receiveArgs: true });
bench.exec('ts-node --transpile-only bench/import.ts');
bench.exec('ts-node --transpile-only bench/cli.ts');
bench.exec('ts-node --transpile-only bench/input.ts');
bench.exec('ts-node --transpile-only bench/model.ts');
bench.exec('ts-node --transpile-only bench/behaviour.ts');
bench.exec('ts-node --transpile-only bench/graph.ts');
bench.exec('ts-node --transpile-only bench/gateway-api.ts');

project.addTask('synth-examples', {
  description: 'Refresh the committed output of the examples (examples/<example>/dist); `npx cdk8s synth` writes them all to dist/.',
  exec: 'ts-node --transpile-only examples/main.ts --committed',
});

project.synth();
