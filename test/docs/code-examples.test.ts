import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// Every TypeScript example of the README and of the API reference (docs/api, the JSDoc `@example`s) must compile
// against the library as it is: a user copies them first.
const ROOT = path.resolve(__dirname, '../..');

/** The ```ts blocks of a markdown text; with `examplesOnly`, only those right under an "Example" heading. */
function tsBlocks(markdown: string, examplesOnly: boolean): string[] {
  const re = examplesOnly ? /#### Example\n\n```ts\n([\s\S]*?)```/g : /```ts\n([\s\S]*?)```/g;
  return [...markdown.matchAll(re)].map((m) => m[1]);
}

// The names an example may use without defining them: the scope it is written in.
const CONTEXT = `
declare const app: App;
declare const chart: Chart;
declare const productpageSa: kplus.ServiceAccount;
declare const frontendSa: kplus.ServiceAccount;
declare const ratings: DestinationRule;
declare const deployment: kplus.Deployment;
declare const productpageDeployment: kplus.Deployment;
declare const iop: IstioOperator;
declare const vs: VirtualService;
declare const reviews: DestinationRule;
declare const legacyPeerAuthentication: PeerAuthentication;
declare const gateway: KubernetesGateway;
declare const cart: kplus.Service;
`;

function snippetSource(code: string): string {
  if (/^import /m.test(code)) return code.replace(/from 'cdk8s-istio'/g, `from '${path.join(ROOT, 'lib')}'`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const names = Object.keys(require('../../lib')).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  // An example of a props object is an object literal: checked as an expression.
  const body = code.trimStart().startsWith('{') ? `void (\n${code.trim().replace(/;$/, '')}\n);` : code;
  return 'import { App, Chart, Duration, Testing } from \'cdk8s\';\nimport * as kplus from \'cdk8s-plus-33\';\n'
    + `import { ${names.join(', ')} } from '${path.join(ROOT, 'lib')}';\n${CONTEXT}\nexport function example(): void {\n${body}\n}\n`;
}

test('every TypeScript example in README.md and docs/api compiles', () => {
  const snippets = [
    ...tsBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), false).map((code, i) => ({ where: `README.md #${i + 1}`, code })),
    ...tsBlocks(fs.readFileSync(path.join(ROOT, 'docs/api/README.md'), 'utf8'), true).map((code, i) => ({ where: `docs/api example #${i + 1}`, code })),
  ];
  expect(snippets.length).toBeGreaterThan(30);
  const files = new Map(snippets.map((s, i) => [path.join(ROOT, 'test', 'docs', `__example${i}.ts`), { ...s, source: snippetSource(s.code) }]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    skipLibCheck: true,
    noUnusedLocals: false,
    types: ['jest'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => files.get(f)?.source ?? readFile(f);
  host.getSourceFile = (f, v, onError, create) => {
    const file = files.get(f);
    return file ? ts.createSourceFile(f, file.source, v) : getSourceFile(f, v, onError, create);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  // Only the examples' own diagnostics: checking every file of the library again would be the typecheck's job.
  const problems = [...files.keys()]
    .map((f) => program.getSourceFile(f)!)
    .flatMap((sf) => [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)])
    .map((d) => `${files.get(d.file!.fileName)!.where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  expect(problems).toEqual([]);
}, 120_000);
